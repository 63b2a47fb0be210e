/**
 * What a saved profile's check history says of its key's use: the times keyscope itself signed with the key (each
 * check is a GetCallerIdentity), the last use AWS reported, and the last use that was not keyscope's own.
 */
import type { CheckLastUse, CheckRecord, ProfileMeta } from '../../vault/store-doc.js';
import { currentChecks } from '../../vault/check-record.js';
import type { LastUse } from '../model.js';
import { isKeyscopeOwnUse } from '../own-use.js';

/** Categories of checks that never reached AWS: nothing was signed, so they are no use of the key. */
const NOTHING_SENT: ReadonlySet<string> = new Set(['canary', 'input', 'keychain-locked', 'internal']);

/** A last use as the store keeps it, in the engine's terms ("N/A" is no value). */
export function toLastUse(u: CheckLastUse): LastUse {
  const na = (v: string): string | null => (v === 'N/A' || v === '' ? null : v);
  return { date: u.LastUsedDate, service: na(u.ServiceName), region: na(u.Region) };
}

/** The times keyscope signed a request with the profile's current key. */
export function ownCheckTimes(p: ProfileMeta): string[] {
  return currentChecks(p)
    .filter((c: CheckRecord) => !(c.error && NOTHING_SENT.has(c.error.Category)))
    .map((c) => c.at);
}

/** The last use reported at the latest check that asked, and the newest reported use that was not keyscope's own. */
export function usesOf(p: ProfileMeta): { lastUsed?: LastUse; ownerLastUsed?: LastUse; ownTimes: string[] } {
  const ownTimes = ownCheckTimes(p);
  const reported = currentChecks(p).flatMap((c) => (c.lastUsed ? [toLastUse(c.lastUsed)] : []));
  const lastUsed = reported[0];
  const ownerLastUsed = reported.find((u) => !isKeyscopeOwnUse(u, ownTimes));
  return { ...(lastUsed ? { lastUsed } : {}), ...(ownerLastUsed ? { ownerLastUsed } : {}), ownTimes };
}
