/**
 * Issue 7's reproducers, as real `keyscope` processes against a real gnome-keyring (a fresh one per test, as a
 * locked one cannot be unlocked again without a display): a locked keychain, entries of two stores, repairs that
 * never delete, forgetting orphans, keytar-era entries, a new key for a profile, a store edited by hand.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ageKeychainEntries } from '../../e2e/fixtures/keychain-age.js';
import { builtCliOnKeyring } from '../../e2e/fixtures/keyring-cli.js';

const A = { id: 'AKIAY34FZKBOKMUTVV7A', secret: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const B = { id: 'AKIAY34FZKBOKMUTVV7B', secret: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' };
const C = { id: 'AKIAY34FZKBOKMUTVV7C', secret: 'Zp9Utk/h3yCo8nvbEXAMPLEKEYje7MtGbClwBF/2' };

const cli = builtCliOnKeyring();
const { ks } = cli;

function secretTool(...args: string[]): string {
  const r = spawnSync('secret-tool', args, { env: { ...process.env, ...cli.env() }, encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`; // it prints the attributes on stderr
}

function add(home: string, name: string, key: { id: string; secret: string }) {
  const r = ks(home, ['profiles', 'add', name], `${key.id}\n${key.secret}\n`);
  expect(r.code, r.stderr).toBe(0);
}

const lock = () => secretTool('lock', '--collection=login'); // secret-tool itself crashes on this here, after locking

describe('a locked keychain', () => {
  it('is its own failure, exit 3, never "no secret", never a crash; nothing is changed', async () => {
    await cli.start();
    const home = mkdtempSync(join(tmpdir(), 'ks-locked-'));
    add(home, 'alice', A);
    add(home, 'bob', B);
    const store = readFileSync(join(home, 'profiles.json'));
    lock();

    const recheck = ks(home, ['profiles', 'recheck', '--all']);
    expect(recheck.signal).toBeNull(); // keytar died here with SIGSEGV (exit 139)
    expect(recheck.code).toBe(3);
    expect(recheck.json().Rechecked.map((r: { Status: string; Error: { Category: string } }) => [r.Status, r.Error.Category])).toEqual([
      ['could not check', 'keychain-locked'],
      ['could not check', 'keychain-locked'],
    ]);

    const verify = ks(home, ['verify', '--profile', 'alice']);
    expect(verify.code).toBe(3);
    expect(verify.stdout + verify.stderr).toMatch(/is locked/);
    expect(verify.stdout + verify.stderr).toMatch(/Unlock your login keychain, then retry/);
    expect(verify.stdout + verify.stderr).not.toMatch(/holds no secret/);

    for (const args of [['profiles', 'doctor'], ['profiles', 'doctor', '--repair'], ['profiles', 'remove', 'alice']]) {
      const r = ks(home, args);
      expect(r.signal).toBeNull();
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stderr).toMatch(/is locked/);
      expect(r.stdout).not.toMatch(/REMOVED|Removed/);
    }
    expect(readFileSync(join(home, 'profiles.json')).equals(store)).toBe(true);
  });
});

describe('keychain entries belong to one store', () => {
  it("a repair in one store leaves another store's secrets alone", async () => {
    await cli.start();
    const first = mkdtempSync(join(tmpdir(), 'ks-store-a-'));
    const second = mkdtempSync(join(tmpdir(), 'ks-store-b-'));
    add(first, 'a1', A);
    add(first, 'a2', B);
    add(second, 'b1', A);
    add(second, 'b2', B);

    const doctor = ks(second, ['profiles', 'doctor', '--repair']);
    expect(doctor.code).toBe(0);
    expect(doctor.json()).toMatchObject({ OrphanEntries: [], OtherStoresEntries: 2, ProfilesWithoutSecret: [] });
    for (const name of ['a1', 'a2']) expect(ks(first, ['profiles', 'show', name]).json().SecretInKeychain).toBe(true);
    expect(ks(first, ['profiles', 'list']).json().Profiles).toHaveLength(2);
    expect(ks(second, ['profiles', 'list']).json().Profiles).toHaveLength(2);
  });

  it("remove and set-key in a store holding a copy of another store's profiles.json leave that store's entries alone", async () => {
    await cli.start();
    const first = mkdtempSync(join(tmpdir(), 'ks-store-a-'));
    const copy = mkdtempSync(join(tmpdir(), 'ks-store-copy-'));
    add(first, 'alice', A);
    add(first, 'bob', B);
    // A new KEYSCOPE_HOME (for a snap browser, say) given a copy of the store's file, not of its store-id.
    writeFileSync(join(copy, 'profiles.json'), readFileSync(join(first, 'profiles.json')));

    const removed = ks(copy, ['profiles', 'remove', 'alice', '--output', 'text']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/^Removed profile alice \(AKIA\*+VV7A, long-term, account \d{12}\)\.\n$/);
    expect(removed.stderr).toMatch(/^warning: The keychain entry of "alice" belongs to another keyscope store \(another KEYSCOPE_HOME folder\): it was left there, for the profile of that store that uses it\.\n$/);
    const replaced = ks(copy, ['profiles', 'set-key', 'bob'], `${C.id}\n${C.secret}\n`);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stderr).toMatch(/^warning: The new key is saved; the old key's keychain entry belongs to another keyscope store \(another KEYSCOPE_HOME folder\): it was left there/);
    // Both deleted the first store's entries: its alice and bob were left with no secret.
    for (const name of ['alice', 'bob']) expect(ks(first, ['profiles', 'show', name]).json().SecretInKeychain, name).toBe(true);
    expect(ks(first, ['profiles', 'doctor']).json()).toMatchObject({ ProfilesWithoutSecret: [], OrphanEntries: [] });
    expect(ks(copy, ['profiles', 'list']).json().Profiles.map((p: { Name: string }) => p.Name)).toEqual(['bob']);
    expect(ks(copy, ['profiles', 'show', 'bob']).json()).toMatchObject({ SecretInKeychain: true, AccessKeyId: 'AKIA************VV7C' });
  });

  it('repair never deletes an entry; --forget-orphans lists them and deletes only with --yes', async () => {
    await cli.start();
    const home = mkdtempSync(join(tmpdir(), 'ks-orphans-'));
    add(home, 'alice', A);
    add(home, 'bob', B);
    const file = join(home, 'profiles.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...doc, profiles: doc.profiles.filter((p: { name: string }) => p.name !== 'bob') })); // bob's metadata lost
    ageKeychainEntries(cli.env()); // saved 11 minutes ago: no save of it can be under way

    const listed = ks(home, ['profiles', 'doctor']);
    expect(listed.code).toBe(3);
    expect(listed.json().OrphanEntries).toEqual([expect.objectContaining({ Name: 'bob', AccessKeyId: 'AKIA************VV7B', Forgotten: false })]);

    const ask = ks(home, ['profiles', 'doctor', '--forget-orphans']);
    expect(ask.code).toBe(2);
    expect(ask.stderr).toMatch(/nothing was deleted; add --yes/);
    expect(secretTool('search', '--all', 'service', 'keyscope')).toContain(B.secret);

    const yes = ks(home, ['profiles', 'doctor', '--forget-orphans', '--yes', '--output', 'text']);
    expect(yes.code).toBe(0);
    expect(yes.stdout).toMatch(/Keychain entry "bob" \(AKIA\*+VV7B, id [0-9a-f-]+\): forgotten/);
    expect(secretTool('search', '--all', 'service', 'keyscope')).not.toContain(B.secret);
    expect(secretTool('search', '--all', 'service', 'keyscope')).toContain(A.secret);
  });

  it('reads an entry keytar wrote (service keyscope, account = profile id), and repair claims it for this store', async () => {
    await cli.start();
    const home = mkdtempSync(join(tmpdir(), 'ks-legacy-'));
    add(home, 'alice', A);
    const doc = JSON.parse(readFileSync(join(home, 'profiles.json'), 'utf8'));
    const id = '0d7c3f5e-1111-4222-8333-944445555666';
    writeFileSync(join(home, 'profiles.json'), JSON.stringify({ ...doc, profiles: [...doc.profiles, { ...doc.profiles[0], id, name: 'old', accessKeyId: C.id }] }));
    const old = JSON.stringify({ v: 1, accessKeyId: C.id, secretAccessKey: C.secret, name: 'old' });
    spawnSync('secret-tool', ['store', '--label=keyscope old', 'service', 'keyscope', 'account', id], { env: { ...process.env, ...cli.env() }, input: old });

    expect(ks(home, ['profiles', 'show', 'old']).json().SecretInKeychain).toBe(true);
    expect(ks(home, ['profiles', 'doctor']).json()).toMatchObject({ OrphanEntries: [], ProfilesWithoutSecret: [], UnclaimedEntries: [] });
    expect(ks(home, ['profiles', 'doctor', '--repair']).code).toBe(0);
    const after = secretTool('search', '--all', 'service', 'keyscope');
    expect(after).toContain(`attribute.username = ${id}`); // rewritten by the new binding, naming this store
    expect(after).not.toContain(`attribute.account = ${id}`);
    expect(ks(home, ['profiles', 'show', 'old']).json().SecretInKeychain).toBe(true);
  });
});

describe('profiles set-key', () => {
  it('gives a profile a new key, keeping its name and notes; the old entry goes only after the new one is saved', async () => {
    await cli.start();
    const home = mkdtempSync(join(tmpdir(), 'ks-setkey-'));
    expect(ks(home, ['profiles', 'add', 'alice', '--notes', 'rotated yearly'], `${A.id}\n${A.secret}\n`).code).toBe(0);
    add(home, 'bob', B);
    const taken = ks(home, ['profiles', 'set-key', 'alice'], `${B.id}\n${B.secret}\n`);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(/already saved as "bob"/);
    expect(secretTool('search', '--all', 'service', 'keyscope')).toContain(A.secret);

    const r = ks(home, ['profiles', 'set-key', 'alice'], `${C.id}\n${C.secret}\n`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().KeyReplaced).toMatchObject({ Name: 'alice', AccessKeyId: 'AKIA************VV7C', PreviousAccessKeyId: 'AKIA************VV7A' });
    expect(ks(home, ['profiles', 'show', 'alice']).json()).toMatchObject({ Notes: 'rotated yearly', SecretInKeychain: true, AccessKeyId: 'AKIA************VV7C' });
    const entries = secretTool('search', '--all', 'service', 'keyscope');
    expect(entries).toContain(C.secret);
    expect(entries).not.toContain(A.secret);
    expect(ks(home, ['profiles', 'set-key', 'nobody'], `${C.id}\n${C.secret}\n`).code).toBe(2);
  });
});

/** Runs `fn` on a new 256 KiB tmpfs (a real disk to fill) at `mount` (a new folder unless given), unmounted after it. */
async function onTmpfs(fn: (mount: string, free: () => number) => Promise<void> | void, mount = mkdtempSync(join(tmpdir(), 'ks-full-'))): Promise<void> {
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mount]);
  if (mounted.status !== 0) throw new Error(`this test needs root to mount a tmpfs: ${mounted.stderr}`);
  try {
    await fn(mount, () => Number(execFileSync('df', ['--output=avail', '-B1', mount], { encoding: 'utf8' }).split('\n')[1]));
  } finally {
    spawnSync('umount', [mount]);
  }
}

