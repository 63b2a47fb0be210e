/** What the renderer sees of profiles: never a secret, key ids masked. */
import type { ProfileDetailView, ProfileView } from '../../../shared/contract.js';
import { analyzeKeyId, maskKeyId } from '../keys/key-id.js';
import { lastCheckOf, lastDecidedOf, type ProfileMeta } from '../vault/profiles.js';
import { statusOf } from '../vault/status.js';

export function profileView(p: ProfileMeta): ProfileView {
  const last = lastDecidedOf(p);
  return {
    id: p.id,
    name: p.name,
    maskedKeyId: maskKeyId(p.accessKeyId),
    keyType: p.keyType,
    account: last?.account ?? p.derivedAccount,
    status: statusOf(p),
    lastChecked: lastCheckOf(p)?.at ?? null,
    lastUsed: last?.lastUsed ? (last.lastUsed.LastUsedDate ?? 'never') : null,
    region: p.region ?? null,
  };
}

export function profileDetailView(p: ProfileMeta, hasSecret: boolean | null): ProfileDetailView {
  const last = lastDecidedOf(p);
  const analysis = analyzeKeyId(p.accessKeyId);
  return {
    ...profileView(p),
    arn: last?.arn ?? null,
    userId: last?.userId ?? null,
    userName: last?.userName ?? null,
    lastUsedInfo: last?.lastUsed ?? null,
    lastUsedError: last?.lastUsedError ?? null,
    analysis,
    notes: p.notes ?? null,
    expiration: p.expiration ?? null,
    createdAt: p.createdAt,
    hasSecret,
    lastError: lastCheckOf(p)?.error ?? null,
    history: p.history.map((h) => ({
      at: h.at,
      valid: h.valid,
      ...(h.account ? { account: h.account } : {}),
      ...(h.arn ? { arn: h.arn } : {}),
      ...(h.lastUsed !== undefined ? { lastUsed: h.lastUsed } : {}),
      ...(h.error ? { error: h.error } : {}),
    })),
  };
}
