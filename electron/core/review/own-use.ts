/**
 * Telling keyscope's own use of a key from its owner's, for findings: the rule is core/keys/own-use.ts's (a last use
 * by sts or iam within 15 minutes of one of keyscope's own checks is keyscope's, never the owner's).
 */

import { isKeyscopeOwnUse as isOwnUse } from '../keys/own-use.js';
import type { LastUse, ReviewedKey } from './model.js';

export { OWN_USE_WINDOW_MS } from '../keys/own-use.js';

/** Whether a reported last use is one of keyscope's own checks (the rule is core/keys/own-use.ts's). */
export function isKeyscopeOwnUse(lastUse: LastUse | undefined, ownCheckTimes: readonly string[]): boolean {
  return isOwnUse(lastUse?.date, lastUse?.service ?? undefined, ownCheckTimes);
}

/**
 * The owner's last use as far as the data shows: the reported last use, or, when that was keyscope's own check,
 * the last use remembered that was not. Undefined when unknown (then no use finding can rest on it).
 */
export function ownerLastUse(key: ReviewedKey): LastUse | undefined {
  return key.keyscopeOwnUse ? key.ownerLastUsed : key.lastUsed;
}
