/**
 * Saved profiles as a review source: each profile's last known state, read from the store alone (no keychain, no
 * network). Ages are counted as of the review's time; stale-check says when that state is old.
 */
import { currentChecks, lastDecidedOf } from '../../vault/check-record.js';
import type { ProfileMeta } from '../../vault/store-doc.js';
import type { ReviewedKey, SourceData } from '../model.js';
import { isKeyscopeOwnUse } from '../own-use.js';
import { usesOf } from './profile-uses.js';

/** The label saved profiles have in a review. */
export const PROFILES_LABEL = 'saved profiles';

/** What the last valid check said of whose the key is. */
export function identityOf(p: ProfileMeta): { account?: string; user?: string; isRoot?: boolean } {
  const decided = lastDecidedOf(p);
  if (decided?.valid !== true) return {};
  const isRoot = decided.arn ? /:root$/.test(decided.arn) : undefined;
  const user = decided.userName ?? (decided.arn && !isRoot ? /:user\/(?:.*\/)?([^/]+)$/.exec(decided.arn)?.[1] : undefined);
  return { ...(decided.account ? { account: decided.account } : {}), ...(user ? { user } : {}), ...(isRoot !== undefined ? { isRoot } : {}) };
}

/** One profile's key as the engine reads it. Active is left unknown: a check's time is not the review's. */
export function profileKey(p: ProfileMeta): ReviewedKey {
  const decided = lastDecidedOf(p);
  const uses = usesOf(p);
  const own = isKeyscopeOwnUse(uses.lastUsed, uses.ownTimes);
  return {
    source: 'profile',
    accessKeyId: p.accessKeyId,
    profile: p.name,
    ...identityOf(p),
    ...(uses.lastUsed ? { lastUsed: uses.lastUsed } : {}),
    ...(own ? { keyscopeOwnUse: true, ...(uses.ownerLastUsed ? { ownerLastUsed: uses.ownerLastUsed } : {}) } : {}),
    ...(decided ? { lastDecided: { valid: decided.valid === true, category: decided.error?.Category ?? null, at: decided.at } } : {}),
    ...(currentChecks(p).length === 0 ? { neverChecked: true } : {}),
  };
}

/** The saved profiles as one source, as of `now` (ISO 8601); `all` when they are every saved profile (compare.ts). */
export function profilesSource(profiles: readonly ProfileMeta[], now: string, all = false): SourceData {
  return { kind: 'profile', label: PROFILES_LABEL, dataAsOf: now, asOfOrigin: 'the time of the review', keys: profiles.map(profileKey), ...(all ? { coversAll: true } : {}) };
}
