/**
 * A profile as the app's list shows it: the core's list view (electron/core/views.ts) with whose it is, its notes and
 * its expiry, which the list's owner column, notes and "expiring soon" count need. Kept beside the handlers until
 * the core's view carries them.
 */
import type { ProfileRowView } from '../../shared/model.js';
import { lastDecidedOf, type ProfileMeta } from '../core/vault/profiles.js';
import { profileView } from '../core/views.js';

/** The list's row of a profile. */
export function profileRowView(p: ProfileMeta): ProfileRowView {
  const decided = lastDecidedOf(p);
  return { ...profileView(p), arn: decided?.arn ?? null, userName: decided?.userName ?? null, notes: p.notes ?? null, expiration: p.expiration ?? null };
}
