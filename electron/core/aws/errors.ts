/**
 * The error catalogue: every code the STS and IAM references name, with what it means for the credential and what
 * to do. Codes we do not know fall back on the HTTP status and never call a key invalid.
 */
import type { AwsFailure, FailureCategory, NetworkFailure, ParseFailure, TimeoutFailure } from '../../../shared/failure.js';
import { scrubSecrets } from './scrub.js';

export { scrubSecrets };

interface CatalogueEntry {
  readonly category: FailureCategory;
  readonly hint: string;
}

const CHECK_CLOCK = 'Set this computer\'s clock automatically (NTP) and try again.';

/** What each AWS error code means here. */
export const ERROR_CATALOGUE: Readonly<Record<string, CatalogueEntry>> = {
  InvalidClientTokenId: {
    category: 'invalid-key',
    hint: 'AWS does not know this access key id: it was deleted, mistyped, or belongs to another partition (China, GovCloud). Check the key id and the region.',
  },
  SignatureDoesNotMatch: {
    category: 'invalid-secret',
    hint: 'The key id exists but the secret does not match it: check the secret access key for a typo or a missing character.',
  },
  IncompleteSignature: { category: 'input', hint: 'The request was not fully signed: check that the key id and secret are complete.' },
  MissingAuthenticationToken: { category: 'input', hint: 'No credential was sent: give an access key id and secret.' },
  ExpiredToken: { category: 'expired', hint: 'These temporary credentials have expired: get new ones (assume the role or get a session token again).' },
  ExpiredTokenException: { category: 'expired', hint: 'The web identity or SAML token has expired: get a fresh token from the identity provider.' },
  RequestExpired: { category: 'clock-skew', hint: `The request arrived too late or too early for AWS. ${CHECK_CLOCK}` },
  AccessDenied: { category: 'access-denied', hint: 'The credential works, but its policies do not allow this action.' },
  AccessDeniedException: { category: 'access-denied', hint: 'The credential works, but its policies do not allow this action.' },
  InternalFailure: { category: 'service', hint: 'AWS failed to process the request: try again in a moment.' },
  ServiceUnavailable: { category: 'service', hint: 'The service is unavailable for now: try again in a moment.' },
  ServiceFailure: { category: 'service', hint: 'IAM failed to process the request: try again in a moment.' },
  Throttling: { category: 'throttled', hint: 'AWS is limiting the request rate: wait a little and try again.' },
  ThrottlingException: { category: 'throttled', hint: 'AWS is limiting the request rate: wait a little and try again.' },
  RequestLimitExceeded: { category: 'throttled', hint: 'AWS is limiting the request rate: wait a little and try again.' },
  TooManyRequestsException: { category: 'throttled', hint: 'AWS is limiting the request rate: wait a little and try again.' },
  NoSuchEntity: { category: 'input', hint: 'IAM found no such entity: check the name or id you gave.' },
  InvalidInput: { category: 'input', hint: 'IAM refused a parameter: check the values you gave.' },
  ValidationError: { category: 'input', hint: 'A parameter does not meet the service\'s rules: check the values you gave.' },
  InvalidParameterValue: { category: 'input', hint: 'A parameter does not meet the service\'s rules: check the values you gave.' },
  RegionDisabledException: {
    category: 'input',
    hint: 'STS is not activated for this region in the account: activate it in the IAM account settings, or use another region or the global endpoint.',
  },
  InvalidIdentityToken: { category: 'input', hint: 'The identity provider\'s token is not valid: check it is complete, signed, and meant for this role.' },
  IDPRejectedClaim: { category: 'access-denied', hint: 'The identity provider rejected the claim: check the role\'s trust policy and the token\'s audience and subject.' },
  IDPCommunicationError: { category: 'service', hint: 'AWS could not reach the identity provider: try again in a moment.' },
  MalformedPolicyDocument: { category: 'input', hint: 'The policy document is not valid IAM policy JSON: check its syntax.' },
  PackedPolicyTooLarge: { category: 'input', hint: 'The session policies and tags are too large once packed: shorten them.' },
  InvalidAuthorizationMessageException: { category: 'input', hint: 'The encoded message is not one AWS issued, or it was cut: paste the whole message.' },
  OptInRequired: { category: 'access-denied', hint: 'The account is not subscribed to this service.' },
};