describe('a full disk', () => {
  it('profiles add fails in plain words, the store stays byte for byte, and the keychain entry is removed', async () => {
    await cli.start();
    await onTmpfs((mount, free) => {
      const profiles = Array.from({ length: 61 }, (_, i) => ({
        id: `p${i}`, name: `p${i}`, accessKeyId: `AKIAY34FZKBOKMUT${String(i).padStart(4, '0')}`, keyType: 'long-term', derivedAccount: '609629065308', partition: 'aws',
        source: 'manual', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', notes: 'n'.repeat(1500), history: [],
      }));
      writeFileSync(join(mount, 'profiles.json'), JSON.stringify({ schemaVersion: 2, profiles }));
      const before = readFileSync(join(mount, 'profiles.json'));
      writeFileSync(join(mount, 'filler'), Buffer.alloc(Math.max(0, free() - 12 * 1024)));

      const r = ks(mount, ['profiles', 'add', 'one-more'], `${C.id}\n${C.secret}\n`);
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/ENOSPC/);
      expect(r.stderr).toMatch(/disk is full/);
      expect(r.stderr).toContain(mount);
      expect(readFileSync(join(mount, 'profiles.json')).equals(before)).toBe(true);
      expect(secretTool('search', '--all', 'service', 'keyscope')).not.toContain(C.secret);
      expect(ks(mount, ['profiles', 'list']).json().Profiles).toHaveLength(61);
    });
  });

  // gnome-keyring answered "Couldn't create item: An error occurred on the device", and keyscope's hint said to check
  // that the keychain runs and is unlocked: both true, and no help.
  it("the keychain's own disk full (gnome-keyring's folder): add and remove fail, saying to free space there; nothing is changed", async () => {
    const keyring = await cli.start();
    const home = mkdtempSync(join(tmpdir(), 'ks-keyring-full-'));
    add(home, 'alice', A);
    const store = readFileSync(join(home, 'profiles.json'));
    // The daemon writes its whole keyring file on each change: over a full disk now. It also looks at the folder now
    // and then, and would drop a keyring whose file is gone: its files are copied onto the new disk first.
    const folder = join(keyring.home, 'data', 'keyrings');
    const files = readdirSync(folder).map((name) => ({ name, data: readFileSync(join(folder, name)) }));
    await onTmpfs((mount, free) => {
      for (const f of files) writeFileSync(join(mount, f.name), f.data, { mode: 0o600 });
      writeFileSync(join(mount, 'filler'), Buffer.alloc(free()));
      const added = ks(home, ['profiles', 'add', 'bob'], `${B.id}\n${B.secret}\n`);
      expect(added.code).toBe(3);
      expect(added.stderr).toMatch(/^keyscope: The Secret Service .* could not write its keyring file, so keyscope could not save to it \(.*An error occurred on the device.*\): the disk that holds it .* may be full\.\n/);
      expect(added.stderr).toMatch(/Free some space on that disk, then retry\. Nothing was changed\./);
      const removed = ks(home, ['profiles', 'remove', 'alice']);
      expect(removed.code).toBe(3);
      expect(removed.stderr).toMatch(/could not write its keyring file, so keyscope could not delete from it/);
      expect(readFileSync(join(home, 'profiles.json')).equals(store)).toBe(true);
      expect(secretTool('search', '--all', 'service', 'keyscope')).toContain(A.secret);
      expect(secretTool('search', '--all', 'service', 'keyscope')).not.toContain(B.secret);
    }, folder);
    add(home, 'bob', B); // space again: saves as before
  });

  it('profiles remove that cannot write the store puts the secret back: nothing is changed, as it says', async () => {
    await cli.start();
    await onTmpfs((mount, free) => {
      add(mount, 'alice', A);
      const before = readFileSync(join(mount, 'profiles.json'));
      writeFileSync(join(mount, 'filler'), Buffer.alloc(free()));

      const r = ks(mount, ['profiles', 'remove', 'alice']);
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^keyscope: "alice" was not removed: The profile store could not be saved: .*\(ENOSPC\): the disk is full: free some space and try again\. Nothing was changed\.\n/);
      expect(readFileSync(join(mount, 'profiles.json')).equals(before)).toBe(true);
      // The secret was deleted and the profile kept, with the words "Nothing was changed" inside the failure.
      expect(secretTool('search', '--all', 'service', 'keyscope')).toContain(A.secret);
      expect(ks(mount, ['profiles', 'show', 'alice']).json().SecretInKeychain).toBe(true);
    });
  });
});

