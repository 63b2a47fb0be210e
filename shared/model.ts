/**
 * What keyscope shows and answers, in both fronts: a check's report (the CLI's JSON, an IPC answer), profiles as the
 * app lists them, the import and recheck views. Types, plus two pure helpers (errorView: a failure as reports show
 * it; wholeProfileRow); no I/O, so the renderer, the handlers, the CLI and the core share it. The profile store keeps its own record
 * (electron/core/vault/store-doc.ts); views of profiles are derived from it in electron/core/views.ts. Over 200 lines
 * on purpose: it is the one vocabulary every front reads, type by type with a line on each, and split it would be
 * looked for in several places.
 */
import type { Failure } from './failure.js';
import type { Sparse } from './sparse.js';

// The Review view's and the bulk check's types, kept in files of their own and found here too.
export type * from './review-model.js';
export type * from './bulk-model.js';

/** What a key id's prefix says it is. */
export type KeyTypeView = 'long-term' | 'temporary' | 'bearer' | 'context' | 'not-a-key' | 'unknown';
/** A profile's status word. */
export type StatusView = 'valid' | 'invalid' | 'expired' | 'could not check' | 'never checked';

/** A failure as reports show it, in AWS's member names (see errorView). */
export interface ErrorView {
  readonly Code: string;
  readonly Message: string;
  readonly HttpStatus: number | null;
  readonly Category: Failure['category'];
  readonly Hint: string;
  readonly RequestId?: string;
}

/** When and where IAM last saw a key used (LastUsedDate null: never). */
export interface LastUsedView {
  readonly LastUsedDate: string | null;
  readonly ServiceName: string;
  readonly Region: string;
}

/** A check's result, as `keyscope verify` prints it (key id masked). */
export type CheckView =
  | {
      readonly Valid: true;
      readonly AccessKeyId: string;
      readonly KeyType: KeyTypeView;
      readonly Account: string;
      readonly Arn: string;
      readonly UserId: string;
      readonly UserName: string | null;
      readonly AccessKeyLastUsed: LastUsedView | null;
      readonly LastUsedError: ErrorView | null;
      readonly LastUsedSkipped?: string;
      readonly CheckedAt: string;
      readonly ClockSkewSeconds?: number;
    }
  | { readonly Valid: false | null; readonly AccessKeyId: string; readonly KeyType: KeyTypeView; readonly Error: ErrorView; readonly CheckedAt: string };

/** What a key id says offline: its type and, for AKIA/ASIA keys, the account. */
export interface KeyAnalysisView {
  readonly masked: string;
  readonly prefix: string;
  readonly type: KeyTypeView;
  readonly description: string;
  readonly derivedAccount: string | null;
  readonly derivedAccountNote?: string;
  readonly wellFormed: boolean;
}

/** One check in a profile's history. */
export interface HistoryEntryView {
  readonly at: string;
  readonly valid: boolean | null;
  readonly account?: string;
  readonly arn?: string;
  readonly lastUsed?: LastUsedView | null;
  readonly error?: ErrorView;
  /** Present when the check was of a key replaced since (Replace key…): it says nothing of the profile's key now. */
  readonly earlierKey?: true;
}

/** The most recent check that decided validity: what it said, and when. */
export interface DecidedView {
  readonly valid: boolean;
  readonly status: 'valid' | 'invalid' | 'expired';
  readonly at: string;
}

/** The most recent check when it could not decide (it is newer than the last decided one), and why. */
export interface AttemptView {
  readonly at: string;
  readonly error: ErrorView | null;
}

/** A profile as the list shows it: never a secret, the key id masked. */
export interface ProfileView {
  readonly id: string;
  readonly name: string;
  readonly maskedKeyId: string;
  readonly keyType: KeyTypeView;
  readonly account: string | null;
  /** What is known now: 'could not check' when the most recent check could not decide. */
  readonly status: StatusView;
  /** When the last decided check ran: a check that could not decide never counts as "checked". */
  readonly lastChecked: string | null;
  readonly lastDecided: DecidedView | null;
  /** Set only while the most recent check is one that could not decide. */
  readonly lastAttempt: AttemptView | null;
  /** ISO date, "never", or null when unknown. */
  readonly lastUsed: string | null;
  readonly region: string | null;
}

/** A profile as the app's list shows it: whose it is (the last decided check's ARN and user), its notes, its expiry. */
export interface ProfileRowView extends ProfileView {
  readonly arn: string | null;
  readonly userName: string | null;
  readonly notes: string | null;
  /** When temporary credentials saved from an STS tool expire; null for other keys. */
  readonly expiration: string | null;
}

/**
 * A list row whole again as the page receives it (main leaves its null members out: shared/sparse.ts), made as one
 * object literal: every row then has one shape, and 1,000 rows take ~0.4 ms, where adding the ten missing members
 * one by one took ~2 ms. A member added to ProfileRowView must be added here: the literal does not compile without it.
 */
export function wholeProfileRow(r: Sparse<ProfileRowView>): ProfileRowView {
  return {
    id: r.id,
    name: r.name,
    maskedKeyId: r.maskedKeyId,
    keyType: r.keyType,
    account: r.account ?? null,
    status: r.status,
    lastChecked: r.lastChecked ?? null,
    lastDecided: r.lastDecided ?? null,
    lastAttempt: r.lastAttempt ?? null,
    lastUsed: r.lastUsed ?? null,
    region: r.region ?? null,
    arn: r.arn ?? null,
    userName: r.userName ?? null,
    notes: r.notes ?? null,
    expiration: r.expiration ?? null,
  };
}

