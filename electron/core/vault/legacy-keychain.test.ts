/** keytar's entries, written the old way with secret-tool into a real gnome-keyring (private D-Bus session), read back. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loginLockedReply, startKeyring, useKeyring, type Keyring } from '../../../e2e/fixtures/keyring.js';
import { KeychainStore, keychainFailure } from './keychain-store.js';
import { legacyKeychain } from './legacy-keychain.js';
import { ProfileStore, type ProfileMeta } from './profiles.js';
import { Vault } from './vault.js';
import type { LegacyKeychain, StoredSecret } from './secret-store.js';

let keyring: Keyring;
let legacy: LegacyKeychain;
const binding = new KeychainStore();

const OLD: StoredSecret = { accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', name: 'old-work' };
const NEW: StoredSecret = { accessKeyId: 'AKIAY34FZKBOKMUTVV7B', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', name: 'new-work', store: 'store-1' };
const oldJson = (s: StoredSecret): string => JSON.stringify({ v: 1, accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, name: s.name });

const env = (): NodeJS.ProcessEnv => ({ ...process.env, ...keyring.env });

/** Stores an entry exactly as keytar did: schema org.freedesktop.Secret.Generic, {service, account}. */
function storeTheOldWay(id: string, text: string): void {
  execFileSync('secret-tool', ['store', '--label=x', 'service', 'keyscope', 'account', id], { input: text, env: env(), stdio: ['pipe', 'ignore', 'pipe'] });
}