describe('a store edited by hand', () => {
  it.each([
    ['a string lastCheck', { lastCheck: 'yesterday' }, /profiles\[0\]\.lastCheck is not an object/],
    ['a number for a name', { name: 42 }, /profiles\[0\]\.name should be a profile name, found a number/],
    ['a history entry without a time', { history: [{ valid: true }] }, /profiles\[0\]\.history\[0\]\.at should be a date and time, found nothing/],
  ])('%s: reported as unreadable with the field named, nothing changed', async (_what, patch, message) => {
    const home = mkdtempSync(join(tmpdir(), 'ks-hand-'));
    const profile = { id: 'p1', name: 'alice', accessKeyId: A.id, keyType: 'long-term', derivedAccount: '609629065308', partition: 'aws', source: 'manual', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', history: [], ...patch };
    const text = JSON.stringify({ schemaVersion: 1, profiles: [profile] });
    writeFileSync(join(home, 'profiles.json'), text);
    for (const args of [['profiles', 'list'], ['profiles', 'show', 'alice'], ['profiles', 'list', '--output', 'text']]) {
      const r = ks(home, args);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(message);
      expect(r.stdout + r.stderr).not.toMatch(/native code/);
    }
    expect(readFileSync(join(home, 'profiles.json'), 'utf8')).toBe(text);
  });

  it('duplicate ids or names are refused, naming both', () => {
    const home = mkdtempSync(join(tmpdir(), 'ks-dup-'));
    const p = { id: 'p1', name: 'alice', accessKeyId: A.id, keyType: 'long-term', derivedAccount: '609629065308', partition: 'aws', source: 'manual', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', history: [] };
    writeFileSync(join(home, 'profiles.json'), JSON.stringify({ schemaVersion: 2, profiles: [p, { ...p, id: 'p2' }] }));
    expect(ks(home, ['profiles', 'list']).stderr).toMatch(/profiles\[1\]\.name "alice" is also the name of profiles\[0\]/);
    writeFileSync(join(home, 'profiles.json'), JSON.stringify({ schemaVersion: 2, profiles: [p, { ...p, name: 'bob' }] }));
    expect(ks(home, ['profiles', 'list']).stderr).toMatch(/profiles\[1\]\.id "p1" is also the id of profiles\[0\]/);
  });
});