/** A profile as its page shows it. */
export interface ProfileDetailView extends ProfileView {
  readonly arn: string | null;
  readonly userId: string | null;
  readonly userName: string | null;
  readonly lastUsedInfo: LastUsedView | null;
  /** True when lastUsedInfo is keyscope's own check (its GetCallerIdentity), not a use by the key's owner. */
  readonly lastUsedIsOwnCheck: boolean;
  /** The newest reported last use that was not keyscope's own; null when none is known. */
  readonly ownerLastUsed: LastUsedView | null;
  readonly lastUsedError: ErrorView | null;
  readonly analysis: KeyAnalysisView;
  readonly notes: string | null;
  readonly expiration: string | null;
  readonly createdAt: string;
  /** null when the keychain could not be asked; keychainError then says why (a locked keychain, say). */
  readonly hasSecret: boolean | null;
  readonly keychainError: ErrorView | null;
  /** The most recent check's error: why AWS rejected the key, or why the check could not decide. */
  readonly lastError: ErrorView | null;
  readonly history: readonly HistoryEntryView[];
}

/** Temporary credentials from an STS tool, held in main; the renderer sees them masked with a handle. */
export interface TempCredsView {
  readonly handle: string;
  readonly maskedKeyId: string;
  readonly expiration: string;
  /** Whose they are: the assumed role, federated user, or the session's identity. */
  readonly identity: { readonly Arn: string; readonly Account: string | null; readonly UserId: string | null } | null;
  /** The call's other members (AssumedRoleUser, FederatedUser, PackedPolicySize, Subject…), without credentials. */
  readonly details: Readonly<Record<string, unknown>>;
}

/** One of the two AWS files: read, missing, or refused whole (as the AWS CLI refuses it), with each problem and line. */
export interface ImportFileView {
  readonly path: string;
  readonly state: 'read' | 'missing' | 'refused';
  readonly problems: readonly string[];
  /** Refused for malformed lines (the AWS CLI refuses it too), not because it is no regular file of at most 1 MiB. */
  readonly malformed: boolean;
}

/** What an import from the AWS files will do: the same plan the import then follows. */
export interface ImportPreviewView {
  /** Names this preview for import:run, which saves a key only as this preview showed it. */
  readonly previewId: string;
  readonly files: readonly ImportFileView[];
  /** Set when neither file exists: which paths were looked at. */
  readonly notFound: string | null;
  /** One per key; `aliases` are the other profiles holding the same key (with the same secret). */
  readonly candidates: ReadonlyArray<{ readonly name: string; readonly maskedKeyId: string; readonly region: string | null; readonly from: string; readonly aliases: readonly string[] }>;
  /** Key ids held with different secrets (or tokens) by several profiles: none of them is imported. */
  readonly conflicts: ReadonlyArray<{ readonly maskedKeyId: string; readonly profiles: readonly string[]; readonly reason: string }>;
  /** Of the profiles a refused file defines, only its first 10 are here; */
  readonly skipped: ReadonlyArray<{ readonly name: string; readonly reason: string }>;
  /** the others are counted, a sentence for each such file ("and N more profiles defined in FILE, …"). */
  readonly skippedNotListed: readonly string[];
}

/** What an import did. `stopped`: the keychain or store failure that ended it; what it left is in `skipped`. */
export interface ImportResultView {
  readonly imported: ReadonlyArray<{ readonly name: string; readonly aliases: readonly string[] }>;
  readonly skipped: ReadonlyArray<{ readonly name: string; readonly reason: string }>;
  readonly stopped: Failure | null;
}

/** One recheck result: the profile as stored with it, and the check's error if it had one. */
export interface RecheckProgressView {
  readonly jobId: string;
  readonly done: number;
  readonly total: number;
  readonly profile: ProfileRowView;
  readonly error: ErrorView | null;
}

/** The end of a recheck, with what its checks found. */
export interface RecheckDoneView {
  readonly jobId: string;
  readonly checked: number;
  readonly total: number;
  readonly cancelled: boolean;
  /** What the checks found: AWS accepted, AWS rejected (invalid or expired), could not decide (network, keychain…). */
  readonly valid: number;
  readonly invalid: number;
  readonly couldNotCheck: number;
  /** Set when the recheck itself stopped on a failure (a bug): the counts are those of the checks before it. */
  readonly error: ErrorView | null;
}

/** A check of an unsaved credential, and a handle main keeps it under: saving the same credential records it. */
export interface UnsavedCheckView {
  readonly report: CheckView;
  readonly checkId: string;
}

/** How temporary credentials are copied: shell exports, a credentials-file section, credential_process JSON. */
export type CopyFormat = 'env' | 'credentials-file' | 'credential-process';

/** A failure as reports show it (a check's Error, the app's error views). Never holds a secret: messages are scrubbed where they are made. */
export function errorView(failure: Failure): ErrorView {
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
    case 'canary':
      return { Code: 'CanaryKey', Message: failure.message, HttpStatus: null, Category: failure.category, Hint: failure.hint };
  }
}
