/** IAM GetAccessKeyLastUsed, the one IAM call keyscope makes. */
import type { Failure } from '../../../shared/failure.js';
import { err, type Result } from '../../../shared/result.js';
import { ACCESS_KEY_ID_PATTERN } from '../keys/key-id.js';
import type { Answer, QueryClient } from './client.js';
import { readStruct, type Spec } from './shapes.js';
import { checkString } from './validate.js';

export interface AccessKeyLastUsed {
  /** Absent when the key was never used. */
  readonly LastUsedDate?: string;
  /** "N/A" when the key was never used. */
  readonly ServiceName: string;
  readonly Region: string;
}

export interface GetAccessKeyLastUsedOutput {
  readonly UserName?: string;
  readonly AccessKeyLastUsed: AccessKeyLastUsed;
}

/** The members of the IAM results keyscope reads, by action. */
export const IAM_RESULTS = {
  GetAccessKeyLastUsed: { UserName: 'string?', AccessKeyLastUsed: { LastUsedDate: 'string?', ServiceName: 'string', Region: 'string' } },
} as const satisfies Record<string, Spec>;

/** IAM GetAccessKeyLastUsed: when, where and with which service a long-term key was last used. */
export function getAccessKeyLastUsed(client: QueryClient, accessKeyId: string): Promise<Result<Answer<GetAccessKeyLastUsedOutput>, Failure>> {
  const bad = checkString('AccessKeyId', accessKeyId, { required: true, min: 16, max: 128, pattern: ACCESS_KEY_ID_PATTERN, allowed: 'upper-case letters and digits' });
  if (bad) return Promise.resolve(err(bad));
  return client.call(
    'iam',
    'GetAccessKeyLastUsed',
    { AccessKeyId: accessKeyId },
    (r) => readStruct(r, IAM_RESULTS.GetAccessKeyLastUsed) as unknown as GetAccessKeyLastUsedOutput,
  );
}
