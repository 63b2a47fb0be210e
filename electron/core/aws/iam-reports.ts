/**
 * IAM credential reports: GenerateCredentialReport starts (or confirms) a report, GetCredentialReport returns it as
 * base64 CSV with its GeneratedTime. Signed GETs through the same client as every other call.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetCredentialReport.html
 */
import type { Failure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { isZonedIsoTime } from '../review/iso-time.js';
import type { QueryClient } from './client.js';
import type { QueryAnswer } from './model.js';
import { readStruct, type ReadResult, type StructSpec } from './shapes.js';

/** The members of the report results keyscope reads, by action. */
export const IAM_REPORT_RESULTS = {
  // State is STARTED, INPROGRESS or COMPLETE.
  GenerateCredentialReport: { State: 'string', Description: 'string?' },
  GetCredentialReport: { Content: 'string', ReportFormat: 'string?', GeneratedTime: 'string' },
} as const satisfies Record<string, StructSpec>;

/** GenerateCredentialReport's answer. */
export type GenerateCredentialReportOutput = ReadResult<typeof IAM_REPORT_RESULTS.GenerateCredentialReport>;

/** A credential report as fetched: the CSV bytes decoded from base64, and when AWS generated it. */
export interface FetchedReport {
  readonly csv: Uint8Array;
  readonly generatedTime: string;
  readonly reportFormat: string | null;
}

/** The error codes GetCredentialReport answers while no usable report exists (DESIGN.md). */
export const REPORT_NOT_READY = { notPresent: 'ReportNotPresent', expired: 'ReportExpired', inProgress: 'ReportInProgress' } as const;

/** IAM GenerateCredentialReport: asks AWS to generate a report (at most one new report every 4 hours). */
export function generateCredentialReport(client: QueryClient): Promise<Result<QueryAnswer<GenerateCredentialReportOutput>, Failure>> {
  return client.call('iam', 'GenerateCredentialReport', {}, (r) => readStruct(r, IAM_REPORT_RESULTS.GenerateCredentialReport));
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

const unexpected = (message: string): Failure => ({ kind: 'parse', category: 'service', httpStatus: 200, bodyStart: '', operation: 'GetCredentialReport', message, hint: 'The answer did not come from IAM as expected: check --endpoint-url and any proxy, then try again.' });

/**
 * IAM GetCredentialReport: the latest report, decoded, with its GeneratedTime as ISO 8601 UTC. A Content that is not
 * base64, or a GeneratedTime that is not an ISO 8601 time with its zone (ages are counted from it), is a parse failure.
 */
export async function getCredentialReport(client: QueryClient): Promise<Result<QueryAnswer<FetchedReport>, Failure>> {
  const answer = await client.call('iam', 'GetCredentialReport', {}, (r) => readStruct(r, IAM_REPORT_RESULTS.GetCredentialReport));
  if (!answer.ok) return answer;
  const v = answer.value.value;
  if (!BASE64.test(v.Content)) return err(unexpected('GetCredentialReport answered with a Content that is not base64.'));
  const time = v.GeneratedTime.trim();
  if (!isZonedIsoTime(time)) return err(unexpected('GetCredentialReport answered with a GeneratedTime that is not an ISO 8601 time with its zone.'));
  const csv = Uint8Array.from(Buffer.from(v.Content, 'base64'));
  return ok({ ...answer.value, value: { csv, generatedTime: time, reportFormat: v.ReportFormat ?? null } });
}
