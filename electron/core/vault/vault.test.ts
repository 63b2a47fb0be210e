/** The vault with a real gnome-keyring (private D-Bus session) and real files. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKeyring, useKeyring, type Keyring } from '../../../e2e/fixtures/keyring.js';
import { KeychainStore } from './keychain-store.js';
import type { StorageFailure } from '../../../shared/failure.js';
import { err, type Result } from '../../../shared/result.js';
import { isEarlierKeyCheck, lastCheckOf, lastDecidedOf, ProfileStore, SCHEMA_VERSION, storageFailure, type StoreDoc } from './profiles.js';
import { Vault, type NewProfile } from './vault.js';
import { checkProfile } from '../checks.js';
import { validateNewProfile } from './new-profile.js';
import { unwrap } from '../../../e2e/fixtures/unwrap.js';

let keyring: Keyring;
let home: string;
let vault: Vault;
const keychain = new KeychainStore();

const KEY = { accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const input = (name: string, extra: Partial<NewProfile> = {}): NewProfile => ({ name, ...KEY, source: 'manual', ...extra });

beforeAll(async () => {
  keyring = await startKeyring();
  useKeyring(keyring);
});
afterAll(() => keyring?.stop());
beforeEach(async () => {
  // Each test starts with an empty store and an empty keychain.
  const all = await keychain.list();
  if (all.ok) for (const e of all.value) await keychain.delete(e.id);
  home = mkdtempSync(join(tmpdir(), 'keyscope-home-'));
  vault = new Vault(new ProfileStore(home), keychain);
});

function secretTool(): string {
  return execFileSync('secret-tool', ['search', '--all', 'service', 'keyscope'], { env: { ...process.env, ...keyring.env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * `doctor --repair` as run 11 minutes after the saves before it: an entry saved less than 10 minutes ago is not
 * restored (an `add` or `set-key` may be under way between its keychain write and its store write).
 */
const repairedLater = (v: Vault) => new Vault(v.store, v.secrets, () => new Date(Date.now() + 11 * 60_000)).doctor({ repair: true });

