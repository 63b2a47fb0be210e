/**
 * `profiles doctor`'s words and exit codes for entries kept in pieces (secret-pieces.ts): pieces a save may still be
 * writing, and an entry of this store whose pieces do not add up and whose profile is gone. Run in process (`main`)
 * with a real gnome-keyring (private D-Bus session) and a real store.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyring, useKeyring, type Keyring } from '../../e2e/fixtures/keyring.js';
import { unwrap } from '../../e2e/fixtures/unwrap.js';
import { KeychainStore } from '../core/vault/keychain-store.js';
import { ProfileStore } from '../core/vault/profiles.js';
import { Vault } from '../core/vault/vault.js';
import { main } from './index.js';

let keyring: Keyring;
beforeAll(async () => {
  keyring = await startKeyring();
  useKeyring(keyring);
});
afterAll(() => keyring?.stop());

const TOKEN = 'IQoJb3JpZ2luX2VjE'.concat('AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/'.repeat(110)).slice(0, 4000);
const LONG = { name: 'long', accessKeyId: 'ASIAY34FZKBOKMUTVV7A', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: TOKEN, source: 'manual' } as const;

const secretTool = (...args: string[]) => spawnSync('secret-tool', args, { env: { ...process.env, ...keyring.env }, encoding: 'utf8' });
/** The account names of the pieces under the service keyscope (secret-tool prints the attributes on standard error). */
const pieceAccounts = () => [...secretTool('search', '--all', 'service', 'keyscope').stderr.matchAll(/^attribute\.username = (.*#.*)$/gm)].map((m) => m[1] ?? '');

async function doctor(home: string, ...flags: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['profiles', 'doctor', ...flags], { env: { ...process.env, KEYSCOPE_HOME: home }, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '' });
  return { code, stdout, stderr };
}

describe('profiles doctor and entries kept in pieces', () => {
  it('pieces written minutes ago that no entry names are a save that may be under way: said so, left alone by --forget-orphans --yes, exit 0', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ks-doctor-pieces-'));
    const vault = new Vault(new ProfileStore(home), new KeychainStore());
    const p = unwrap(await vault.add(LONG));
    // A save of another value stopped after its pieces (as if killed): they name this store, and no head names them.
    const head = JSON.parse(secretTool('lookup', 'service', 'keyscope', 'username', p.id).stdout) as { write: string };
    for (const account of pieceAccounts()) {
      const value = secretTool('lookup', 'service', 'keyscope', 'username', account).stdout.replace(head.write, 'fedcba9876543210');
      execFileSync('secret-tool', ['store', '--label=piece', 'service', 'keyscope', 'username', account.replace(head.write, 'fedcba9876543210')], { env: { ...process.env, ...keyring.env }, input: value });
    }
    const count = pieceAccounts().length / 2;
    const listed = await doctor(home, '--output', 'text');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(`${count} pieces of a long keychain entry, written less than 10 minutes ago, that no entry uses yet: a save may still be under way, so they are left alone (a \`keyscope profiles doctor\` run later lists those still unused as left over).`);
    const yes = await doctor(home, '--forget-orphans', '--yes', '--output', 'json');
    expect(yes.code, yes.stderr).toBe(0);
    expect(JSON.parse(yes.stdout)).toMatchObject({ LeftoverPieces: 0, RecentPieces: count, LeftoverPiecesForgotten: false });
    expect(pieceAccounts()).toHaveLength(2 * count);
    expect(unwrap(await vault.credentials(p)).sessionToken).toBe(TOKEN);
  });

  it("an entry of this store whose pieces do not add up, and no profile: listed with what to do (exit 3), kept without --yes (exit 2), deleted with it", async () => {
    const home = mkdtempSync(join(tmpdir(), 'ks-doctor-pieces-'));
    secretTool('clear', 'service', 'keyscope');
    const vault = new Vault(new ProfileStore(home), new KeychainStore());
    const p = unwrap(await vault.add(LONG));
    secretTool('clear', 'service', 'keyscope', 'username', pieceAccounts()[0] ?? '');
    unwrap(vault.store.update((doc) => ({ doc: { ...doc, profiles: [] }, value: undefined })));
    const listed = await doctor(home, '--output', 'text');
    expect(listed.code).toBe(3); // a problem found, as an orphan is
    expect(listed.stdout).toContain(`Keychain entry id ${p.id} of this store is kept in pieces that do not add up, and no profile uses it: it cannot be restored; \`keyscope profiles doctor --forget-orphans --yes\` deletes it.`);
    expect(listed.stdout).not.toContain('left alone');
    const asked = await doctor(home, '--forget-orphans', '--output', 'text');
    expect(asked.code).toBe(2);
    expect(asked.stdout).toContain('Nothing was deleted: run again with --yes to forget the entry listed.');
    expect(pieceAccounts().length).toBeGreaterThan(0);
    const yes = await doctor(home, '--forget-orphans', '--yes', '--output', 'json');
    expect(yes.code, yes.stderr).toBe(0);
    expect(JSON.parse(yes.stdout)).toMatchObject({ BrokenEntries: [{ Id: p.id, Forgotten: true }], UnreadableKeychainEntries: 0 });
    expect(secretTool('search', '--all', 'service', 'keyscope').stdout).toBe('');
  });
});
