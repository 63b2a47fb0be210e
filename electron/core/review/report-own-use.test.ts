/**
 * keyscope's own checks in a credential report: a row's last use that is a check of a saved key never counts as the
 * owner's use, where the row can be tied to that key (report-own-use.ts). The first test checks a key at moto, with a
 * real gnome-keyring and store, as a recheck does, and reads the saved profile back as the review does.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyring, useKeyring, type Keyring } from '../../../e2e/fixtures/keyring.js';
import { startMoto, type Moto } from '../../../e2e/fixtures/moto.js';
import { QueryClient } from '../aws/client.js';
import { createTransport } from '../aws/transport.js';
import { savedProfileCheck } from '../checks.js';
import { KeychainStore } from '../vault/keychain-store.js';
import { ProfileStore } from '../vault/profiles.js';
import { recheckProfiles } from '../vault/recheck.js';
import { Vault } from '../vault/vault.js';
import { verifyCredential } from '../verify.js';
import { parseCredentialReport } from './credential-report.js';
import type { LastUse, ReviewedKey } from './model.js';
import { savedKeyChecks, type SavedKeyChecks } from './report-own-use.js';
import { runReview } from './report.js';
import { ID_KEY } from './test-kit.js';

const HEADER = 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

interface Slot {
  readonly rotated: string;
  readonly used?: string;
  readonly service?: string;
}

/** A one-row report: `slots` are access keys 1 and 2 (absent: no key). */
function report(account: string, user: string, slots: readonly (Slot | null)[]): string {
  const cells = (s: Slot | null | undefined): string => (s ? `true,${s.rotated},${s.used ?? 'N/A'},${s.used ? 'us-east-1' : 'N/A'},${s.used ? (s.service ?? 'sts') : 'N/A'}` : 'false,N/A,N/A,N/A,N/A');
  return `${HEADER}\n${user},arn:aws:iam::${account}:user/${user},2023-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,${cells(slots[0])},${cells(slots[1])},false,N/A,false,N/A\n`;
}

function keysOf(csv: string, asOf: string, savedKeys: readonly SavedKeyChecks[]): readonly ReviewedKey[] {
  const parsed = parseCredentialReport(csv, { label: 'own.csv', dataAsOf: asOf, asOfOrigin: '--as-of', savedKeys });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value.keys;
}

const minutes = (iso: string, n: number): string => new Date(Date.parse(iso) + n * 60_000).toISOString();

