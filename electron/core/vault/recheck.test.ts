/** Recheck with a real keychain and a real moto: concurrency, progress, cancellation, storage, spacing. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyring, useKeyring, type Keyring } from '../../../e2e/fixtures/keyring.js';
import { mistyped, startMoto, type Moto } from '../../../e2e/fixtures/moto.js';
import { freePort } from '../../../e2e/fixtures/ports.js';
import { QueryClient } from '../aws/client.js';
import type { Credentials } from '../aws/model.js';
import { createTransport, type Transport } from '../aws/transport.js';
import { savedProfileCheck } from '../checks.js';
import { verifyCredential } from '../verify.js';
import { KeychainStore } from './keychain-store.js';
import { lastCheckOf, lastDecidedOf, ProfileStore, type ProfileMeta } from './profiles.js';
import { recheckProfiles } from './recheck.js';
import { Vault } from './vault.js';

let keyring: Keyring;
let moto: Moto;
let transport: Transport;
let vault: Vault;
let dir: string;
let profiles: ProfileMeta[];

const verifier = (url: string) => (credentials: Credentials, _profile?: ProfileMeta) =>
  verifyCredential(new QueryClient({ transport, endpoints: { endpointUrl: url, region: 'us-east-1' }, userAgent: 'k', retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }, credentials), credentials, { lastUsed: false });

/** A recheck's check against `url`: the secret from the keychain, then verify (as both fronts make it). */
const checker = (url: string) => savedProfileCheck(vault, profiles, verifier(url));

beforeAll(async () => {
  keyring = await startKeyring();
  useKeyring(keyring);
  moto = await startMoto({ auth: true });
  const t = createTransport({ env: {} });
  if (!t.ok) throw new Error('transport');
  transport = t.value;
  dir = mkdtempSync(join(tmpdir(), 'keyscope-recheck-'));
  vault = new Vault(new ProfileStore(dir), new KeychainStore());
  for (let i = 0; i < 6; i += 1) {
    const key = await moto.createUser(`u${i}`, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] });
    // Profile 5 has a typo in its secret.
    const secret = i === 5 ? mistyped(key.secretAccessKey) : key.secretAccessKey;
    const r = await vault.add({ name: `p${i}`, accessKeyId: key.accessKeyId, secretAccessKey: secret, source: 'manual' });
    if (!r.ok) throw new Error(r.error.message);
  }
  const all = vault.list();
  if (!all.ok) throw new Error('list');
  profiles = [...all.value];
});
afterAll(async () => {
  transport?.close();
  await moto?.stop();
  keyring?.stop();
});

describe('recheck', () => {
  it('checks every profile at most `concurrency` at a time, reports progress and stores each result', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const progress: number[] = [];
    const check = checker(moto.url);
    const result = await recheckProfiles(vault, profiles, {
      concurrency: 2,
      minIntervalMs: 0,
      onProgress: (p) => progress.push(p.done),
      check: async (p) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const r = await check(p);
        inFlight -= 1;
        return r;
      },
    });
    expect(maxInFlight).toBe(2);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.items.map((i) => i.record.valid)).toEqual([true, true, true, true, true, false]);
    const stored = vault.list();
    expect(stored.ok && stored.value.map((p) => lastDecidedOf(p)?.valid)).toEqual([true, true, true, true, true, false]);
    expect(stored.ok && (stored.value[5] && lastDecidedOf(stored.value[5]))?.error?.Code).toBe('SignatureDoesNotMatch');
  });

  it('records a check that could not decide without replacing the last decided validity', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/`;
    const current = vault.list();
    if (!current.ok) throw new Error('list');
    await recheckProfiles(vault, current.value.slice(0, 2), { minIntervalMs: 0, check: checker(closed) });
    const after = vault.list();
    if (!after.ok) throw new Error('list');
    expect((after.value[0] && lastCheckOf(after.value[0]))?.valid).toBeNull();
    expect((after.value[0] && lastCheckOf(after.value[0]))?.error?.Code).toBe('ECONNREFUSED');
    expect((after.value[0] && lastDecidedOf(after.value[0]))?.valid).toBe(true);
  });

  it('stops starting checks once cancelled', async () => {
    const controller = new AbortController();
    const result = await recheckProfiles(vault, profiles, {
      concurrency: 1,
      minIntervalMs: 0,
      signal: controller.signal,
      check: checker(moto.url),
      onProgress: (p) => {
        if (p.done === 2) controller.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    expect(result.items).toHaveLength(2);
  });

  it('saves a finished check within 2 s while the next check still waits for its answer (a kill then loses at most 2 s)', async () => {
    const [first, second] = profiles;
    if (!first || !second) throw new Error('two profiles');
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const started = new Date().toISOString();
    // The second check's answer is held (a slow endpoint, up to its deadline): the first one's result must not wait for it.
    const check = checker(moto.url);
    const recheck = recheckProfiles(vault, [first, second], { concurrency: 1, minIntervalMs: 0, check: async (p) => (p.id === second.id ? answered.then(() => check(p)) : check(p)) });
    // What another process (or this one after a kill) would read from the disk: a store opened afresh.
    const onDisk = () => {
      const list = new Vault(new ProfileStore(dir), new KeychainStore()).list();
      if (!list.ok) throw new Error(list.error.message);
      return lastCheckOf(list.value.find((p) => p.id === first.id) ?? first)?.at ?? '';
    };
    const until = Date.now() + 6_000;
    while (onDisk() < started && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(onDisk() >= started, "the first profile's check is on disk while the second waits").toBe(true);
    answer();
    const result = await recheck;
    expect(result.items.map((i) => i.profile.id)).toEqual([first.id, second.id]);
    expect(result.storeFailure).toBeUndefined();
  }, 20_000);

  it('never checks one key twice within the minimum interval', async () => {
    const current = vault.list();
    if (!current.ok) throw new Error('list');
    const one = current.value.slice(0, 1);
    await recheckProfiles(vault, one, { minIntervalMs: 0, check: checker(moto.url) });
    const started = Date.now();
    const again = vault.list();
    if (!again.ok) throw new Error('list');
    await recheckProfiles(vault, again.value.slice(0, 1), { minIntervalMs: 1500, check: checker(moto.url) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1300);
  });

  it('reports a profile whose secret is missing from the keychain, and checks the others', async () => {
    const current = vault.list();
    if (!current.ok) throw new Error('list');
    const gone = current.value[4] as ProfileMeta;
    await new KeychainStore().delete(gone.id);
    const result = await recheckProfiles(vault, current.value.slice(3, 5), { minIntervalMs: 0, check: checker(moto.url) });
    expect(result.items[0]?.record.valid).not.toBeNull();
    expect(result.items[1]?.record).toMatchObject({ valid: null, error: { Code: 'KeychainError', Message: expect.stringMatching(/holds no secret/) } });
  });
});
