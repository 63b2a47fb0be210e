/**
 * What the UI and the CLI can do about a failure. Every failure carries one.
 * - invalid-key: AWS does not know the access key id.
 * - invalid-secret: the key id exists but the secret (or the signature made with it) is wrong.
 * - expired: temporary credentials or a token have expired.
 * - access-denied: the credential is valid but not allowed to do this.
 * - clock-skew: this computer's clock is too far from AWS's.
 * - throttled: AWS asked us to slow down and retries did not get through.
 * - service: AWS (or something between us and AWS) failed; the key's validity is unknown.
 * - offline: no connection, or no answer in time.
 * - input: something the user typed or passed is not acceptable.
 * - keychain-locked: the OS keychain is locked and could not ask to be unlocked; nothing was read or changed.
 * - canary: the key belongs to a canary-token account; using it would alert whoever planted it, so nothing was sent.
 * - internal: a bug in keyscope; nothing was decided.
 */
export type FailureCategory =
  | 'invalid-key'
  | 'invalid-secret'
  | 'expired'
  | 'access-denied'
  | 'clock-skew'
  | 'throttled'
  | 'service'
  | 'offline'
  | 'input'
  | 'keychain-locked'
  | 'canary'
  | 'internal';

interface FailureBase {
  readonly category: FailureCategory;
  /** What happened, in one sentence. Never holds a secret. */
  readonly message: string;
  /** What to do about it, in one sentence. */
  readonly hint: string;
}

/** AWS answered with an error document. */
export interface AwsFailure extends FailureBase {
  readonly kind: 'aws';
  readonly code: string;
  readonly httpStatus: number;
  readonly requestId?: string;
  readonly operation: string;
}

/** The request never got an HTTP answer: refused, reset, DNS, TLS. */
export interface NetworkFailure extends FailureBase {
  readonly kind: 'network';
  /** The Node error code, such as ECONNREFUSED. */
  readonly code: string;
  readonly operation?: string;
}

/** Connecting or waiting for the answer took longer than allowed. */
export interface TimeoutFailure extends FailureBase {
  readonly kind: 'timeout';
  readonly phase: 'connect' | 'response';
  readonly timeoutMs: number;
  readonly operation?: string;
}

/** An answer came, but it is not the XML we expect: an HTML page from a proxy, an empty or truncated body. */
export interface ParseFailure extends FailureBase {
  readonly kind: 'parse';
  readonly httpStatus: number;
  readonly contentType?: string;
  /** The first characters of the body, with anything that looks like a credential removed. */
  readonly bodyStart: string;
  readonly operation?: string;
}

/** The OS keychain is missing, locked or failed. */
export interface KeychainFailure extends FailureBase {
  readonly kind: 'keychain';
}

/** The local profile store cannot be read or written (corrupt, newer, locked, disk). Nothing was changed. */
export interface StorageFailure extends FailureBase {
  readonly kind: 'storage';
  /** corrupt (cannot be read), newer (a newer keyscope wrote it), locked (another writer), io (the disk refused). */
  readonly problem: 'corrupt' | 'newer' | 'locked' | 'io';
  readonly file?: string;
  /** What is wrong with a corrupt store, alone ("not JSON: …", a field named), for a report of its repair. */
  readonly reason?: string;
}

/** A parameter or argument is not acceptable; nothing was sent. */
export interface InputFailure extends FailureBase {
  readonly kind: 'input';
  /** The parameter, flag or field at fault. */
  readonly field?: string;
}

/** The key is a known canary token (a honeytoken): keyscope refused to sign with it, so nothing was sent. */
export interface CanaryFailure extends FailureBase {
  readonly kind: 'canary';
  /** The account derived from the key id, and whose canary service it is. */
  readonly account: string;
  readonly service: string;
}

/** A bug in keyscope, caught and turned into a value so the process keeps running. */
export interface InternalFailure extends FailureBase {
  readonly kind: 'internal';
}

/**
 * What `keyscope ui`'s API script (the preload's stand-in in a browser) rejects with when a request never reached it or
 * its answer never came (fetch itself failed: stopped, or the connection dropped); the renderer's api.ts says so in
 * words. The desktop app's IPC never rejects with it: an undelivered message there is a bug.
 */
export const UNREACHED = 'keyscope ui unreached';

/** Every way a core call can fail, tagged by kind. */
export type Failure = AwsFailure | NetworkFailure | TimeoutFailure | ParseFailure | KeychainFailure | StorageFailure | InputFailure | InternalFailure | CanaryFailure;

const REJECTING: ReadonlySet<FailureCategory> = new Set(['invalid-key', 'invalid-secret', 'expired', 'access-denied']);

/**
 * Whether AWS itself answered that this credential may not be used as given (unknown key, wrong secret, expired,
 * denied): a check that fails so says "not valid", the CLI exits 1. Anything else decided nothing about the key.
 */
export function rejectsCredential(failure: Failure): boolean {
  return failure.kind === 'aws' && REJECTING.has(failure.category);
}

/** Builds an input failure naming the field at fault. */
export function inputFailure(field: string | undefined, message: string, hint: string): InputFailure {
  return { kind: 'input', category: 'input', field, message, hint };
}

/** Builds a storage failure of one of keyscope's own files (reviews, mutes, stored reports, exports). */
export function storageFailure(problem: StorageFailure['problem'], file: string, message: string, hint: string): StorageFailure {
  return { kind: 'storage', category: 'service', problem, file, message, hint };
}

/** Turns something thrown by a bug into a failure value; the message never holds the thrown value's text. */
export function internalFailure(what: string): InternalFailure {
  return {
    kind: 'internal',
    category: 'internal',
    message: `keyscope hit an internal error while ${what}; nothing was decided or changed.`,
    hint: 'Try again; if it happens again, run the command with --debug and report it.',
  };
}
