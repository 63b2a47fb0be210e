/** A profile's status word, from its last checks and expiry. */
import { lastCheckOf, lastDecidedOf, type ProfileMeta } from './profiles.js';

export type ProfileStatus = 'valid' | 'invalid' | 'expired' | 'could not check' | 'never checked';

/**
 * expired (by its own expiry), could not check (the most recent check could not decide: what is known is older,
 * see lastDecidedOf), valid, invalid, expired (AWS said so), never checked.
 */
export function statusOf(p: ProfileMeta, now = Date.now()): ProfileStatus {
  if (p.expiration && Date.parse(p.expiration) < now) return 'expired';
  const latest = lastCheckOf(p);
  if (!latest) return 'never checked';
  if (latest.valid === null) return 'could not check';
  if (latest.valid === true) return 'valid';
  return latest.error?.Category === 'expired' ? 'expired' : 'invalid';
}

/** The status the last decided check gave, for "valid 3 days ago" beside "could not check". */
export function decidedStatusOf(p: ProfileMeta): Exclude<ProfileStatus, 'could not check'> {
  const decided = lastDecidedOf(p);
  if (!decided) return 'never checked';
  if (decided.valid === true) return 'valid';
  return decided.error?.Category === 'expired' ? 'expired' : 'invalid';
}
