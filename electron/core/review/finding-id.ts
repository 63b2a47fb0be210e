/**
 * Stable finding ids: HMAC-SHA256 over the check, the account and the key (its id, or user and slot when a
 * credential report gives no id), keyed by a secret kept with the reviews.
 *
 * Why keyed: a report shows the account and the masked key id (first and last four characters). Once the account
 * is known, only ~20 bits of the id are left unknown, so a plain hash of the id could be reversed in a second by
 * trying them all, and every masked report would carry the whole key id in disguise. With the key, ids are stable
 * across the reviews of one keyscope home (same key, same check, same id) and reveal nothing.
 */

import { createHmac } from 'node:crypto';
import type { CheckId } from './model.js';

/** What a finding is about, for its id. */
export interface FindingSubject {
  readonly account: string | null;
  readonly accessKeyId?: string | null;
  readonly user?: string | null;
  readonly slot?: 1 | 2 | null;
  readonly profile?: string | null;
}

/** The subject's identity: the key id when known, else the user and slot, else the user, else the profile. */
function subjectKey(s: FindingSubject): string {
  if (s.accessKeyId) return `key:${s.accessKeyId}`;
  if (s.user && s.slot) return `user:${s.user}#${s.slot}`;
  if (s.user) return `user:${s.user}`;
  return `profile:${s.profile ?? ''}`;
}

/** The finding id: 32 hex characters (128 bits of HMAC-SHA256), the same for the same check and subject. */
export function findingId(check: CheckId, subject: FindingSubject, idKey: string): string {
  // NUL separates the parts: none of them can hold one, so no two subjects give the same input.
  const input = [check, subject.account ?? '', subjectKey(subject)].join('\u0000');
  return createHmac('sha256', idKey).update(input, 'utf8').digest('hex').slice(0, 32);
}

/**
 * A fingerprint of the id key, saved with each review (never the key): 16 hex characters of HMAC-SHA256 keyed by it
 * over a fixed text. Two reviews with different fingerprints were made with different keys, so no finding id of one
 * can match the other's: comparing them would call every finding new and every earlier one resolved.
 */
export function idKeyFingerprint(idKey: string): string {
  return createHmac('sha256', idKey).update('keyscope finding-id key fingerprint', 'utf8').digest('hex').slice(0, 16);
}
