/**
 * An add whose store write fails, with the keychain locked before its entry can be removed again: the failure says
 * the entry stays and names doctor. Its own gnome-keyring (private D-Bus session): a locked one stays locked.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyring, useKeyring, type Keyring } from '../../../e2e/fixtures/keyring.js';
import type { StorageFailure } from '../../../shared/failure.js';
import { err, type Result } from '../../../shared/result.js';
import { KeychainStore } from './keychain-store.js';
import { ProfileStore, storageFailure } from './profiles.js';
import { Vault } from './vault.js';

let keyring: Keyring;
const KEY = { accessKeyId: 'AKIAY34FZKBOORPHAN01', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYORPHANKEY1' };

beforeAll(async () => {
  keyring = await startKeyring();
  useKeyring(keyring);
});
afterAll(() => keyring?.stop());

describe('an add that cannot be undone in the keychain', () => {
  it('says the entry just saved stays, and names doctor, when the store fails and the keychain is locked meanwhile (disk full simulated)', async () => {
    const keychain = new KeychainStore();
    // The store fails as a full disk does; just before, the login keyring is locked (for real), as a screen lock might.
    class FullDiskThenLocked extends ProfileStore {
      override update<T>(): Result<T, StorageFailure> {
        keyring.lock();
        return err(storageFailure({ kind: 'io', file: this.file, code: 'ENOSPC' }));
      }
    }
    const vault = new Vault(new FullDiskThenLocked(mkdtempSync(join(tmpdir(), 'keyscope-orphan-'))), keychain);
    const r = await vault.add({ name: 'orphan', ...KEY, source: 'manual' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('storage');
    expect(r.error.message).toMatch(/ENOSPC/);
    expect(r.error.message).toMatch(/The keychain entry just saved for it could not be removed again \(.*locked/);
    expect(r.error.hint).toMatch(/`keyscope profiles doctor` lists that entry, and `keyscope profiles doctor --forget-orphans --yes` deletes it\./);
    expect(JSON.stringify(r.error)).not.toContain(KEY.secretAccessKey);
    // The entry is there still: secret-tool sees the one item (locked, its label only: the binding's name for it).
    const found = execFileSync('secret-tool', ['search', '--all', 'service', 'keyscope'], { env: { ...process.env, ...keyring.env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(found.match(/^label = keyring:[0-9a-f-]{36}@keyscope$/gm)).toHaveLength(1);
  });
});