/** What secret-tool finds under {service: keyscope, account: id}. */
function findTheOldWay(id: string): string {
  return execFileSync('secret-tool', ['search', '--all', 'service', 'keyscope', 'account', id], { env: env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

beforeAll(async () => {
  keyring = await startKeyring();
  useKeyring(keyring);
  legacy = legacyKeychain() as LegacyKeychain;
});
afterAll(() => keyring?.stop());
beforeEach(async () => {
  const all = await new KeychainStore(legacy).list();
  if (all.ok) for (const e of all.value) await new KeychainStore(legacy).delete(e.id);
});

describe('legacyKeychain()', () => {
  it('is the Secret Service adapter on Linux only: the binding reads keytar on macOS; Windows is not handled', () => {
    expect(legacyKeychain('linux')).toBeDefined();
    expect(legacyKeychain('darwin')).toBeUndefined();
    expect(legacyKeychain('win32')).toBeUndefined();
  });
});

describe("keytar's entries in gnome-keyring", () => {
  it('reads an entry keytar wrote, which the binding alone cannot see', async () => {
    storeTheOldWay('p-old', oldJson(OLD));
    expect(await legacy.get('p-old')).toEqual({ ok: true, value: oldJson(OLD) });
    expect(await legacy.get('p-missing')).toEqual({ ok: true, value: null });
    // The reproducer: without the adapter, the entry is invisible.
    expect(await binding.get('p-old')).toEqual({ ok: true, value: null });
  });

  it("lists keytar's entries and not the binding's own", async () => {
    storeTheOldWay('p-old', oldJson(OLD));
    expect((await binding.set('p-new', NEW)).ok).toBe(true);
    const listed = await legacy.list();
    expect(listed).toEqual({ ok: true, value: [{ id: 'p-old', password: oldJson(OLD) }] });
  });

  it('deletes a keytar entry and nothing else', async () => {
    storeTheOldWay('p-old', oldJson(OLD));
    storeTheOldWay('p-other', oldJson({ ...OLD, name: 'other' }));
    expect((await binding.set('p-old', NEW)).ok).toBe(true); // the binding's entry under the same id stays
    expect(findTheOldWay('p-old')).toContain(OLD.secretAccessKey);
    expect(await legacy.delete('p-old')).toEqual({ ok: true, value: true });
    expect(findTheOldWay('p-old')).not.toContain(OLD.secretAccessKey);
    expect(await legacy.delete('p-old')).toEqual({ ok: true, value: false });
    expect(await legacy.get('p-other')).toEqual({ ok: true, value: oldJson({ ...OLD, name: 'other' }) });
    expect(await binding.get('p-old')).toEqual({ ok: true, value: NEW });
  });

  it('reads keytar-era entries through KeychainStore, decoded, beside new ones', async () => {
    storeTheOldWay('p-old', oldJson(OLD));
    const store = new KeychainStore(legacyKeychain());
    expect((await store.set('p-new', NEW)).ok).toBe(true);
    expect(await store.get('p-old')).toEqual({ ok: true, value: OLD });
    const all = await store.list();
    expect(all.ok && [...all.value].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'p-new', secret: NEW, written: expect.any(Number) },
      { id: 'p-old', secret: OLD },
    ]);
    // Saving the profile again replaces the keytar entry rather than leaving it to be read after a delete.
    expect((await store.set('p-old', { ...OLD, store: 'store-1' })).ok).toBe(true);
    expect(findTheOldWay('p-old')).toBe('');
    expect(await store.get('p-old')).toEqual({ ok: true, value: { ...OLD, store: 'store-1' } });
  });

  it("rewrites a keytar entry in the new form, naming its store, the first time its profile's key is used", async () => {
    storeTheOldWay('p-old', oldJson(OLD));
    const profiles = new ProfileStore(mkdtempSync(join(tmpdir(), 'keyscope-claim-')));
    const vault = new Vault(profiles, new KeychainStore(legacyKeychain()));
    const profile = { id: 'p-old', name: OLD.name, accessKeyId: OLD.accessKeyId } as ProfileMeta;
    expect(await vault.credentials(profile)).toEqual({ ok: true, value: { accessKeyId: OLD.accessKeyId, secretAccessKey: OLD.secretAccessKey } });
    const storeId = profiles.storeId();
    expect(storeId.ok).toBe(true);
    // Now the binding's own entry, naming this store; keytar's is gone.
    expect(await binding.get('p-old')).toEqual({ ok: true, value: { ...OLD, store: storeId.ok ? storeId.value : '' } });
    expect(findTheOldWay('p-old')).toBe('');
  });

  it('looks for keytar entries once per store when there are none, not at every save', async () => {
    const calls: string[] = [];
    // The real adapter, its calls counted.
    const counted: LegacyKeychain = {
      get: (id) => (calls.push('get'), legacy.get(id)),
      list: () => (calls.push('list'), legacy.list()),
      delete: (id) => (calls.push('delete'), legacy.delete(id)),
    };
    const store = new KeychainStore(counted);
    for (const id of ['p-1', 'p-2', 'p-3']) expect((await store.set(id, NEW)).ok).toBe(true);
    expect(calls).toEqual(['list']);
    // Where one exists, each save still replaces the profile's keytar entry.
    storeTheOldWay('p-old', oldJson(OLD));
    calls.length = 0;
    const another = new KeychainStore(counted);
    expect((await another.set('p-old', { ...OLD, store: 'store-1' })).ok).toBe(true);
    expect((await another.set('p-4', NEW)).ok).toBe(true);
    expect(calls).toEqual(['list', 'delete', 'delete']);
    expect(findTheOldWay('p-old')).toBe('');
  });

  it('says there is no D-Bus session, as a service failure', async () => {
    const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
    try {
      delete process.env.DBUS_SESSION_BUS_ADDRESS;
      const none = await legacy.get('p-old');
      expect(!none.ok && String(none.error)).toMatch(/no D-Bus session/);
      process.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${keyring.home}/no-such-bus`;
      const gone = await legacy.list();
      expect(!gone.ok && String(gone.error)).toMatch(/Could not connect to the D-Bus session/);
      for (const r of [none, gone]) expect(!r.ok && keychainFailure('the Secret Service', r.error, 'read from').category).toBe('service');
    } finally {
      process.env.DBUS_SESSION_BUS_ADDRESS = saved;
    }
  });

  // Last: the keyring stays locked (unlocking needs gnome-keyring's prompter, which has no display here).
  it('answers a locked keyring with an error, never null or an empty list, and no secret in it', async () => {
    storeTheOldWay('p-old', oldJson(OLD));
    // secret-tool segfaults after locking here (exit 139), but the lock happens: its status is ignored, the state checked.
    spawnSync('secret-tool', ['lock', '--collection=login'], { env: env(), stdio: 'ignore' });
    expect(loginLockedReply(keyring.env)).toContain('true');
    for (const r of [await legacy.get('p-old'), await legacy.list(), await legacy.delete('p-old')]) {
      expect(r.ok).toBe(false);
      const message = !r.ok ? String(r.error) : '';
      expect(message).toMatch(/locked/);
      expect(message).not.toContain(OLD.secretAccessKey);
      expect(keychainFailure('the Secret Service', !r.ok && r.error, 'read from').category).toBe('keychain-locked');
    }
    const store = new KeychainStore(legacyKeychain());
    const got = await store.get('p-old');
    expect(!got.ok && got.error.category).toBe('keychain-locked');
    const listed = await store.list();
    expect(!listed.ok && listed.error.category).toBe('keychain-locked');
  });
});