const THROTTLING_CODES = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException']);

/** Context that makes a hint more precise. */
export interface ErrorContext {
  readonly service: 'sts' | 'iam';
  readonly accessKeyId?: string;
}

/** Turns an AWS error document into a failure with a category and a hint. */
export function awsFailure(
  operation: string,
  error: { code: string; message: string; requestId?: string },
  httpStatus: number,
  context: ErrorContext,
): AwsFailure {
  const entry = ERROR_CATALOGUE[error.code];
  let category: FailureCategory = entry?.category ?? fallbackCategory(httpStatus);
  let hint = entry?.hint ?? fallbackHint(httpStatus);
  if (error.code === 'SignatureDoesNotMatch' && /signature expired|not yet current/i.test(error.message)) {
    category = 'clock-skew';
    hint = `AWS says the signature's time is out of range: this computer's clock is probably wrong. ${CHECK_CLOCK}`;
  }
  if (error.code === 'InvalidClientTokenId' && context.service === 'iam' && context.accessKeyId?.startsWith('ASIA')) {
    // Session-token credentials without MFA are refused by IAM with this code; the key itself may be fine.
    category = 'access-denied';
    hint = 'IAM refuses temporary credentials from GetSessionToken unless they were issued with MFA: this does not mean the key is invalid.';
  }
  const message = error.message.trim() === '' ? `AWS answered ${error.code} (HTTP ${httpStatus}) to ${operation}.` : error.message;
  return {
    kind: 'aws',
    category,
    // Everything here came from the server, and may be kept in a profile's history.
    code: scrubSecrets(error.code),
    message: scrubSecrets(message),
    hint,
    httpStatus,
    ...(error.requestId ? { requestId: scrubSecrets(error.requestId) } : {}),
    operation,
  };
}

function fallbackCategory(status: number): FailureCategory {
  if (status === 429) return 'throttled';
  if (status === 403) return 'access-denied';
  if (status >= 500) return 'service';
  return 'service';
}

function fallbackHint(status: number): string {
  if (status === 429) return 'AWS is limiting the request rate: wait a little and try again.';
  if (status >= 500) return 'The service failed: try again in a moment.';
  return 'AWS refused the request with an error keyscope does not know; the credential\'s validity is unknown.';
}

/** Whether a failure is worth another try after a pause. */
export function isRetryable(failure: AwsFailure | NetworkFailure | TimeoutFailure | ParseFailure): boolean {
  switch (failure.kind) {
    case 'aws':
      return (
        THROTTLING_CODES.has(failure.code) ||
        failure.httpStatus === 429 ||
        [500, 502, 503, 504].includes(failure.httpStatus) ||
        ['InternalFailure', 'ServiceUnavailable', 'ServiceFailure', 'IDPCommunicationError'].includes(failure.code)
      );
    case 'parse':
      return [429, 500, 502, 503, 504].includes(failure.httpStatus);
    case 'network':
      return ['ECONNRESET', 'EPIPE', 'ECONNABORTED'].includes(failure.code);
    case 'timeout':
      return false;
  }
}

