/** Protocol strings, in one place. */

export const STS_API_VERSION = '2011-06-15';
export const IAM_API_VERSION = '2010-05-08';
export const SIGNING_SERVICE = { sts: 'sts', iam: 'iam' } as const;
export type ServiceName = keyof typeof SIGNING_SERVICE;

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';
export const HEADER_DATE = 'date';
export const HEADER_REQUEST_ID = 'x-amzn-requestid';

/**
 * Past this distance between our clock and AWS's, keyscope signs with AWS's time. AWS refuses a SigV4 signature more
 * than 15 minutes off; correcting from 5 leaves room for the time a request takes and for clocks that drift on.
 */
export const CLOCK_SKEW_LIMIT_MS = 5 * 60 * 1000;

export const DEFAULT_REGION = 'us-east-1';
