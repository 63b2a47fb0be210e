/** IAM GetAccessKeyLastUsed, the one IAM call keyscope makes. */
import type { Failure } from '../../../shared/failure.js';
import { err, type Result } from '../../../shared/result.js';
import { ACCESS_KEY_ID_PATTERN } from '../keys/key-id.js';
import type { QueryClient } from './client.js';
import type { QueryAnswer } from './model.js';
import { readStruct, type ReadResult, type StructSpec } from './shapes.js';
import { checkString } from './validate.js';

// A key never used has no LastUsedDate, and "N/A" as its ServiceName and Region.
const ACCESS_KEY_LAST_USED_SPEC = { LastUsedDate: 'string?', ServiceName: 'string', Region: 'string' } as const satisfies StructSpec;

/** The members of the IAM results keyscope reads, by action. */
export const IAM_RESULTS = {
  GetAccessKeyLastUsed: { UserName: 'string?', AccessKeyLastUsed: ACCESS_KEY_LAST_USED_SPEC },
} as const satisfies Record<string, StructSpec>;

/** When, where and with which service a key was last used; LastUsedDate is absent when it never was. */
export type AccessKeyLastUsed = ReadResult<typeof ACCESS_KEY_LAST_USED_SPEC>;
/** GetAccessKeyLastUsed's answer. */
export type GetAccessKeyLastUsedOutput = ReadResult<typeof IAM_RESULTS.GetAccessKeyLastUsed>;

/** IAM GetAccessKeyLastUsed: when, where and with which service a long-term key was last used. */
export function getAccessKeyLastUsed(client: QueryClient, accessKeyId: string): Promise<Result<QueryAnswer<GetAccessKeyLastUsedOutput>, Failure>> {
  const bad = checkString('AccessKeyId', accessKeyId, { required: true, min: 16, max: 128, pattern: ACCESS_KEY_ID_PATTERN, allowed: 'upper-case letters and digits' });
  if (bad) return Promise.resolve(err(bad));
  return client.call('iam', 'GetAccessKeyLastUsed', { AccessKeyId: accessKeyId }, (r) => readStruct(r, IAM_RESULTS.GetAccessKeyLastUsed));
}