describe('vault with gnome-keyring', () => {
  it('saves the secret in the keychain and nothing secret in the store', async () => {
    const r = await vault.add(input('work', { region: 'eu-west-1', notes: 'audit' }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ name: 'work', keyType: 'long-term', derivedAccount: '609629065308', region: 'eu-west-1', partition: 'aws' });
    const file = readFileSync(join(home, 'profiles.json'), 'utf8');
    expect(file).not.toContain(KEY.secretAccessKey);
    expect(secretTool()).toContain(KEY.secretAccessKey); // the real keychain holds it
    const creds = await vault.credentials(r.value);
    expect(creds.ok && creds.value).toEqual(KEY);
  });

  it('refuses a duplicate name and a key already saved, saying under which name', async () => {
    await vault.add(input('work'));
    const sameName = await vault.add(input('work', { accessKeyId: 'AKIAY34FZKBOKMUTVV7B' }));
    expect(!sameName.ok && sameName.error.message).toMatch(/named "work" already exists/);
    const sameKey = await vault.add(input('other'));
    expect(!sameKey.ok && sameKey.error.message).toMatch(/already saved as "work"/);
    const entries = await keychain.list();
    expect(entries.ok && entries.value).toHaveLength(1);
  });

  it('refuses bad input before touching the keychain', async () => {
    for (const bad of [input(' spaced'), input('x', { accessKeyId: 'nope' }), input('x', { secretAccessKey: 'has space' }), input('x', { accessKeyId: 'ASIAY34FZKBOKMUTVV7A' })]) {
      const r = await vault.add(bad);
      expect(!r.ok && r.error.kind).toBe('input');
    }
    // Names: 1 to 64 of letters, digits and _.@+=,- , not starting with one of .@+=,- (as the README says).
    for (const name of ['', 'n'.repeat(65), '.hidden', '-dash', '@at', 'a b', 'a/b']) {
      const r = await vault.add(input(name));
      expect(!r.ok && r.error, name).toMatchObject({ kind: 'input', field: 'name' });
    }
    for (const name of ['n'.repeat(64), '_a.b@c+d=e,f-g', '9lives']) expect(validateNewProfile(input(name)), name).toBeUndefined();
    const entries = await keychain.list();
    expect(entries.ok && entries.value).toHaveLength(0);
  });

  it('quotes at most 64 characters of a name it refuses or cannot find, with its length', async () => {
    const huge = `${'n'.repeat(100_000)}\u202e`;
    const shown = `"${'n'.repeat(64)}…" (100,001 characters)`;
    // The whole name was quoted: 100 KB of one error line, in the terminal or the app.
    const added = await vault.add(input(huge));
    expect(!added.ok && added.error.message).toBe(`${shown} cannot be a profile name.`);
    const renamed = await vault.rename(huge, 'short');
    expect(!renamed.ok && renamed.error.message).toBe(`No profile is named ${shown}.`);
    expect(!vault.find(huge).ok && (await vault.remove(huge)).ok).toBe(false);
    expect(vault.find('n'.repeat(70))).toMatchObject({ ok: false, error: { message: `No profile is named "${'n'.repeat(64)}…" (70 characters).` } });
    expect(vault.find('short-name')).toMatchObject({ ok: false, error: { message: 'No profile is named "short-name".' } });
  });

  it('sets and clears notes, refusing more than 1,000 characters and changing nothing then', async () => {
    await vault.add(input('noted', { notes: 'first' }));
    const set = vault.setNotes('noted', 'rotated by ops');
    expect(set.ok && set.value.notes).toBe('rotated by ops');
    const long = vault.setNotes('noted', 'x'.repeat(1001));
    expect(!long.ok && long.error).toMatchObject({ kind: 'input', field: 'notes' });
    expect(vault.find('noted')).toMatchObject({ ok: true, value: { notes: 'rotated by ops' } });
    const cleared = vault.setNotes('noted', '  ');
    expect(cleared.ok && cleared.value.notes).toBeUndefined();
  });

  it('renames and removes; removing deletes the keychain entry', async () => {
    await vault.add(input('a'));
    expect((await vault.rename('a', 'b')).ok).toBe(true);
    expect(!vault.find('a').ok).toBe(true);
    const removed = await vault.remove('b');
    expect(removed.ok).toBe(true);
    const entries = await keychain.list();
    expect(entries.ok && entries.value).toHaveLength(0);
    expect(vault.list()).toEqual({ ok: true, value: [] });
  });

  it('a rename follows into the keychain entry: after a lost store, doctor --repair restores the profile under its new name', async () => {
    const added = unwrap(await vault.add(input('old-name')));
    unwrap(await vault.rename('old-name', 'new-name'));
    expect(unwrap(await keychain.get(added.id))).toMatchObject({ name: 'new-name', secretAccessKey: KEY.secretAccessKey });
    rmSync(join(home, 'profiles.json')); // the store is lost; its store-id and the keychain entry are not
    const repaired = unwrap(await repairedLater(vault));
    expect(repaired.orphanEntries).toEqual([expect.objectContaining({ restoredAs: 'new-name' })]);
    expect(unwrap(await vault.credentials(unwrap(vault.find('new-name'))))).toEqual(KEY);
  });

  it("a rename whose entry update another keyscope's remove overtakes (between its read and its write) leaves no entry", async () => {
    await vault.add(input('a'));
    const other = new Vault(new ProfileStore(home), keychain); // a second process on the same folder
    let overtaken = false;
    // The second process's remove runs whole between this rename's read of the entry and its write.
    class Overtaken extends KeychainStore {
      override async get(id: string) {
        const held = await keychain.get(id);
        if (!overtaken) {
          overtaken = true;
          unwrap(await other.remove('b'));
        }
        return held;
      }
    }
    unwrap(await new Vault(new ProfileStore(home), new Overtaken()).rename('a', 'b'));
    expect(overtaken).toBe(true);
    // The entry written back held the removed profile's secret, which remove had just deleted.
    expect(unwrap(await keychain.list())).toEqual([]);
    expect(vault.list()).toEqual({ ok: true, value: [] });
  });

  it("a remove in whose window a rename writes the entry again (after remove's delete, before its store write) deletes it too", async () => {
    await vault.add(input('a'));
    let deleted!: () => void;
    const afterDelete = new Promise<void>((resolve) => (deleted = resolve));
    let renamed!: () => void;
    const afterRename = new Promise<void>((resolve) => (renamed = resolve));
    let removing: ReturnType<Vault['remove']> | undefined;
    const remover = new Vault( // a second process on the same folder
      new ProfileStore(home),
      new (class extends KeychainStore {
        private first = true;
        override async delete(id: string) {
          const gone = await keychain.delete(id);
          if (this.first) {
            this.first = false;
            deleted();
            await afterRename; // the rename reads, writes and checks the store here, the profile still in it
          }
          return gone;
        }
      })(),
    );
    // The rename reads the entry, then the remove deletes it and waits; the rename writes it back and ends.
    const renaming = new Vault(
      new ProfileStore(home),
      new (class extends KeychainStore {
        override async get(id: string) {
          const held = await keychain.get(id);
          removing ??= remover.remove('b');
          await afterDelete;
          return held;
        }
      })(),
    );
    unwrap(await renaming.rename('a', 'b'));
    renamed();
    unwrap(await (removing as ReturnType<Vault['remove']>));
    expect(unwrap(await keychain.list())).toEqual([]);
    expect(vault.list()).toEqual({ ok: true, value: [] });
  });

  it('a remove that another keyscope overtakes with set-key says it removed nothing, and the profile keeps its new key', async () => {
    await vault.add(input('raced'));
    const NEW = { accessKeyId: 'AKIAY34FZKBOKMUTVV7F', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' };
    const other = new Vault(new ProfileStore(home), keychain); // a second process on the same folder
    let overtaken = false;
    // The second process's set-key runs whole between this remove's read of the store and its keychain delete.
    class Overtaken extends KeychainStore {
      override async delete(id: string) {
        if (!overtaken) {
          overtaken = true;
          unwrap(await other.setKey('raced', NEW));
        }
        return keychain.delete(id);
      }
    }
    const r = await new Vault(new ProfileStore(home), new Overtaken()).remove('raced');
    expect(overtaken).toBe(true);
    // It said "removed" (exit 0 in the CLI) while the profile stayed, with the new key.
    expect(!r.ok && r.error).toMatchObject({ kind: 'input', field: 'name' });
    expect(!r.ok && r.error.message).toMatch(/^"raced" was not removed: another keyscope changed it meanwhile/);
    const kept = unwrap(vault.find('raced'));
    expect(kept.accessKeyId).toBe(NEW.accessKeyId);
    expect(unwrap(await vault.credentials(kept))).toEqual(NEW);
    expect(unwrap(await keychain.list())).toHaveLength(1);
  });

  it('set-key overtaken by another set-key of the same profile (between its keychain write and its store write) says so, and leaves the other key in place', async () => {
    await vault.add(input('twice'));
    const FIRST = { accessKeyId: 'AKIAY34FZKBOKMUTVV7G', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' };
    const SECOND = { accessKeyId: 'AKIAY34FZKBOKMUTVV7H', secretAccessKey: 'Xe7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' };
    const other = new Vault(new ProfileStore(home), keychain); // a second process on the same folder
    let overtaken = false;
    class Overtaken extends KeychainStore {
      override async set(id: string, secret: Parameters<KeychainStore['set']>[1]) {
        const saved = await keychain.set(id, secret);
        if (!overtaken) {
          overtaken = true;
          unwrap(await other.setKey('twice', SECOND));
        }
        return saved;
      }
    }
    const r = await new Vault(new ProfileStore(home), new Overtaken()).setKey('twice', FIRST);
    expect(overtaken).toBe(true);
    // It said "No profile is named "twice"", with the profile there all along.
    expect(!r.ok && r.error).toMatchObject({ kind: 'input', field: 'name' });
    expect(!r.ok && r.error.message).toBe('"twice" was not given the new key: another keyscope changed it meanwhile (gave it another key, or removed it and saved a profile of this name anew).');
    const kept = unwrap(vault.find('twice'));
    expect(unwrap(await vault.credentials(kept))).toEqual(SECOND);
    expect(unwrap(await keychain.list()).map((e) => e.id)).toEqual([kept.id]);
  });

  it("a clock set back (simulated clock) never passes the earlier key's checks off as the new key's, nor hides the new key's", async () => {
    const NEW = { accessKeyId: 'AKIAY34FZKBOKMUTVV7F', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' };
    const hourAhead = () => new Date(Date.now() + 3_600_000);
    const refused = { Code: 'InvalidClientTokenId', Message: 'no such key', HttpStatus: 403, Category: 'invalid-key' as const, Hint: 'h' };
    // The clock an hour ahead: the key is checked (valid); then the clock is set right and a new key given.
    const fast = new Vault(new ProfileStore(home), keychain, hourAhead);
    const first = unwrap(await fast.add(input('skewed')));
    unwrap(fast.recordCheck(first.id, { at: hourAhead().toISOString(), valid: true, account: '609629065308' }));
    unwrap(await vault.setKey('skewed', NEW));
    const replaced = unwrap(vault.find('skewed'));
    // It read "valid": the earlier key's check, stamped after the set-key's time, taken for the new key's.
    expect(lastDecidedOf(replaced)).toBeUndefined();
    expect(replaced.history.map((h) => isEarlierKeyCheck(replaced, h))).toEqual([true]);

    // The other way: a key given while the clock is an hour ahead, then checked once the clock is set right.
    unwrap(await fast.setKey('skewed', KEY));
    const again = unwrap(vault.find('skewed'));
    unwrap(vault.recordCheck(again.id, { at: new Date().toISOString(), valid: false, error: refused }));
    const checked = unwrap(vault.find('skewed'));
    // It read "never checked", the new key's "not valid" shown as the earlier key's.
    expect(lastCheckOf(checked)?.valid).toBe(false);
    expect(checked.history.map((h) => isEarlierKeyCheck(checked, h))).toEqual([false, true]);
    expect(lastDecidedOf(unwrap(new Vault(new ProfileStore(home), keychain).find('skewed')))?.error?.Code).toBe('InvalidClientTokenId');
  });

  it('is all or nothing: when the metadata cannot be written (disk full, simulated), the keychain entry is removed', async () => {
    class FullDisk extends ProfileStore {
      override update<T>(): Result<T, StorageFailure> {
        return err(storageFailure({ kind: 'io', file: this.file, code: 'ENOSPC' }));
      }
    }
    const v = new Vault(new FullDisk(home), keychain);
    const r = await v.add(input('x'));
    expect(!r.ok && r.error).toMatchObject({ kind: 'storage' });
    if (!r.ok) expect(r.error.message).toMatch(/ENOSPC/);
    const entries = await keychain.list();
    expect(entries.ok && entries.value).toHaveLength(0);
  });

  it('doctor finds a keychain entry without metadata and a profile without its secret, and repairs both', async () => {
    const kept = await vault.add(input('kept'));
    const lost = await vault.add(input('lost-secret', { accessKeyId: 'AKIAY34FZKBOKMUTVV7C' }));
    if (!kept.ok || !lost.ok) throw new Error('setup');
    await keychain.delete(lost.value.id);
    // An entry whose metadata is gone (a crash between the two writes in an older version, say).
    await keychain.set('11111111-2222-3333-4444-555555555555', { ...KEY, accessKeyId: 'AKIAY34FZKBOKMUTVV7D', name: 'orphan', store: unwrap(vault.store.storeId()) });

    const report = await vault.doctor({});
    expect(report.ok && report.value).toMatchObject({
      repaired: false,
      orphanEntries: [{ name: 'orphan', accessKeyId: 'AKIA************VV7D' }],
      profilesWithoutSecret: [{ name: 'lost-secret' }],
    });
    const repaired = await repairedLater(vault);
    expect(repaired.ok && repaired.value.repaired).toBe(true);
    const names = vault.list();
    expect(names.ok && names.value.map((p) => p.name).sort()).toEqual(['kept', 'orphan']);
    const again = await vault.doctor({});
    expect(again.ok && again.value).toMatchObject({ orphanEntries: [], profilesWithoutSecret: [] });
  });

  it('reports a corrupt store, changes nothing, and on repair keeps it aside and rebuilds from the keychain', async () => {
    await vault.add(input('one'));
    writeFileSync(join(home, 'profiles.json'), '{"schemaVersion":1,"profiles":[{"trunc');
    const listed = vault.list();
    expect(!listed.ok && listed.error).toMatchObject({ kind: 'storage' });
    if (!listed.ok) expect(listed.error.message).toMatch(/cannot be read .*doctor --repair/);
    const add = await vault.add(input('two', { accessKeyId: 'AKIAY34FZKBOKMUTVV7E' }));
    expect(add.ok).toBe(false);
    expect(readFileSync(join(home, 'profiles.json'), 'utf8')).toBe('{"schemaVersion":1,"profiles":[{"trunc');
    const repaired = await repairedLater(vault);
    expect(repaired.ok && repaired.value.corruptStore?.keptAsideAt).toMatch(/profiles\.json\.corrupt-/);
    // The reason alone: it was the whole failure, "… Nothing was changed: … run `keyscope profiles doctor --repair`",
    // in the report of that very repair.
    expect(repaired.ok && repaired.value.corruptStore?.reason).toMatch(/^not JSON: [^\n]+$/);
    expect(repaired.ok && repaired.value.corruptStore?.reason).not.toMatch(/Nothing was changed|doctor --repair/);
    const after = vault.list();
    expect(after.ok && after.value.map((p) => p.name)).toEqual(['one']);
    expect(readdirSync(home).filter((f) => f.includes('corrupt'))).toHaveLength(1);
  });

  it("a saved token with U+200B (saved before the rules): the app's check is an input failure, recorded undecided, never verified", async () => {
    const p = unwrap(await vault.add(input('legacy')));
    const saved = unwrap(await keychain.get(p.id));
    if (!saved) throw new Error('no entry');
    await keychain.set(p.id, { ...saved, accessKeyId: 'ASIAY34FZKBOKMUTVV7A', sessionToken: 'IQoJb3JpZ2luX2Vj\u200BEXAMPLE' });
    let verified = false;
    const checked = await checkProfile(vault, p, async () => {
      verified = true;
      throw new Error('never verified');
    });
    expect(verified).toBe(false);
    expect(checked.report).toMatchObject({ Valid: null, Error: { Category: 'input' } });
    expect(checked.report.Valid === null && checked.report.Error.Message).toMatch(/saved session token of "legacy" .*\(U\+200B\)/);
    expect(checked.report.Valid === null && checked.report.Error.Hint).toMatch(/keyscope profiles set-key legacy/);
    expect(unwrap(vault.find('legacy')).history[0]).toMatchObject({ valid: null, error: { Category: 'input' } });
  });

  it('upgrades a store without a schema version and refuses one from a newer keyscope', async () => {
    const store = new ProfileStore(home);
    writeFileSync(join(home, 'profiles.json'), JSON.stringify({ profiles: [{ id: 'i', name: 'old', accessKeyId: KEY.accessKeyId, keyType: 'long-term', derivedAccount: null, partition: 'aws', createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z' }] }));
    const doc: StoreDoc = unwrap(store.read());
    expect(doc.schemaVersion).toBe(SCHEMA_VERSION);
    expect(doc.profiles[0]).toMatchObject({ name: 'old', history: [], source: 'manual' });
    writeFileSync(join(home, 'profiles.json'), JSON.stringify({ schemaVersion: 9, profiles: [] }));
    const r = vault.list();
    expect(!r.ok && r.error.message).toMatch(/newer keyscope \(schema 9/);
  });
});

afterAll(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});
