/**
 * Reviews over time: each finding is `new` or `unchanged` against the previous review (or a baseline) by its stable
 * id, and what the previous review found that this one does not is `Resolved`. Suppressions are applied by
 * suppressions.ts; `failOn` decides the exit status from what is left unmuted.
 */

import type { Finding, FindingStatus, PriorFinding, ReviewFinding } from './finding.js';
import { maskKeyId } from '../keys/key-id.js';
import { reportAccounts } from './credential-report.js';
import { accountOf } from './key-checks.js';
import { ownerLastUse } from './own-use.js';
import { type ReviewedKey, SEVERITIES, type Severity, type SourceData, type SourceKind } from './model.js';

/** A finding with its status against the previous review. */
export type ComparedFinding = Finding & { readonly Status: FindingStatus };

/** The outcome of a comparison. */
export interface Comparison {
  readonly findings: readonly ComparedFinding[];
  /** Earlier findings about what this review examined, and no longer found. */
  readonly resolved: readonly PriorFinding[];
  /** Earlier findings about what this review did not examine: neither resolved nor found again, carried forward. */
  readonly notReviewed: readonly PriorFinding[];
}

/**
 * What one source examined: a credential report, its accounts whole; any other, the keys, profiles and users it
 * holds, each with the keys that name it (what a key list or an audit knows of a key varies with what it was told).
 */
interface Examined {
  readonly kind: SourceKind;
  readonly all: boolean;
  readonly accounts: ReadonlySet<string>;
  readonly subjects: ReadonlyMap<string, readonly ReviewedKey[]>;
}

const keyToken = (id: string): string => `key:${id}`;
const userToken = (account: string | null, user: string): string => `user:${account ?? ''}/${user}`;

function examinedBy(source: SourceData): Examined {
  const accounts = new Set<string>();
  const subjects = new Map<string, ReviewedKey[]>();
  const add = (token: string, key: ReviewedKey): void => {
    const held = subjects.get(token);
    if (held) held.push(key);
    else subjects.set(token, [key]);
  };
  for (const key of source.keys) {
    const { account } = accountOf(key);
    if (account) accounts.add(account);
    // A baseline written without --unmask holds masked ids: they name the same key.
    if (key.accessKeyId) new Set([keyToken(key.accessKeyId), keyToken(maskKeyId(key.accessKeyId))]).forEach((t) => add(t, key));
    if (key.profile) add(`profile:${key.profile}`, key);
    if (key.user) add(userToken(account, key.user), key);
  }
  // A credential report examined every account its rows name, a report with no key left included.
  if (source.kind === 'credential-report') for (const account of reportAccounts(source)) accounts.add(account);
  return { kind: source.kind, all: source.coversAll === true, accounts, subjects };
}

const silenced = (k: ReviewedKey): boolean => k.active === false || k.lastDecided?.valid === false;
const created = (k: ReviewedKey): string | undefined => k.createdAt ?? k.lastRotatedAt;
/** The owner's last use is known (own-use.ts): a last use that is keyscope's own check, with none before it on record, is not. */
const ownerUseKnown = (k: ReviewedKey): boolean => ownerLastUse(k) !== undefined;

/**
 * What each check rests on, of a key in a key list or an audit: a finding of it is resolved only by a key that holds
 * it (a key list without --check, or a check that could not decide, knows no decision; an audit whose ListAccessKeys
 * failed knows no status). A key known Inactive, or rejected, raises no root, age or use finding: that answers those.
 */
const RESTS_ON: Partial<Record<string, (k: ReviewedKey) => boolean>> = {
  'invalid-key-saved': (k) => k.lastDecided !== undefined,
  'inactive-key-saved': (k) => k.active !== undefined,
  'multiple-active-keys': (k) => k.active !== undefined,
  'root-access-key': (k) => k.isRoot !== undefined || silenced(k),
  'access-key-unused': (k) => ownerUseKnown(k) || silenced(k),
  'access-key-never-used': (k) => (ownerUseKnown(k) && created(k) !== undefined) || silenced(k),
  'access-key-at-setup': (k) => (ownerUseKnown(k) && k.passwordEnabled !== undefined) || silenced(k),
  'access-key-not-rotated': (k) => created(k) !== undefined || silenced(k),
};

/**
 * What the use checks rest on in a source read whole (saved profiles, a credential report): the owner's last use.
 * A key whose only last use known is keyscope's own check neither raises them nor resolves them: not reviewed.
 */
