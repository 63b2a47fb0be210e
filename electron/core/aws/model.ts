/**
 * The AWS layer's plain data: the credential a call is signed with and the answer a call returns. Kept apart from
 * the modules that use them, so the client, the response reader and the signer import these and not each other.
 */

/** A credential as the signer needs it. The secret never leaves main and is never logged. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A parsed Query answer with what came with it. */
export interface QueryAnswer<T> {
  readonly value: T;
  readonly requestId?: string;
  /** Set when AWS's clock and ours differ by more than SigV4 allows: server time minus local time. */
  readonly clockSkewMs?: number;
}