const NETWORK_HINTS: Readonly<Record<string, { message: string; hint: string }>> = {
  ECONNREFUSED: { message: 'The connection was refused.', hint: 'Nothing is listening at that address: check the endpoint URL, the port and any proxy setting.' },
  ENOTFOUND: { message: 'The host name could not be resolved.', hint: 'Check the network connection, the DNS settings and the endpoint or region name.' },
  EAI_AGAIN: { message: 'The host name could not be resolved for now.', hint: 'Check the network connection and DNS, then try again.' },
  ECONNRESET: { message: 'The connection was reset.', hint: 'A firewall or proxy may be cutting the connection: check the network and try again.' },
  EHOSTUNREACH: { message: 'The host cannot be reached.', hint: 'Check the network connection and any VPN or firewall.' },
  ENETUNREACH: { message: 'The network cannot be reached.', hint: 'Check that this computer is online.' },
  SELF_SIGNED_CERT_IN_CHAIN: {
    message: 'The TLS certificate chain holds a certificate this computer does not trust.',
    hint: 'A corporate proxy may be inspecting TLS: set AWS_CA_BUNDLE to its CA certificate file.',
  },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    message: 'The TLS certificate could not be verified.',
    hint: 'A corporate proxy may be inspecting TLS: set AWS_CA_BUNDLE to its CA certificate file.',
  },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: {
    message: 'The TLS certificate\'s issuer is not trusted here.',
    hint: 'A corporate proxy may be inspecting TLS: set AWS_CA_BUNDLE to its CA certificate file.',
  },
  DEPTH_ZERO_SELF_SIGNED_CERT: { message: 'The server\'s TLS certificate is self-signed.', hint: 'Set AWS_CA_BUNDLE to a file holding that certificate if you trust it.' },
  CERT_HAS_EXPIRED: { message: 'The server\'s TLS certificate has expired.', hint: 'Check this computer\'s clock; if it is right, the server or proxy is misconfigured.' },
  ERR_TLS_CERT_ALTNAME_INVALID: { message: 'The TLS certificate is for another host name.', hint: 'Check the endpoint URL and any proxy in between.' },
};

/** A network error in plain words. */
export function networkFailure(code: string, target: string, operation?: string): NetworkFailure {
  const known = NETWORK_HINTS[code];
  return {
    kind: 'network',
    category: 'offline',
    code,
    message: `${known?.message ?? `The request failed (${code}).`} (${target})`,
    hint: known?.hint ?? 'Check the network connection, the endpoint and any proxy, then try again.',
    ...(operation ? { operation } : {}),
  };
}

/** A time-out in plain words. */
export function timeoutFailure(phase: 'connect' | 'response', timeoutMs: number, target: string, operation?: string): TimeoutFailure {
  const seconds = (timeoutMs / 1000).toFixed(timeoutMs % 1000 === 0 ? 0 : 1);
  return {
    kind: 'timeout',
    category: 'offline',
    phase,
    timeoutMs,
    message:
      phase === 'connect'
        ? `No connection to ${target} within ${seconds} s.`
        : `${target} did not answer within ${seconds} s.`,
    hint: 'Check the network connection and any proxy; a longer --cli-read-timeout or --cli-connect-timeout may help on a slow link.',
    ...(operation ? { operation } : {}),
  };
}

/** An answer that is not the XML we expect. */
export function parseFailure(reason: string, httpStatus: number, body: string, contentType: string | undefined, operation?: string): ParseFailure {
  const html = /html/i.test(contentType ?? '') || /^\s*(<!doctype html|<html)/i.test(body);
  let message: string;
  let hint: string;
  if (html) {
    message = `Got an HTML page (HTTP ${httpStatus}) instead of an AWS answer.`;
    hint = 'A proxy, captive portal or firewall answered in AWS\'s place: sign in to the network or check HTTPS_PROXY and the endpoint URL.';
  } else if (body.trim() === '') {
    message = `Got an empty answer (HTTP ${httpStatus}).`;
    hint = 'Something between here and AWS dropped the answer: try again, and check any proxy.';
  } else {
    message = `Got an answer that is not AWS XML (HTTP ${httpStatus}): ${reason}.`;
    hint = 'The answer was cut or came from something other than AWS: try again, and check the endpoint URL and any proxy.';
  }
  return {
    kind: 'parse',
    category: 'service',
    httpStatus,
    ...(contentType ? { contentType } : {}),
    bodyStart: scrubSecrets(body.slice(0, 200).replace(/\s+/g, ' ').trim()),
    message,
    hint,
    ...(operation ? { operation } : {}),
  };
}
