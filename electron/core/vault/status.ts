/** A profile's status word, from its last checks and expiry. */
import { lastCheckOf, lastDecidedOf, type ProfileMeta } from './profiles.js';

export type ProfileStatus = 'valid' | 'invalid' | 'expired' | 'could not check' | 'never checked';

/** valid, invalid, expired, could not check (only undecided checks so far), never checked. */
export function statusOf(p: ProfileMeta, now = Date.now()): ProfileStatus {
  if (p.expiration && Date.parse(p.expiration) < now) return 'expired';
  const decided = lastDecidedOf(p);
  if (decided?.valid === true) return 'valid';
  if (decided?.valid === false) return decided.error?.Category === 'expired' ? 'expired' : 'invalid';
  return lastCheckOf(p) ? 'could not check' : 'never checked';
}
