/**
 * How the profiles commands show saved profiles in JSON: the core's views (electron/core/views.ts) with every member
 * in PascalCase, as AWS's, the stored records mapped too; key ids masked unless --unmask; never a secret.
 */
import type { HistoryEntryView, ProfileView } from '../../shared/model.js';
import { isEarlierKeyCheck, lastCheckOf, type CheckRecord, type ProfileMeta } from '../core/vault/profiles.js';
import { profileDetailView, profileView } from '../core/views.js';

/** Whether key ids are shown whole (--unmask). */
export interface ShowOptions {
  readonly unmask?: boolean;
}

/**
 * One profile in lists: Status is what the most recent check says ("could not check" when it could not decide);
 * LastDecided is the last check that did decide, and LastChecked is its time.
 */
export function cliProfileView(p: ProfileMeta, show: ShowOptions = {}) {
  return pascal(profileView(p), p, show);
}

function pascal(v: ProfileView, p: ProfileMeta, show: ShowOptions) {
  return {
    Name: v.name,
    AccessKeyId: show.unmask ? p.accessKeyId : v.maskedKeyId,
    KeyType: v.keyType,
    Account: v.account,
    Status: v.status,
    LastDecided: v.lastDecided ? { Status: v.lastDecided.status, At: v.lastDecided.at } : null,
    LastChecked: v.lastChecked,
    CouldNotCheck: v.lastAttempt ? { At: v.lastAttempt.at, Error: v.lastAttempt.error } : null,
    LastUsed: v.lastUsed,
    Region: v.region,
  };
}

/** A stored check in PascalCase (the store keeps `at`, `valid`, `lastUsed`…; the CLI speaks as AWS does). */
export function checkView(r: CheckRecord | HistoryEntryView) {
  const x = r as CheckRecord;
  return {
    At: r.at,
    Valid: r.valid,
    ...(r.account !== undefined ? { Account: r.account } : {}),
    ...(r.arn !== undefined ? { Arn: r.arn } : {}),
    ...(x.userId !== undefined ? { UserId: x.userId } : {}),
    ...(x.userName !== undefined ? { UserName: x.userName } : {}),
    ...(r.lastUsed !== undefined ? { LastUsed: r.lastUsed } : {}),
    ...(x.lastUsedError !== undefined ? { LastUsedError: x.lastUsedError } : {}),
    ...(r.error !== undefined ? { Error: r.error } : {}),
  };
}

/** One profile in full: the list's view, then what the store holds (its checks as recorded), all in PascalCase. */
export function cliDetailView(p: ProfileMeta, hasSecret: boolean | null, show: ShowOptions = {}) {
  const d = profileDetailView(p, hasSecret);
  const last = lastCheckOf(p);
  return {
    ...pascal(d, p, show),
    Arn: d.arn,
    UserId: d.userId,
    UserName: d.userName,
    DerivedAccount: p.derivedAccount,
    Partition: p.partition,
    Notes: d.notes,
    Expiration: d.expiration,
    Source: p.source,
    CreatedAt: d.createdAt,
    UpdatedAt: p.updatedAt,
    ...(p.keyChangedAt ? { KeyChangedAt: p.keyChangedAt } : {}),
    SecretInKeychain: d.hasSecret,
    LastUsedInfo: d.lastUsedInfo,
    LastUsedIsOwnCheck: d.lastUsedIsOwnCheck ?? false,
    OwnerLastUsed: d.ownerLastUsed ?? null,
    LastCheck: last ? checkView(last) : null,
    History: p.history.map((h) => ({ ...checkView(h), ...(isEarlierKeyCheck(p, h) ? { EarlierKey: true as const } : {}) })),
  };
}

/** How many of the profiles are valid, invalid (expired included), could not be checked, never checked. */
export function statusCounts(statuses: readonly string[]) {
  const n = (test: (s: string) => boolean) => statuses.filter(test).length;
  return { Valid: n((s) => s === 'valid'), Invalid: n((s) => s === 'invalid' || s === 'expired'), CouldNotCheck: n((s) => s === 'could not check'), NeverChecked: n((s) => s === 'never checked') };
}

/** The counts in words: "5 valid, 1 invalid, 2 could not check". */
export function countsLine(c: ReturnType<typeof statusCounts>): string {
  return `${c.Valid} valid, ${c.Invalid} invalid, ${c.CouldNotCheck} could not check${c.NeverChecked ? `, ${c.NeverChecked} never checked` : ''}`;
}