describe("keyscope's own checks in a credential report, with a key checked at moto", () => {
  let keyring: Keyring;
  let moto: Moto;
  let vault: Vault;

  beforeAll(async () => {
    keyring = await startKeyring();
    useKeyring(keyring);
    moto = await startMoto({ auth: true });
    vault = new Vault(new ProfileStore(mkdtempSync(join(tmpdir(), 'keyscope-report-own-use-'))), new KeychainStore());
    const creds = await moto.createUser('deploy', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:GetCallerIdentity', 'iam:GetAccessKeyLastUsed'], Resource: '*' }] });
    const added = await vault.add({ name: 'prod', accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, source: 'manual' });
    if (!added.ok) throw new Error(added.error.message);
    const t = createTransport({ env: {} });
    if (!t.ok) throw new Error('transport');
    const transport = t.value;
    const verify = (c: typeof creds) => verifyCredential(new QueryClient({ transport, endpoints: { endpointUrl: moto.url, region: 'us-east-1' }, userAgent: 'k', retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }, c), c, { lastUsed: true });
    const rechecked = await recheckProfiles(vault, [added.value], { minIntervalMs: 0, check: savedProfileCheck(vault, [added.value], verify) });
    transport.close();
    expect(rechecked.items.map((i) => i.record.valid)).toEqual([true]);
  }, 60_000);

  afterAll(async () => {
    await moto?.stop();
    keyring?.stop();
  });

  it("reads the check as keyscope's, not the owner's: no use finding rests on it", () => {
    const listed = vault.list();
    if (!listed.ok) throw new Error(listed.error.message);
    const saved = savedKeyChecks(listed.value);
    expect(saved).toEqual([{ accessKeyId: listed.value[0]?.accessKeyId, account: '123456789012', user: 'deploy', checkTimes: [expect.any(String)] }]);
    const checkedAt = saved[0]?.checkTimes[0] ?? '';
    // AWS writes the last use a few minutes off the check (its granularity); the report is of an hour later.
    const csv = report('123456789012', 'deploy', [{ rotated: '2024-01-01T00:00:00+00:00', used: minutes(checkedAt, -4) }]);
    const asOf = minutes(checkedAt, 60);
    const keys = keysOf(csv, asOf, saved);
    expect(keys).toEqual([expect.objectContaining({ slot: 1, keyscopeOwnUse: true })]);
    const review = runReview({ sources: [{ kind: 'credential-report', label: 'own.csv', dataAsOf: asOf, keys }], idKey: ID_KEY, generatedAt: asOf, offline: true });
    expect(review.findings.map((f) => [f.Check, f.Evidence.KeyscopeOwnUse])).toEqual([['access-key-not-rotated', true]]);
    // Without the saved profiles the same row is the owner's use, as before.
    expect(keysOf(csv, asOf, [])[0]?.keyscopeOwnUse).toBeUndefined();
  });
});

describe('tying a report row to a saved key', () => {
  const CHECK = '2025-06-29T12:00:00Z';
  const AS_OF = '2025-06-30T00:00:00Z';
  const OWNER: LastUse = { date: '2025-03-01T00:00:00Z', service: 's3', region: 'eu-west-1' };
  const saved = (over: Partial<SavedKeyChecks> = {}): SavedKeyChecks => ({ accessKeyId: 'AKIAQAAAAAAAAAAAAAAA', account: '111122223333', user: 'deploy', checkTimes: [CHECK], ownerLastUsed: OWNER, ...over });
  const own = { rotated: '2024-01-01T00:00:00+00:00', used: '2025-06-29T12:05:00+00:00' };
  const ownUse = (csv: string, keys: readonly SavedKeyChecks[] = [saved()]) => keysOf(csv, AS_OF, keys).map((k) => k.keyscopeOwnUse ?? false);

  it("takes the owner's remembered use in place of the check, so an unused key is found", () => {
    const keys = keysOf(report('111122223333', 'deploy', [own]), AS_OF, [saved()]);
    expect(keys[0]).toMatchObject({ keyscopeOwnUse: true, ownerLastUsed: OWNER });
    const review = runReview({ sources: [{ kind: 'credential-report', label: 'own.csv', dataAsOf: AS_OF, keys }], idKey: ID_KEY, generatedAt: AS_OF, offline: true });
    expect(review.findings.find((f) => f.Check === 'access-key-unused')?.Evidence).toMatchObject({ KeyscopeOwnUse: true, LastUsedDate: OWNER.date, LastUsedService: 's3' });
  });

  it('ties a slot when the other slot is empty, never used, or last used before the first check', () => {
    expect(ownUse(report('111122223333', 'deploy', [null, own]))).toEqual([true]);
    expect(ownUse(report('111122223333', 'deploy', [own, { rotated: '2024-01-01T00:00:00+00:00' }]))).toEqual([true, false]);
    expect(ownUse(report('111122223333', 'deploy', [{ rotated: '2024-01-01T00:00:00+00:00', used: '2025-06-29T11:44:59+00:00' }, own]))).toEqual([false, true]);
  });

  it('does not guess: another slot that could be the saved key, or two saved keys of the user, leave the use the owner\'s', () => {
    expect(ownUse(report('111122223333', 'deploy', [own, { rotated: '2024-01-01T00:00:00+00:00', used: '2025-06-29T11:46:00+00:00', service: 's3' }]))).toEqual([false, false]);
    expect(ownUse(report('111122223333', 'deploy', [own]), [saved(), saved({ accessKeyId: 'AKIAQBBBBBBBBBBBBBBB' })])).toEqual([false]);
    // Two profiles holding the same key are one key.
    expect(ownUse(report('111122223333', 'deploy', [own]), [saved(), saved({ checkTimes: ['2025-06-01T00:00:00Z'] })])).toEqual([true]);
  });

  it('needs the same account and user, sts or iam within 15 minutes, a check made once the key existed and not after the report', () => {
    expect(ownUse(report('444455556666', 'deploy', [own]))).toEqual([false]);
    expect(ownUse(report('111122223333', 'other', [own]))).toEqual([false]);
    expect(ownUse(report('111122223333', 'deploy', [{ ...own, service: 's3' }]))).toEqual([false]);
    expect(ownUse(report('111122223333', 'deploy', [{ ...own, used: '2025-06-29T12:15:01+00:00' }]))).toEqual([false]);
    expect(ownUse(report('111122223333', 'deploy', [{ ...own, rotated: '2025-06-29T12:01:00+00:00' }]))).toEqual([false]);
    // A fetched report's GeneratedTime is exact; --as-of may be a date's midnight, its report made later that day.
    const fetched = (asOf: string) => parseCredentialReport(report('111122223333', 'deploy', [own]), { label: 'fetched', dataAsOf: asOf, asOfOrigin: 'GeneratedTime', savedKeys: [saved()] });
    expect(fetched('2025-06-29T11:59:00Z')).toMatchObject({ ok: true, value: { keys: [expect.not.objectContaining({ keyscopeOwnUse: true })] } });
    expect(fetched('2025-06-29T12:10:00Z')).toMatchObject({ ok: true, value: { keys: [expect.objectContaining({ keyscopeOwnUse: true })] } });
    expect(keysOf(report('111122223333', 'deploy', [own]), '2025-06-29T00:00:00Z', [saved()]).map((k) => k.keyscopeOwnUse ?? false)).toEqual([true]);
    const lateCheck = saved({ checkTimes: ['2025-06-29T00:04:00Z'] });
    expect(keysOf(report('111122223333', 'deploy', [{ ...own, used: '2025-06-28T23:50:00+00:00' }]), '2025-06-28T00:00:00Z', [lateCheck]).map((k) => k.keyscopeOwnUse ?? false)).toEqual([false]);
    expect(keysOf(report('111122223333', 'deploy', [{ ...own, used: '2025-06-28T23:50:00+00:00' }]), '2025-06-28T00:05:00Z', [lateCheck]).map((k) => k.keyscopeOwnUse ?? false)).toEqual([true]);
  });
});
