/** A profile's status word, from its last checks and expiry. */
import { lastCheckOf, lastDecidedOf, type CheckRecord, type ProfileMeta } from './profiles.js';

export type ProfileStatus = 'valid' | 'invalid' | 'expired' | 'could not check' | 'never checked';

/**
 * expired (by its own expiry), could not check (the most recent check could not decide: what is known is older,
 * see lastDecidedOf), valid, invalid, expired (AWS said so), never checked.
 */
export function statusOf(p: ProfileMeta, now = Date.now()): ProfileStatus {
  if (p.expiration && Date.parse(p.expiration) < now) return 'expired';
  const latest = lastCheckOf(p);
  if (!latest) return 'never checked';
  return latest.valid === null ? 'could not check' : decidedStatus(latest);
}

/** What a decided check said: valid, or rejected as expired or invalid. */
function decidedStatus(check: CheckRecord): 'valid' | 'invalid' | 'expired' {
  if (check.valid === true) return 'valid';
  return check.error?.Category === 'expired' ? 'expired' : 'invalid';
}

/** The status the last decided check gave, for "valid 3 days ago" beside "could not check". */
export function decidedStatusOf(p: ProfileMeta): Exclude<ProfileStatus, 'could not check'> {
  const decided = lastDecidedOf(p);
  return decided ? decidedStatus(decided) : 'never checked';
}
