/**
 * IAM ListAccessKeys: a user's access keys with their status and creation date, read with another credential of
 * the account (the passive audit), so that no request is ever signed with the keys listed.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccessKeys.html
 */
import type { Failure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import type { QueryClient } from './client.js';
import type { QueryAnswer } from './model.js';
import { readStruct, type ReadResult, type StructSpec } from './shapes.js';
import { checkString } from './validate.js';
import { members, text } from './xml.js';

const ACCESS_KEY_METADATA_SPEC = { UserName: 'string?', AccessKeyId: 'string', Status: 'string', CreateDate: 'string?' } as const satisfies StructSpec;

/** One key as ListAccessKeys lists it; Status is Active or Inactive. */
export type AccessKeyMetadata = ReadResult<typeof ACCESS_KEY_METADATA_SPEC>;

/** A user has at most two keys; pages beyond this many mean an endpoint that never stops answering IsTruncated. */
const MAX_PAGES = 20;

/** IAM ListAccessKeys for one user, every page. `userName` is required: without it IAM lists the signer's own keys. */
export async function listAccessKeys(client: QueryClient, userName: string): Promise<Result<QueryAnswer<AccessKeyMetadata[]>, Failure>> {
  const bad = checkString('UserName', userName, { required: true, min: 1, max: 128, pattern: /^[\w+=,.@-]+$/, allowed: 'letters, digits and _+=,.@-' });
  if (bad) return err(bad);
  const keys: AccessKeyMetadata[] = [];
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await client.call('iam', 'ListAccessKeys', { UserName: userName, ...(marker ? { Marker: marker } : {}) }, (r) => ({
      keys: members(r, 'AccessKeyMetadata').map((m) => readStruct(m, ACCESS_KEY_METADATA_SPEC)),
      truncated: text(r, 'IsTruncated') === 'true',
      marker: text(r, 'Marker'),
    }));
    if (!answer.ok) return answer;
    keys.push(...answer.value.value.keys);
    if (!answer.value.value.truncated || !answer.value.value.marker) return ok({ ...answer.value, value: keys });
    marker = answer.value.value.marker;
  }
  return err({ kind: 'parse', category: 'service', httpStatus: 200, bodyStart: '', operation: 'ListAccessKeys', message: `ListAccessKeys for ${userName} kept answering IsTruncated after ${MAX_PAGES} pages.`, hint: 'The answers did not come from IAM as expected: check --endpoint-url and any proxy.' });
}
