/**
 * The checks that look at one key at a time (issue 9's table). Each returns drafts: the check, the key, plain words
 * and the evidence; findings.ts turns them into findings with ids. Ages are counted as of the source's own time,
 * and a threshold fires when the age is more than it ("more than 45 days"), not at it.
 */

import { analyzeKeyId } from '../keys/key-id.js';
import { canaryService } from '../keys/canary-accounts.js';
import type { EvidenceValue } from './finding.js';
import type { CheckId, ReviewedKey, Thresholds } from './model.js';
import { ownerLastUse } from './own-use.js';

/** A finding before it has an id and the check's shared texts. */
export interface Draft {
  readonly check: CheckId;
  readonly key: ReviewedKey;
  readonly detail: string;
  readonly evidence: Readonly<Record<string, EvidenceValue>>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days from `date` to `asOf`, fractional; null when a date cannot be read. */
export function daysBetween(date: string, asOf: string): number | null {
  const from = Date.parse(date);
  const to = Date.parse(asOf);
  return Number.isNaN(from) || Number.isNaN(to) ? null : (to - from) / DAY_MS;
}

/** The key's account: the one a source states, else the one derived from its id. */
export function accountOf(key: ReviewedKey): { account: string | null; derived: boolean } {
  if (key.account) return { account: key.account, derived: false };
  const derived = key.accessKeyId ? analyzeKeyId(key.accessKeyId).derivedAccount : null;
  return { account: derived, derived: derived !== null };
}

/** How the key is named in a sentence. Never the key id: reports mask it separately. */
export function describeKey(key: ReviewedKey): string {
  const owner = key.isRoot ? 'the root user' : key.user ? `user ${key.user}` : null;
  if (key.profile) return `the key of saved profile "${key.profile}"${owner ? ` (${owner})` : ''}`;
  if (owner && key.slot) return `access key ${key.slot} of ${owner}`;
  if (owner) return `the access key of ${owner}`;
  return 'this key';
}

/**
 * The age a check compares and a finding shows: one number, so a finding never reads "90 days: more than 90 days".
 * Counted in hundredths of a day (AWS records last use to 15 minutes); past the threshold's next whole day, whole days.
 */
function age(days: number | null, threshold: number): number | null {
  if (days === null) return null;
  const hundredths = Math.floor(days * 100) / 100;
  return Math.floor(hundredths) > threshold ? Math.floor(hundredths) : hundredths;
}

function identityChecks(key: ReviewedKey, th: Thresholds): Draft[] {
  const drafts: Draft[] = [];
  const { account, derived } = accountOf(key);
  const service = key.accessKeyId ? canaryService(analyzeKeyId(key.accessKeyId).derivedAccount) : null;
  if (service) {
    drafts.push({ check: 'canary-key', key, detail: `The id of ${describeKey(key)} belongs to account ${account}, which ${service} uses for canary tokens: using the key alerts whoever planted it.`, evidence: { DerivedAccount: analyzeKeyId(key.accessKeyId ?? '').derivedAccount, CanaryService: service } });
  }
  if (th.accounts && account && !th.accounts.includes(account)) {
    drafts.push({ check: 'unexpected-account', key, detail: `${capital(describeKey(key))} belongs to account ${account}, which is not among the accounts expected for this review.`, evidence: { Account: account, AccountFrom: derived ? 'derived from the key id' : 'stated by the source', ExpectedAccounts: [...th.accounts] } });
  } else if (th.accounts && !account) {
    // An account no source states and the id does not carry is not shown to be expected: a list admits what it can see.
    const why = (key.accessKeyId ? analyzeKeyId(key.accessKeyId).derivedAccountNote : undefined) ?? 'no source states it';
    drafts.push({ check: 'unexpected-account', key, detail: `${capital(describeKey(key))} belongs to an account that cannot be known (${why}), so it is not known to be among the accounts expected for this review. A valid check at AWS (profiles recheck, or --keys with --check) tells its account.`, evidence: { Account: null, AccountFrom: why, ExpectedAccounts: [...th.accounts] } });
  }
  return drafts;
}

function useChecks(key: ReviewedKey, asOf: string, th: Thresholds): Draft[] {
  const drafts: Draft[] = [];
  const use = ownerLastUse(key);
  const base = { Active: key.active ?? null, KeyscopeOwnUse: key.keyscopeOwnUse ?? false };
  if (use?.date) {
    const days = age(daysBetween(use.date, asOf), th.unusedDays);
    if (days !== null && days > th.unusedDays) {
      drafts.push({ check: 'access-key-unused', key, detail: `${capital(describeKey(key))} was last used by its owner on ${use.date.slice(0, 10)}, ${days} days before the data's time: more than ${th.unusedDays} days.`, evidence: { ...base, LastUsedDate: use.date, LastUsedService: use.service, LastUsedRegion: use.region, DaysSinceLastUse: days, UnusedDays: th.unusedDays } });
    }
  }
  const created = key.createdAt ?? key.lastRotatedAt;
  if (use && use.date === null && created) {
    const days = age(daysBetween(created, asOf), th.unusedDays);
    if (days !== null && days > th.unusedDays) {
      drafts.push({ check: 'access-key-never-used', key, detail: `${capital(describeKey(key))} was created on ${created.slice(0, 10)}, ${days} days before the data's time, and has never been used by its owner.`, evidence: { ...base, CreatedAt: created, LastUsedDate: null, DaysSinceCreated: days, UnusedDays: th.unusedDays } });
    }
  }
  if (use && use.date === null && key.passwordEnabled === true) {
    drafts.push({ check: 'access-key-at-setup', key, detail: `User ${key.user ?? '(unknown)'} signs in to the console with a password and has an active access key that was never used, as when a key is created with the user.`, evidence: { ...base, PasswordEnabled: true, LastUsedDate: null, CreatedAt: created ?? null } });
  }
  const rotated = key.lastRotatedAt ?? key.createdAt;
  if (rotated) {
    const days = age(daysBetween(rotated, asOf), th.rotationDays);
    if (days !== null && days > th.rotationDays) {
      drafts.push({ check: 'access-key-not-rotated', key, detail: `${capital(describeKey(key))} was created or last rotated on ${rotated.slice(0, 10)}, ${days} days before the data's time: more than ${th.rotationDays} days.`, evidence: { ...base, LastRotated: rotated, DaysSinceRotated: days, RotationDays: th.rotationDays } });
    }
  }
  return drafts;
}

function savedChecks(key: ReviewedKey, source: string, asOf: string, th: Thresholds): Draft[] {
  const drafts: Draft[] = [];
  const decided = key.lastDecided;
  if (decided && !decided.valid) {
    drafts.push({ check: 'invalid-key-saved', key, detail: `AWS rejected ${describeKey(key)} at its last decided check on ${decided.at.slice(0, 10)} (${decided.category ?? 'rejected'}).`, evidence: { LastCheckValid: false, LastCheckCategory: decided.category, LastCheckAt: decided.at } });
  }
  if (key.active === false && key.profile) {
    drafts.push({ check: 'inactive-key-saved', key, detail: `${capital(describeKey(key))} is Inactive at AWS: requests signed with it fail.`, evidence: { Active: false, Source: key.source } });
  }
  // A canary key is never checked on purpose: "never checked" is expected, and "recheck it" would be wrong advice.
  const canary = key.accessKeyId ? canaryService(analyzeKeyId(key.accessKeyId).derivedAccount) !== null : false;
  if (source === 'profile' && !canary) {
    const days = age(decided ? daysBetween(decided.at, asOf) : null, th.staleDays);
    if (key.neverChecked || !decided) {
      drafts.push({ check: 'stale-check', key, detail: `${capital(describeKey(key))} has never been checked: keyscope knows nothing of its state at AWS.`, evidence: { LastCheckAt: null, NeverChecked: true, StaleDays: th.staleDays } });
    } else if (days !== null && days > th.staleDays) {
      drafts.push({ check: 'stale-check', key, detail: `The last decided check of ${describeKey(key)} was on ${decided.at.slice(0, 10)}, ${days} days before the review: more than ${th.staleDays} days.`, evidence: { LastCheckAt: decided.at, DaysSinceCheck: days, StaleDays: th.staleDays } });
    }
  }
  return drafts;
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Runs every one-key check on a key of a source whose data is as of `asOf`. */
export function checkKey(key: ReviewedKey, source: string, asOf: string, th: Thresholds): Draft[] {
  const drafts = identityChecks(key, th);
  const rejected = key.lastDecided?.valid === false;
  if (key.isRoot) {
    // A root key needs one finding, deleting it; its age and use add nothing to that.
    if (key.active !== false && !rejected) {
      drafts.push({ check: 'root-access-key', key, detail: `The root user of account ${accountOf(key).account ?? '(unknown)'} has an active access key${key.slot ? ` (access key ${key.slot})` : ''}.`, evidence: { IsRoot: true, Active: key.active ?? null, Source: key.source } });
    }
  } else if (key.active !== false && !rejected) {
    // Inactive keys raise no age or use finding; nor do keys AWS already rejects (invalid-key-saved says so).
    drafts.push(...useChecks(key, asOf, th));
  }
  drafts.push(...savedChecks(key, source, asOf, th));
  return drafts;
}
