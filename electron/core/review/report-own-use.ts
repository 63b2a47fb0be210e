/**
 * keyscope's own checks in a credential report. A report names a user's keys by slot, never by id, so a row's last use
 * is tied to a saved profile's checks only where nothing else could explain it: the profile's last valid check said
 * the key is this account's and this user's, no other saved key is the user's, and no other key of the row could be
 * the saved one. Then a last use by sts or iam within 15 minutes of one of its checks (made once the slot's key
 * existed) is keyscope's own (own-use.ts), and the owner's last use is the one the profile remembers, if any. A row
 * that cannot be tied so keeps its reported use as the owner's: keyscope does not guess which slot is the saved key.
 */
import type { ProfileMeta } from '../vault/store-doc.js';
import type { LastUse, ReviewedKey } from './model.js';
import { isKeyscopeOwnUse, OWN_USE_WINDOW_MS } from './own-use.js';
import { usesOf } from './sources/profile-uses.js';
import { identityOf } from './sources/profiles.js';

/** What a saved key's checks say for a credential report: whose it is, and when keyscope signed with it. */
export interface SavedKeyChecks {
  readonly accessKeyId: string;
  readonly account: string;
  readonly user: string;
  /** When keyscope signed a request with the key (each check), newest first. */
  readonly checkTimes: readonly string[];
  /** The newest last use AWS reported that was not keyscope's own check. */
  readonly ownerLastUsed?: LastUse;
}

/** The saved keys a credential report's rows can be tied to: those whose last valid check named an IAM user. */
export function savedKeyChecks(profiles: readonly ProfileMeta[]): SavedKeyChecks[] {
  return profiles.flatMap((p) => {
    const { account, user, isRoot } = identityOf(p);
    const uses = usesOf(p);
    if (!account || !user || isRoot === true || uses.ownTimes.length === 0) return [];
    return [{ accessKeyId: p.accessKeyId, account, user, checkTimes: uses.ownTimes, ...(uses.ownerLastUsed ? { ownerLastUsed: uses.ownerLastUsed } : {}) }];
  });
}

/**
 * Whether `key` of a report row cannot be the saved key checked first at `firstCheck`: every check signs with the
 * key, so from then on its last use is at least that late (less AWS's 15-minute granularity).
 */
function cannotBeSaved(key: ReviewedKey, firstCheck: number): boolean {
  const used = key.lastUsed?.date ? Date.parse(key.lastUsed.date) : null;
  return used === null || used < firstCheck - OWN_USE_WINDOW_MS;
}

/**
 * The keys of one report row (`account`, `user`; one per slot that holds a key), with a last use that is keyscope's
 * own check of a saved key marked as such (ReviewedKey.keyscopeOwnUse) where the row can be tied to that key. A check
 * later than `latest` (ms; the report was made before it) is not in the report.
 */
export function withOwnChecks(keys: readonly ReviewedKey[], account: string | undefined, user: string, latest: number, saved: readonly SavedKeyChecks[]): ReviewedKey[] {
  const mine = saved.filter((s) => s.account === account && s.user === user);
  // Two saved keys of one user: which of them a slot holds is not known.
  if (mine.length === 0 || new Set(mine.map((s) => s.accessKeyId)).size > 1) return [...keys];
  const checkTimes = mine.flatMap((s) => s.checkTimes).filter((t) => !(Date.parse(t) > latest));
  if (checkTimes.length === 0) return [...keys];
  const firstCheck = Math.min(...checkTimes.map((t) => Date.parse(t)));
  const ownerLastUsed = mine.flatMap((s) => (s.ownerLastUsed ? [s.ownerLastUsed] : [])).sort((a, b) => Date.parse(b.date ?? '') - Date.parse(a.date ?? ''))[0];
  return keys.map((key) => {
    if (keys.some((other) => other !== key && !cannotBeSaved(other, firstCheck))) return key;
    // A check made before the slot's key existed was signed with another key.
    const created = key.lastRotatedAt ? Date.parse(key.lastRotatedAt) : Number.NaN;
    const times = checkTimes.filter((t) => !(Date.parse(t) < created));
    if (!isKeyscopeOwnUse(key.lastUsed, times)) return key;
    return { ...key, keyscopeOwnUse: true, ...(ownerLastUsed ? { ownerLastUsed } : {}) };
  });
}
