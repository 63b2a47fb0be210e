/**
 * `verify`: is a credential valid and whose is it (GetCallerIdentity), and for long-term keys, when and where it was
 * last used (GetAccessKeyLastUsed). A denied last-used check leaves the key valid, with the denial beside it.
 */
import { rejectsCredential, type Failure } from '../../shared/failure.js';
import { errorView, type CheckView, type ErrorView } from '../../shared/model.js';
import type { QueryClient } from './aws/client.js';
import { getAccessKeyLastUsed, type AccessKeyLastUsed } from './aws/iam.js';
import type { Credentials } from './aws/model.js';
import { getCallerIdentity } from './aws/sts.js';
import { analyzeKeyId } from './keys/key-id.js';

/** The user name in an IAM user ARN (arn:aws:iam::123456789012:user/path/name), else null. */
export function userNameFromArn(arn: string): string | null {
  const m = /^arn:[\w-]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? (m[1] as string) : null;
}

/** How much a check asks: last-use information or not, and the clock. */
export interface VerifyOptions {
  /** Ask IAM for last-used information (long-term keys only). */
  readonly lastUsed: boolean;
  readonly now?: () => Date;
}

/** A check that got no identity: not valid when AWS rejected the key, else undecided (Valid null), with why. */
export function failedCheck(accessKeyId: string, failure: Failure, at: Date = new Date()): CheckView {
  const key = analyzeKeyId(accessKeyId);
  return { Valid: rejectsCredential(failure) ? false : null, AccessKeyId: key.masked, KeyType: key.type, Error: errorView(failure), CheckedAt: at.toISOString() };
}

/** Checks one credential. Never throws for anything AWS or the network does. */
export async function verifyCredential(client: QueryClient, credentials: Credentials, options: VerifyOptions): Promise<CheckView> {
  const now = options.now ?? (() => new Date());
  const key = analyzeKeyId(credentials.accessKeyId);
  const skipped = !options.lastUsed ? 'not asked (--no-last-used)' : key.type !== 'long-term' ? 'IAM keeps last-used information for long-term keys only' : undefined;
  // Both calls at once: one round trip instead of two (and at AWS two hosts, so two handshakes side by side). The
  // identity answer decides: when it fails, the last-used answer is dropped and the report is the identity failure.
  const [identity, used] = await Promise.all([
    getCallerIdentity(client),
    skipped === undefined ? getAccessKeyLastUsed(client, credentials.accessKeyId) : undefined,
  ]);
  if (!identity.ok) return failedCheck(credentials.accessKeyId, identity.error, now());
  const who = identity.value.value;
  let lastUsed: Extract<CheckView, { readonly Valid: true }>['AccessKeyLastUsed'] = null;
  let lastUsedError: ErrorView | null = null;
  let userName = userNameFromArn(who.Arn);
  if (used) {
    if (used.ok) {
      const info: AccessKeyLastUsed = used.value.value.AccessKeyLastUsed;
      lastUsed = { LastUsedDate: info.LastUsedDate ?? null, ServiceName: info.ServiceName, Region: info.Region };
      userName = used.value.value.UserName ?? userName;
    } else {
      lastUsedError = errorView(used.error);
    }
  }
  const skew = client.clockSkewMs;
  return {
    Valid: true,
    AccessKeyId: key.masked,
    KeyType: key.type,
    Account: who.Account,
    Arn: who.Arn,
    UserId: who.UserId,
    UserName: userName,
    AccessKeyLastUsed: lastUsed,
    LastUsedError: lastUsedError,
    ...(skipped ? { LastUsedSkipped: skipped } : {}),
    CheckedAt: now().toISOString(),
    ...(skew !== 0 ? { ClockSkewSeconds: Math.round(skew / 1000) } : {}),
  };
}
