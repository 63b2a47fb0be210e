/**
 * Checks as a profile remembers them: made from a check's view (structured fields only, error texts scrubbed of
 * anything shaped like a secret), kept once each in the profile's history, newest first.
 */
import type { Failure } from '../../../shared/failure.js';
import { errorView, type CheckView, type ErrorView } from '../../../shared/model.js';
import { scrubSecrets } from '../aws/scrub.js';
import { isKeyscopeOwnUse } from '../keys/own-use.js';
import type { CheckError, CheckRecord, ProfileMeta } from './store-doc.js';

/** How many checks each profile remembers (plus the latest decided one, if it is older). */
export const HISTORY_LIMIT = 50;

function reported(e: ErrorView): CheckError {
  return {
    Code: scrubSecrets(e.Code).slice(0, 128),
    Message: scrubSecrets(e.Message).slice(0, 1000),
    HttpStatus: typeof e.HttpStatus === 'number' ? e.HttpStatus : null,
    Category: e.Category,
    Hint: scrubSecrets(e.Hint).slice(0, 1000),
    ...(e.RequestId ? { RequestId: scrubSecrets(e.RequestId).slice(0, 128) } : {}),
  };
}

/** A check that could not be made (the keychain, a bug): remembered as undecided, with why. */
export function undecidedRecord(at: string, failure: Failure): CheckRecord {
  return { at, valid: null, error: reported(errorView(failure)) };
}

/** Turns a check's report into a remembered check: structured fields only, error texts scrubbed of secret shapes. */
export function checkRecord(report: CheckView): CheckRecord {
  if (report.Valid === true) {
    return {
      at: report.CheckedAt,
      valid: true,
      account: report.Account,
      arn: report.Arn,
      userId: report.UserId,
      userName: report.UserName,
      lastUsed: report.AccessKeyLastUsed ? { LastUsedDate: report.AccessKeyLastUsed.LastUsedDate, ServiceName: report.AccessKeyLastUsed.ServiceName, Region: report.AccessKeyLastUsed.Region } : null,
      lastUsedError: report.LastUsedError ? reported(report.LastUsedError) : null,
    };
  }
  return { at: report.CheckedAt, valid: report.Valid, error: reported(report.Error) };
}

/**
 * Whether a check in the profile's history was of a key replaced since (set-key, Replace key…): by the key it names
 * (keyRef), else, for checks stored before keys were named, by its time.
 */
export function isEarlierKeyCheck(p: ProfileMeta, h: CheckRecord): boolean {
  if (h.keyRef !== undefined) return h.keyRef !== p.id;
  return p.keyChangedAt !== undefined && Date.parse(h.at) < Date.parse(p.keyChangedAt);
}

/** A profile's history as its key is replaced: every check is of an earlier key, named by the id it was recorded under. */
export function historyOfReplacedKey(p: ProfileMeta): readonly CheckRecord[] {
  return p.history.map((h) => (h.keyRef === undefined ? { ...h, keyRef: p.id } : h));
}

/** The checks of the profile's current key (after set-key, the old key's checks stay in history but say nothing of it). */
export function currentChecks(p: ProfileMeta): readonly CheckRecord[] {
  return p.keyChangedAt ? p.history.filter((h) => !isEarlierKeyCheck(p, h)) : p.history;
}

/** The most recent check of the current key, decided or not. */
export function lastCheckOf(p: ProfileMeta): CheckRecord | undefined {
  return currentChecks(p)[0];
}

/** The most recent check of the current key that decided validity (an undecided check never replaces it). */
export function lastDecidedOf(p: ProfileMeta): CheckRecord | undefined {
  return currentChecks(p).find((h) => h.valid !== null);
}

/** Whether the last use a check reported was keyscope's own (an earlier check of this key, not a replaced one, or this one). */
export function isOwnLastUse(profile: ProfileMeta, record: CheckRecord): boolean {
  const use = record.lastUsed;
  return Boolean(use && isKeyscopeOwnUse(use.LastUsedDate, use.ServiceName, [record.at, ...currentChecks(profile).map((h) => h.at)]));
}

/**
 * Adds a check to a profile: history bounded, always keeping the latest decided check; a reported last use that was
 * not keyscope's own becomes the owner's last use (a newer one replaces an older one).
 */
export function withCheck(profile: ProfileMeta, checked: CheckRecord): ProfileMeta {
  // A check is of the key its profile id stands for (set-key gives a new id): named, once a key has been replaced.
  const record = profile.keyChangedAt === undefined ? checked : { ...checked, keyRef: profile.id };
  const all = [record, ...profile.history];
  const kept = all.slice(0, HISTORY_LIMIT);
  const decided = all.find((h) => h.valid !== null);
  const history = decided && !kept.includes(decided) ? [...kept, decided] : kept;
  const use = record.lastUsed;
  const newer = use?.LastUsedDate && (!profile.ownerLastUse?.LastUsedDate || Date.parse(use.LastUsedDate) > Date.parse(profile.ownerLastUse.LastUsedDate));
  const owner = use && newer && !isOwnLastUse(profile, record) ? { ownerLastUse: use } : {};
  return { ...profile, ...owner, history };
}
