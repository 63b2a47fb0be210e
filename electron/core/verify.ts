/**
 * `verify`: is a credential valid and whose is it (GetCallerIdentity), and for long-term keys, when and where it was
 * last used (GetAccessKeyLastUsed). A denied last-used check leaves the key valid, with the denial beside it.
 */
import type { CheckView, ErrorView } from '../../shared/contract.js';
import { REJECTED_CATEGORIES, type Failure } from '../../shared/failure.js';
import type { QueryClient } from './aws/client.js';
import { getAccessKeyLastUsed, type AccessKeyLastUsed } from './aws/iam.js';
import type { Credentials } from './aws/sign.js';
import { getCallerIdentity } from './aws/sts.js';
import { analyzeKeyId } from './keys/key-id.js';

/** A failure as reports show it (the CLI's JSON and the app's views): the contract's ErrorView. */
export type ReportedError = ErrorView;

/** A valid credential's report. */
export type VerifyValid = Extract<CheckView, { readonly Valid: true }>;

/** A report of a credential AWS rejected (Valid false) or that could not be checked (Valid null). */
export type VerifyNotValid = Exclude<CheckView, { readonly Valid: true }>;

/** What `verify` answers; the same shape crosses IPC as CheckView. */
export type VerifyReport = CheckView;

/** Formats a failure for reports. Never holds a secret: messages are scrubbed where they are made. */
export function reportError(failure: Failure): ReportedError {
  switch (failure.kind) {
    case 'aws':
      return { Code: failure.code, Message: failure.message, HttpStatus: failure.httpStatus, Category: failure.category, Hint: failure.hint, ...(failure.requestId ? { RequestId: failure.requestId } : {}) };
    case 'network':
      return { Code: failure.code, Message: failure.message, HttpStatus: null, Category: failure.category, Hint: failure.hint };
    case 'timeout':
      return { Code: failure.phase === 'connect' ? 'ConnectTimeout' : 'ResponseTimeout', Message: failure.message, HttpStatus: null, Category: failure.category, Hint: failure.hint };
    case 'parse':
      return { Code: 'UnexpectedResponse', Message: failure.message, HttpStatus: failure.httpStatus, Category: failure.category, Hint: failure.hint };
    case 'keychain':
      return { Code: 'KeychainError', Message: failure.message, HttpStatus: null, Category: failure.category, Hint: failure.hint };
    case 'storage':
      return { Code: 'StoreError', Message: failure.message, HttpStatus: null, Category: failure.category, Hint: failure.hint };
    case 'input':
      return { Code: 'InvalidInput', Message: failure.message, HttpStatus: null, Category: failure.category, Hint: failure.hint };
    case 'internal':
      return { Code: 'InternalError', Message: failure.message, HttpStatus: null, Category: failure.category, Hint: failure.hint };
  }
}

/** The user name in an IAM user ARN (arn:aws:iam::123456789012:user/path/name), else null. */
export function userNameFromArn(arn: string): string | null {
  const m = /^arn:[\w-]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? (m[1] as string) : null;
}

export interface VerifyOptions {
  /** Ask IAM for last-used information (long-term keys only). */
  readonly lastUsed: boolean;
  readonly now?: () => Date;
}

/** Checks one credential. Never throws for anything AWS or the network does. */
export async function verifyCredential(client: QueryClient, credentials: Credentials, options: VerifyOptions): Promise<VerifyReport> {
  const now = options.now ?? (() => new Date());
  const key = analyzeKeyId(credentials.accessKeyId);
  const identity = await getCallerIdentity(client);
  if (!identity.ok) {
    const rejected = identity.error.kind === 'aws' && (REJECTED_CATEGORIES.has(identity.error.category) || identity.error.category === 'access-denied');
    return { Valid: rejected ? false : null, AccessKeyId: key.masked, KeyType: key.type, Error: reportError(identity.error), CheckedAt: now().toISOString() };
  }
  const who = identity.value.value;
  let lastUsed: VerifyValid['AccessKeyLastUsed'] = null;
  let lastUsedError: ReportedError | null = null;
  let skipped: string | undefined;
  let userName = userNameFromArn(who.Arn);
  if (!options.lastUsed) skipped = 'not asked (--no-last-used)';
  else if (key.type !== 'long-term') skipped = 'IAM keeps last-used information for long-term keys only';
  else {
    const used = await getAccessKeyLastUsed(client, credentials.accessKeyId);
    if (used.ok) {
      const info: AccessKeyLastUsed = used.value.value.AccessKeyLastUsed;
      lastUsed = { LastUsedDate: info.LastUsedDate ?? null, ServiceName: info.ServiceName, Region: info.Region };
      userName = used.value.value.UserName ?? userName;
    } else {
      lastUsedError = reportError(used.error);
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
