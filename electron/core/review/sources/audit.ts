/**
 * The passive audit: one auditor credential of an account learns, for each saved long-term key of that account, its
 * user and last use (GetAccessKeyLastUsed on the key id) and its creation date and status (ListAccessKeys for the
 * user). Every request is signed by the auditor: not one by a reviewed key, so their last use stays the owners'.
 */
import type { Failure } from '../../../../shared/failure.js';
import type { QueryClient } from '../../aws/client.js';
import { getAccessKeyLastUsed } from '../../aws/iam.js';
import { listAccessKeys, type AccessKeyMetadata } from '../../aws/iam-keys.js';
import type { ProfileMeta } from '../../vault/store-doc.js';
import type { ReviewedKey, SourceData } from '../model.js';
import { isKeyscopeOwnUse } from '../own-use.js';
import { toLastUse, usesOf } from './profile-uses.js';
import { identityOf } from './profiles.js';

/** Which saved keys an audit looks at, and why the others are left out. */
export interface AuditPlan {
  readonly audited: readonly ProfileMeta[];
  readonly skipped: ReadonlyArray<{ readonly profile: string; readonly reason: string }>;
}

/** The account a saved key belongs to as far as keyscope knows: its last valid check, else its id. */
const accountOfProfile = (p: ProfileMeta): string | null => identityOf(p).account ?? p.derivedAccount;

/** Chooses the saved long-term keys of the auditor's account, other than the auditor's own. */
export function planAudit(profiles: readonly ProfileMeta[], auditor: ProfileMeta, auditorAccount: string): AuditPlan {
  const audited: ProfileMeta[] = [];
  const skipped: Array<{ profile: string; reason: string }> = [];
  for (const p of profiles) {
    const account = accountOfProfile(p);
    if (p.id === auditor.id) skipped.push({ profile: p.name, reason: 'it is the auditor: the audit signs with it' });
    else if (p.keyType !== 'long-term') skipped.push({ profile: p.name, reason: `its key is ${p.keyType}: IAM keeps last use for long-term keys only` });
    else if (account !== null && account !== auditorAccount) skipped.push({ profile: p.name, reason: `its key is of account ${account}, not the auditor's (${auditorAccount})` });
    else audited.push(p);
  }
  return { audited, skipped };
}

/** What an audit found: the source, and the keys it could not learn about (with why). */
export interface AuditResult {
  readonly source: SourceData;
  readonly failures: ReadonlyArray<{ readonly profile: string; readonly failure: Failure }>;
}

/**
 * The other keys ListAccessKeys showed for the audited users (not saved here): their status and age are known, so a
 * second active key (multiple-active-keys) or an old one is found too; their last use is not asked.
 */
function siblings(byUser: ReadonlyMap<string, AccessKeyMetadata[] | Failure>, saved: ReadonlySet<string>, account: string): ReviewedKey[] {
  return [...byUser.entries()].flatMap(([user, listed]) =>
    Array.isArray(listed)
      ? listed.filter((k) => !saved.has(k.AccessKeyId)).map((k): ReviewedKey => ({ source: 'audit', accessKeyId: k.AccessKeyId, account, user, active: k.Status === 'Active', ...(k.CreateDate ? { createdAt: k.CreateDate } : {}) }))
      : [],
  );
}

/** Runs the audit with the auditor's client; `now` is the data's time. */
export async function runAudit(client: QueryClient, plan: AuditPlan, auditorName: string, auditorAccount: string, now: string, onProgress?: (done: number, total: number) => void): Promise<AuditResult> {
  const keys: ReviewedKey[] = [];
  const failures: Array<{ profile: string; failure: Failure }> = [];
  const byUser = new Map<string, AccessKeyMetadata[] | Failure>();
  for (const [i, p] of plan.audited.entries()) {
    onProgress?.(i, plan.audited.length);
    const used = await getAccessKeyLastUsed(client, p.accessKeyId);
    if (!used.ok) {
      failures.push({ profile: p.name, failure: used.error });
      continue;
    }
    const { UserName: user, AccessKeyLastUsed: last } = used.value.value;
    const lastUsed = toLastUse({ LastUsedDate: last.LastUsedDate ?? null, ServiceName: last.ServiceName, Region: last.Region });
    const identity = identityOf(p);
    let meta: AccessKeyMetadata | undefined;
    // A root key's last use names no user; ListAccessKeys without one would list the auditor's own keys.
    if (user && identity.isRoot !== true) {
      let listed = byUser.get(user);
      if (!listed) {
        const r = await listAccessKeys(client, user);
        listed = r.ok ? r.value.value : r.error;
        byUser.set(user, listed);
      }
      if (Array.isArray(listed)) meta = listed.find((k) => k.AccessKeyId === p.accessKeyId);
      else failures.push({ profile: p.name, failure: listed });
    }
    const uses = usesOf(p);
    const own = isKeyscopeOwnUse(lastUsed, uses.ownTimes);
    keys.push({
      source: 'audit',
      accessKeyId: p.accessKeyId,
      profile: p.name,
      account: auditorAccount,
      ...(user ? { user } : {}),
      ...(identity.isRoot !== undefined ? { isRoot: identity.isRoot } : {}),
      ...(meta ? { active: meta.Status === 'Active', ...(meta.CreateDate ? { createdAt: meta.CreateDate } : {}) } : {}),
      lastUsed,
      ...(own ? { keyscopeOwnUse: true, ...(uses.ownerLastUsed ? { ownerLastUsed: uses.ownerLastUsed } : {}) } : {}),
    });
  }
  onProgress?.(plan.audited.length, plan.audited.length);
  keys.push(...siblings(byUser, new Set(plan.audited.map((p) => p.accessKeyId)), auditorAccount));
  return { source: { kind: 'audit', label: `audit with ${auditorName}`, dataAsOf: now, asOfOrigin: 'the time of the audit', keys }, failures };
}
