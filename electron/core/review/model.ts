/**
 * What the review engine reads: keys as each source knows them, and each source's own time. The engine is pure and
 * offline; whoever reads saved profiles, credential reports, key lists or audits maps them onto these types.
 * Dates are ISO 8601 strings (what AWS and the store write), so inputs and reports stay plain JSON.
 */

/** Where a reviewed key came from. */
export type SourceKind = 'profile' | 'credential-report' | 'key-list' | 'audit';

/** A last use as AWS reports it (GetAccessKeyLastUsed, or a credential report's access_key_N_last_used_*). */
export interface LastUse {
  /** When; null when AWS says the key was never used. */
  readonly date: string | null;
  /** The service named with it (`sts`, `s3`…); null when AWS gives none ("N/A"). */
  readonly service: string | null;
  readonly region: string | null;
}

/** keyscope's last decided check of a saved key (a could-not-check is not a decision). */
export interface LastDecided {
  readonly valid: boolean;
  /** The failure category when not valid (`invalid-key`, `invalid-secret`, `expired`…); null when valid. */
  readonly category: string | null;
  readonly at: string;
}

/** One access key as one source knows it. Absent fields are unknown, never "false". */
export interface ReviewedKey {
  readonly source: SourceKind;
  /** Absent for credential-report rows: AWS's report names the user and the slot, not the key id. */
  readonly accessKeyId?: string;
  /** Which of the user's two keys (credential reports only). */
  readonly slot?: 1 | 2;
  /** The owning account when a source says so (an ARN, an identity); else the engine derives it from the key id. */
  readonly account?: string;
  readonly user?: string;
  /** The saved profile holding this key. */
  readonly profile?: string;
  /** Active (true) or Inactive (false) at AWS; absent when the source does not say. */
  readonly active?: boolean;
  /** CreateDate (ListAccessKeys). */
  readonly createdAt?: string;
  /** access_key_N_last_rotated (credential report): created or last changed. */
  readonly lastRotatedAt?: string;
  /** The last use AWS reports for the key. */
  readonly lastUsed?: LastUse;
  /**
   * True when `lastUsed` is keyscope's own check (see isKeyscopeOwnUse): it never counts as the owner's use, and
   * `ownerLastUsed` (the last use remembered that was not keyscope's; absent when unknown) stands in for it.
   */
  readonly keyscopeOwnUse?: boolean;
  readonly ownerLastUsed?: LastUse;
  /** The user has a console password (credential report). */
  readonly passwordEnabled?: boolean;
  /** The key belongs to the account's root user. */
  readonly isRoot?: boolean;
  /** Saved profiles: the last decided check, absent when there was none. */
  readonly lastDecided?: LastDecided;
  /** Saved profiles: never checked at all. */
  readonly neverChecked?: boolean;
}

/** One source of a review and the keys it holds, with the time its data describes. */
export interface SourceData {
  readonly kind: SourceKind;
  /** How a reader names it: a file name, "saved profiles", "audit with NAME". */
  readonly label: string;
  /** The data's own time (a report's GeneratedTime, --as-of, or now): ages are computed as of it. */
  readonly dataAsOf: string;
  /** Where dataAsOf came from, said plainly ("GeneratedTime", "--as-of", "the time of the review"). */
  readonly asOfOrigin?: string;
  readonly keys: readonly ReviewedKey[];
  /**
   * The accounts a credential report's rows name, from every row's ARN (its root row is always there): a report whose
   * keys were all deleted still examined its account.
   */
  readonly accounts?: readonly string[];
  /**
   * AWS's GeneratedTime of a report keyscope fetched or stored, kept even when --as-of sets `dataAsOf`: which of two
   * reports of one account is newer.
   */
  readonly generatedTime?: string;
  /**
   * Whether it examined every subject of its kind (a review of every saved profile): an earlier finding of that kind
   * it no longer has is resolved even when its subject is gone. Otherwise only the keys it holds were examined.
   */
  readonly coversAll?: boolean;
}

/** Severities, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The checks the engine runs (issue 9's table). */
export const CHECKS = [
  'root-access-key',
  'access-key-unused',
  'access-key-never-used',
  'access-key-at-setup',
  'access-key-not-rotated',
  'multiple-active-keys',
  'canary-key',
  'unexpected-account',
  'invalid-key-saved',
  'inactive-key-saved',
  'stale-check',
] as const;
export type CheckId = (typeof CHECKS)[number];

/** Thresholds in days and the expected accounts. */
export interface Thresholds {
  /** A key last used more than this many days ago is unused (CIS: 45). */
  readonly unusedDays: number;
  /** A key created or rotated more than this many days ago is due (CIS: 90). */
  readonly rotationDays: number;
  /** A saved profile's last decided check older than this is stale. */
  readonly staleDays: number;
  /** When given, a key of any other account is unexpected. */
  readonly accounts?: readonly string[];
}

/** The defaults: CIS AWS Foundations for unused (45) and rotation (90); 30 days for a stale check. */
export const DEFAULT_THRESHOLDS: Thresholds = { unusedDays: 45, rotationDays: 90, staleDays: 30 };
