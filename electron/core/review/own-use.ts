/**
 * Telling keyscope's own use of a key from its owner's. Every signed call, GetCallerIdentity included, becomes the
 * key's last use at AWS; a last use by `sts` within 15 minutes of one of keyscope's own checks (AWS records last use
 * at about that granularity) is keyscope's, and never counts as the owner's use in findings.
 */

import type { LastUse, ReviewedKey } from './model.js';

/** AWS records last use at a 15-minute granularity (DESIGN.md). */
export const OWN_USE_WINDOW_MS = 15 * 60 * 1000;

/** Whether a reported last use is one of keyscope's own checks (given the times keyscope signed with the key). */
export function isKeyscopeOwnUse(lastUse: LastUse | undefined, ownCheckTimes: readonly string[]): boolean {
  if (!lastUse?.date || lastUse.service !== 'sts') return false;
  const used = Date.parse(lastUse.date);
  if (Number.isNaN(used)) return false;
  return ownCheckTimes.some((t) => {
    const at = Date.parse(t);
    return !Number.isNaN(at) && Math.abs(used - at) <= OWN_USE_WINDOW_MS;
  });
}

/**
 * The owner's last use as far as the data shows: the reported last use, or, when that was keyscope's own check,
 * the last use remembered that was not. Undefined when unknown (then no use finding can rest on it).
 */
export function ownerLastUse(key: ReviewedKey): LastUse | undefined {
  return key.keyscopeOwnUse ? key.ownerLastUsed : key.lastUsed;
}