const OWNER_USE_RESTS_ON: Partial<Record<string, (k: ReviewedKey) => boolean>> = {
  'access-key-unused': (k) => ownerUseKnown(k) || silenced(k),
  'access-key-never-used': (k) => ownerUseKnown(k) || silenced(k),
  'access-key-at-setup': (k) => ownerUseKnown(k) || silenced(k),
};

/** Whether every key in `keys` holds what the earlier finding `p` rests on. */
function answered(source: Examined, p: PriorFinding, keys: readonly ReviewedKey[]): boolean {
  const restsOn = (source.kind === 'key-list' || source.kind === 'audit' ? RESTS_ON : OWNER_USE_RESTS_ON)[p.Check];
  return !restsOn || keys.every(restsOn);
}

/** The keys of a report's row that the earlier finding `r` is about: the user's, in its slot when it names one. */
function rowKeys(source: Examined, r: PriorFinding['Resource']): readonly ReviewedKey[] {
  if (r.User === null) return [];
  const keys = source.subjects.get(userToken(r.Account, r.User)) ?? [];
  return r.KeySlot === undefined ? keys : keys.filter((k) => `access_key_${k.slot ?? ''}` === r.KeySlot);
}

/**
 * Whether `source` examined what the earlier finding `p` is about (its account's report, its profile, its key) and
 * holds what it rests on. A source read whole that no longer holds the subject examined it: the subject is gone.
 */
function covers(source: Examined, p: PriorFinding): boolean {
  if (p.Source !== undefined && p.Source !== source.kind) return false;
  const r = p.Resource;
  // A finding of no known account (a baseline that does not say) can only be matched by kind, as before.
  if (source.kind === 'credential-report') return (r.Account === null || source.accounts.has(r.Account)) && answered(source, p, rowKeys(source, r));
  if (source.all) return answered(source, p, r.Profile !== null ? (source.subjects.get(`profile:${r.Profile}`) ?? []) : []);
  const by = (token: string): boolean => {
    const keys = source.subjects.get(token);
    return keys !== undefined && answered(source, p, keys);
  };
  if (r.AccessKeyId !== null) return by(keyToken(r.AccessKeyId)) || (r.Profile !== null && by(`profile:${r.Profile}`));
  if (r.Profile !== null) return by(`profile:${r.Profile}`);
  return r.User !== null && by(userToken(r.Account, r.User));
}

/**
 * Marks each finding new or unchanged against `previous` (null for a first review: all new). A previous finding this
 * review no longer has is resolved only when one of `sources` examined its subject, with the kind of source that
 * found it: the same account's credential report, the same saved profile (or every saved profile), the same key
 * in a key list or an audit. Any other is not reviewed this time: neither resolved nor new, it is carried forward
 * (saved with this review), so the next review of its subject compares with it.
 */
export function compareFindings(current: readonly Finding[], previous: readonly PriorFinding[] | null, sources: readonly SourceData[]): Comparison {
  const before = new Set((previous ?? []).map((p) => p.Id));
  const now = new Set(current.map((f) => f.Id));
  const findings = current.map((f) => ({ ...f, Status: before.has(f.Id) ? ('unchanged' as const) : ('new' as const) }));
  const examined = sources.map(examinedBy);
  const resolved: PriorFinding[] = [];
  const notReviewed: PriorFinding[] = [];
  for (const p of previous ?? []) {
    if (now.has(p.Id)) continue;
    (examined.some((e) => covers(e, p)) ? resolved : notReviewed).push(p);
  }
  return { findings, resolved, notReviewed };
}

/** The `--fail-on` levels: a severity, or `none` (never fail). */
export type FailOn = Severity | 'none';

/** Whether any unmuted finding is at or above `level` (exit 1 when true). */
export function failOn(findings: readonly ReviewFinding[], level: FailOn): boolean {
  if (level === 'none') return false;
  const limit = SEVERITIES.indexOf(level);
  return findings.some((f) => f.Muted === null && SEVERITIES.indexOf(f.Severity) <= limit);
}

/** Reads a `--fail-on` value; null when it is not one. */
export function parseFailOn(value: string): FailOn | null {
  const v = value.trim().toLowerCase();
  return v === 'none' || (SEVERITIES as readonly string[]).includes(v) ? (v as FailOn) : null;
}
