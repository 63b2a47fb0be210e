/**
 * Entries too long for one keychain value, with a real gnome-keyring (private D-Bus session) and real files. Windows'
 * Credential Manager refuses a value over 1,280 characters (2,560 bytes of UTF-16), and a profile with a session token
 * is 700 to 65,536 characters and more; keyscope keeps such an entry in pieces on every platform, so these tests run
 * the code Windows runs. The Secret Service itself takes the long values: what fails here before the change is the
 * bound (one value of 3,000 characters and more), not the save.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKeyring, useKeyring, type Keyring } from '../../../e2e/fixtures/keyring.js';
import { unwrap } from '../../../e2e/fixtures/unwrap.js';
import { KeychainStore } from './keychain-store.js';
import { ProfileStore } from './profiles.js';
import { bulkReader } from './secret-service-read.js';
import { VALUE_LIMIT } from './secret-pieces.js';
import { decodeSecret, encodeSecret, type StoredSecret } from './secret-store.js';
import { Vault, type NewProfile } from './vault.js';

let keyring: Keyring;
const keychain = new KeychainStore();

const ASIA = 'ASIAY34FZKBOKMUTVV7A';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
/** A token of `n` characters, as STS's look (base64), different for each `seed`. */
const token = (n: number, seed = 'a') => `IQoJb3JpZ2luX2VjE${seed}`.concat('AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/'.repeat(Math.ceil(n / 38))).slice(0, n);
const temporary = (name: string, length: number, extra: Partial<NewProfile> = {}): NewProfile => ({ name, accessKeyId: ASIA, secretAccessKey: SECRET, sessionToken: token(length, name), source: 'manual', ...extra });

beforeAll(async () => {
  keyring = await startKeyring();
  useKeyring(keyring);
});
afterAll(() => keyring?.stop());
beforeEach(async () => {
  // Each test starts with an empty keychain, asked of the Secret Service itself (pieces included).
  // (It exits 1 when there was nothing to clear.)
  spawnSync('secret-tool', ['clear', 'service', 'keyscope'], { env: { ...process.env, ...keyring.env }, stdio: 'ignore' });
  expect(values()).toEqual([]);
});

const newVault = (secrets = keychain) => new Vault(new ProfileStore(mkdtempSync(join(tmpdir(), 'keyscope-pieces-'))), secrets);

/** Every value under the service keyscope, as the Secret Service holds them (secret-tool prints each on a line). */
function values(): string[] {
  const out = execFileSync('secret-tool', ['search', '--all', 'service', 'keyscope'], { env: { ...process.env, ...keyring.env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return [...out.matchAll(/^secret = (.*)$/gm)].map((m) => m[1] ?? '');
}

/**
 * `doctor --repair` as run 11 minutes after the saves before it: an entry saved less than 10 minutes ago is not
 * restored (an `add` or `set-key` may be under way between its keychain write and its store write).
 */
const repairedLater = (v: Vault) => new Vault(v.store, v.secrets, () => new Date(Date.now() + 11 * 60_000)).doctor({ repair: true });

describe('an entry too long for one keychain value', () => {
  it('no value written is over the bound (Windows refuses over 1,280): tokens of 3,000 and 20,000 characters are kept in pieces and read back whole', async () => {
    expect(VALUE_LIMIT).toBeLessThan(1280);
    const vault = newVault();
    const short = unwrap(await vault.add(temporary('short', 3000)));
    const long = unwrap(await vault.add({ ...temporary('long', 20_000), accessKeyId: 'ASIAY34FZKBOKMUTVV7B', expiration: '2030-01-01T00:00:00Z' }));
    const written = values();
    expect(Math.max(...written.map((v) => v.length))).toBeLessThanOrEqual(VALUE_LIMIT);
    // Two entries and their pieces: more than two values, all of them keyscope's.
    expect(written.length).toBeGreaterThan(2 + 20_000 / VALUE_LIMIT);
    expect(unwrap(await vault.credentials(short))).toEqual({ accessKeyId: ASIA, secretAccessKey: SECRET, sessionToken: token(3000, 'short') });
    expect(unwrap(await vault.credentials(long))).toEqual({ accessKeyId: 'ASIAY34FZKBOKMUTVV7B', secretAccessKey: SECRET, sessionToken: token(20_000, 'long') });
    expect(unwrap(await keychain.get(long.id))).toMatchObject({ expiration: '2030-01-01T00:00:00Z', name: 'long' });
    // The list shows two entries, whole; the pieces are not entries of their own.
    const listed = unwrap(await keychain.list());
    expect(listed.map((e) => e.id).sort()).toEqual([short.id, long.id].sort());
    expect(listed.find((e) => e.id === long.id)?.secret?.sessionToken).toBe(token(20_000, 'long'));
    // Nor are they orphans, unreadable entries or another store's for doctor.
    expect(unwrap(await vault.doctor({}))).toMatchObject({ orphanEntries: [], profilesWithoutSecret: [], unclaimedEntries: [], otherStoresEntries: 0, unreadableEntries: 0, leftoverPieces: 0 });
  });

  it('an entry of exactly the bound is one value; one character more is a head and pieces', async () => {
    const id = 'edge';
    const base = encodeSecret(id, { accessKeyId: ASIA, secretAccessKey: SECRET, sessionToken: '', name: 'edge', store: 's' }).length;
    const at = { accessKeyId: ASIA, secretAccessKey: SECRET, sessionToken: 'T'.repeat(VALUE_LIMIT - base), name: 'edge', store: 's' };
    unwrap(await keychain.set(id, at));
    expect(values()).toHaveLength(1);
    unwrap(await keychain.set(id, { ...at, sessionToken: `${at.sessionToken}T` }));
    expect(values()).toHaveLength(3); // the head and two pieces; the first value's single entry was replaced
    expect(unwrap(await keychain.get(id))?.sessionToken).toBe(`${at.sessionToken}T`);
    unwrap(await keychain.set(id, at)); // and back to one value, the pieces gone
    expect(values()).toHaveLength(1);
    expect(unwrap(await keychain.get(id))).toEqual(at);
  });

  it('remove deletes the entry and every piece of it', async () => {
    const vault = newVault();
    unwrap(await vault.add(temporary('gone', 5000)));
    expect(values().length).toBeGreaterThan(5);
    unwrap(await vault.remove('gone'));
    expect(values()).toEqual([]);
  });

  it('set-key from a long token to a short one and back: each time the new key reads back, and nothing of the old one stays', async () => {
    const vault = newVault();
    unwrap(await vault.add(temporary('rotating', 4000)));
    const toShort = unwrap(await vault.setKey('rotating', { accessKeyId: 'AKIAY34FZKBOKMUTVV7C', secretAccessKey: SECRET }));
    expect(toShort.warning).toBeUndefined();
    expect(values()).toHaveLength(1);
    expect(unwrap(await vault.credentials(toShort.profile))).toEqual({ accessKeyId: 'AKIAY34FZKBOKMUTVV7C', secretAccessKey: SECRET });
    const toLong = unwrap(await vault.setKey('rotating', { accessKeyId: 'ASIAY34FZKBOKMUTVV7D', secretAccessKey: SECRET, sessionToken: token(9000, 'back') }));
    expect(unwrap(await vault.credentials(toLong.profile))).toEqual({ accessKeyId: 'ASIAY34FZKBOKMUTVV7D', secretAccessKey: SECRET, sessionToken: token(9000, 'back') });
    expect(unwrap(await keychain.list()).map((e) => e.id)).toEqual([toLong.profile.id]);
    expect(unwrap(await vault.doctor({}))).toMatchObject({ orphanEntries: [], leftoverPieces: 0, unreadableEntries: 0 });
  });

  it('a rename rewrites a long entry under a new name and leaves no piece of the old value behind', async () => {
    const vault = newVault();
    const p = unwrap(await vault.add(temporary('before', 6000)));
    const count = values().length;
    unwrap(await vault.rename('before', 'after'));
    expect(unwrap(await keychain.get(p.id))).toMatchObject({ name: 'after', sessionToken: token(6000, 'before') });
    expect(values()).toHaveLength(count);
  });

  it("doctor with another store's long entry: counted as that store's, never an orphan, and --forget-orphans --yes leaves every piece of it", async () => {
    const mine = newVault();
    const theirs = newVault();
    unwrap(await theirs.add(temporary('theirs', 7000)));
    unwrap(await mine.add({ ...temporary('mine', 3000), accessKeyId: 'ASIAY34FZKBOKMUTVV7E' }));
    const before = values();
    expect(unwrap(await mine.doctor({}))).toMatchObject({ orphanEntries: [], otherStoresEntries: 1, unreadableEntries: 0, leftoverPieces: 0 });
    expect(unwrap(await mine.doctor({ forgetOrphans: true, yes: true }))).toMatchObject({ orphanEntries: [], otherStoresEntries: 1 });
    expect(values().sort()).toEqual(before.sort());
    expect(unwrap(await theirs.credentials(unwrap(theirs.find('theirs')))).sessionToken).toBe(token(7000, 'theirs'));
    // A lost store is rebuilt from its long entry, whole (and the other store's is still left alone).
    const mineId = unwrap(mine.find('mine')).id;
    unwrap(mine.store.update((doc) => ({ doc: { ...doc, profiles: [] }, value: undefined })));
    const repaired = unwrap(await repairedLater(mine));
    expect(repaired.orphanEntries).toEqual([expect.objectContaining({ id: mineId, restoredAs: 'mine' })]);
    expect(unwrap(await mine.credentials(unwrap(mine.find('mine')))).sessionToken).toBe(token(3000, 'mine'));
    expect(values().sort()).toEqual(before.sort());
  });

  it('an entry saved whole before pieces existed (one long value) still reads, and a rename rewrites it in pieces', async () => {
    const vault = newVault();
    const storeId = unwrap(vault.store.storeId());
    const p = unwrap(await vault.add(temporary('older', 100)));
    const whole = encodeSecret(p.id, { accessKeyId: ASIA, secretAccessKey: SECRET, sessionToken: token(3000, 'older'), name: 'older', store: storeId });
    // As an older keyscope wrote it: one value under {service, username}, the binding's attributes.
    execFileSync('secret-tool', ['store', `--label=keyring:${p.id}@keyscope`, 'service', 'keyscope', 'username', p.id], { env: { ...process.env, ...keyring.env }, input: whole });
    expect(values()).toEqual([whole]);
    expect(unwrap(await vault.credentials(p)).sessionToken).toBe(token(3000, 'older'));
    unwrap(await vault.rename('older', 'newer'));
    expect(Math.max(...values().map((v) => v.length))).toBeLessThanOrEqual(VALUE_LIMIT);
    expect(unwrap(await vault.credentials(unwrap(vault.find('newer')))).sessionToken).toBe(token(3000, 'older'));
  });

  it('a piece missing: the profile cannot be used, said as a keychain failure naming set-key, never a wrong or short token; set-key and remove still work', async () => {
    const vault = newVault();
    const p = unwrap(await vault.add(temporary('torn', 4000)));
    // Another program deletes one piece (secret-tool clear on its name).
    const pieces = unwrap(await keychain.list());
    expect(pieces).toHaveLength(1);
    // secret-tool prints the attributes on standard error.
    const account = spawnSync('secret-tool', ['search', '--all', 'service', 'keyscope'], { env: { ...process.env, ...keyring.env }, encoding: 'utf8' }).stderr.match(/^attribute\.username = (.*#.*)$/m)?.[1];
    expect(account).toBeDefined();
    execFileSync('secret-tool', ['clear', 'service', 'keyscope', 'username', account ?? ''], { env: { ...process.env, ...keyring.env } });
    const used = await vault.credentials(p);
    expect(used.ok).toBe(false);
    if (used.ok) return;
    expect(used.error).toMatchObject({ kind: 'keychain', category: 'service' });
    expect(used.error.message).toMatch(/in \d+ pieces, and they do not add up/);
    expect(used.error.hint).toMatch(/set-key/);
    expect(JSON.stringify(used.error)).not.toContain(token(4000, 'torn').slice(100, 140));
    // The bulk read of a recheck leaves it to that same read alone.
    const bulk = new Vault(vault.store, new KeychainStore(undefined, bulkReader()));
    expect((await bulk.credentialsFor([p])(p)).ok).toBe(false);
    expect(unwrap(await vault.doctor({}))).toMatchObject({ orphanEntries: [], unreadableEntries: 1 });
    const fixed = unwrap(await vault.setKey('torn', { accessKeyId: 'ASIAY34FZKBOKMUTVV7F', secretAccessKey: SECRET, sessionToken: token(4000, 'fixed') }));
    expect(unwrap(await vault.credentials(fixed.profile)).sessionToken).toBe(token(4000, 'fixed'));
    expect(unwrap(await vault.doctor({}))).toMatchObject({ unreadableEntries: 0, leftoverPieces: 0 });
    unwrap(await vault.remove('torn'));
    expect(values()).toEqual([]);
  });
});

describe("a recheck's bulk read", () => {
  it('hands over entries kept in pieces joined, whether it reads every entry (over 50 ids) or searches each id, and leaves one whose pieces do not add up to a read of its own', async () => {
    const vault = newVault();
    const ids: string[] = [];
    for (let i = 0; i < 55; i += 1) {
      const p = unwrap(await vault.add({ ...temporary(`b${i}`, i % 2 === 0 ? 1500 + i * 50 : 200), accessKeyId: `ASIAY34FZKBO${String(i).padStart(8, '0')}` }));
      ids.push(p.id);
    }
    const read = bulkReader();
    if (!read) throw new Error('no bulk reader on this platform');
    for (const wanted of [ids, ids.slice(0, 3), [ids[10] ?? '']]) {
      const handed = new Map<string, string>();
      expect((await read(wanted, (found) => found.forEach((e) => handed.set(e.id, e.password)))).ok).toBe(true);
      expect([...handed.keys()].sort(), `${wanted.length} ids`).toEqual([...wanted].sort());
      for (const id of wanted) {
        const whole = decodeSecret(handed.get(id) ?? null);
        expect(whole).not.toBeNull();
        expect(whole).toEqual(unwrap(await keychain.get(id)));
      }
    }
    // One piece of b0 gone: neither pass hands b0 over.
    const write = spawnSync('secret-tool', ['search', '--all', 'service', 'keyscope', 'username', ids[0] ?? ''], { env: { ...process.env, ...keyring.env }, encoding: 'utf8' }).stdout.match(/"write":"([0-9a-f]+)"/)?.[1];
    spawnSync('secret-tool', ['clear', 'service', 'keyscope', 'username', `${ids[0]}#${write}.1`], { env: { ...process.env, ...keyring.env } });
    for (const wanted of [ids, ids.slice(0, 3)]) {
      const handed = new Set<string>();
      expect((await read(wanted, (found) => found.forEach((e) => handed.add(e.id)))).ok).toBe(true);
      expect(handed.has(ids[0] ?? ''), `${wanted.length} ids`).toBe(false);
      expect(handed.size).toBe(wanted.length - 1);
    }
  });

  it("leaves an entry whose head names another profile's pieces (copied over it by another program) to a read of its own, which refuses it: never the other's secret", async () => {
    const vault = newVault();
    const a = unwrap(await vault.add(temporary('a', 3000)));
    const b = unwrap(await vault.add({ ...temporary('b', 3000), accessKeyId: 'ASIAY34FZKBOKMUTVV7B' }));
    const env = { ...process.env, ...keyring.env };
    const headOfB = values().find((v) => v.startsWith('{"v":3,') && v.includes(`"id":"${b.id}"`));
    expect(headOfB).toBeDefined();
    const label = spawnSync('secret-tool', ['search', 'service', 'keyscope', 'username', a.id], { env, encoding: 'utf8' }).stdout.match(/^label = (.*)$/m)?.[1] ?? '';
    execFileSync('secret-tool', ['store', `--label=${label}`, 'service', 'keyscope', 'username', a.id], { env, input: headOfB });
    expect(values().filter((v) => v.includes(`"id":"${b.id}"`) && v.startsWith('{"v":3,'))).toHaveLength(2);
    const read = bulkReader();
    if (!read) throw new Error('no bulk reader on this platform');
    // A few ids (one search each), and over 50 (every entry read at once: the copy is older than b's own head).
    const others = Array.from({ length: 50 }, (_, i) => `none-${i}`);
    for (const wanted of [[a.id], [a.id, b.id, ...others]]) {
      const handed = new Map<string, string>();
      expect((await read(wanted, (found) => found.forEach((e) => handed.set(e.id, e.password)))).ok).toBe(true);
      expect(handed.has(a.id), `${wanted.length} ids`).toBe(false);
      if (handed.has(b.id)) expect(decodeSecret(handed.get(b.id) ?? null)?.sessionToken).toBe(token(3000, 'b'));
    }
    const own = await keychain.get(a.id);
    expect(own.ok ? own.value : own.error.message).toMatch(/pieces, and they do not add up/);
  });
});

describe('a save that stops between two of its writes', () => {
  it('the keychain killed (SIGKILL, from a test hook run before each write) after the second piece, as when it crashes: the value saved before reads whole, and doctor lists and forgets the pieces left', { tags: ['kills-its-daemon'] }, async () => {
    let writes = 0;
    let killAt = Infinity;
    const dying = new KeychainStore(undefined, undefined, undefined, async () => {
      writes += 1;
      if (writes !== killAt) return;
      process.kill(keyring.pid() as number, 'SIGKILL');
      await keyring.ended(5000);
    });
    const vault = newVault(dying);
    const p = unwrap(await vault.add(temporary('crash', 5000)));
    writes = 0;
    killAt = 3; // two pieces of the new value written, the third refused
    const renamed = await vault.rename('crash', 'crashed'); // the store decides; the entry's rewrite is best effort
    expect(renamed.ok).toBe(true);
    await keyring.revive();
    expect(writes).toBe(3);
    // The previous value, whole: the head still names the pieces it was written with.
    expect(unwrap(await keychain.get(p.id))).toMatchObject({ name: 'crash', sessionToken: token(5000, 'crash') });
    expect(unwrap(await vault.credentials(unwrap(vault.find('crashed')))).sessionToken).toBe(token(5000, 'crash'));
    // The two pieces written before the crash are no entry's. Under 10 minutes old, they may be a save's under way:
    // doctor counts them apart and leaves them, --yes or not.
    expect(unwrap(await vault.doctor({}))).toMatchObject({ orphanEntries: [], unreadableEntries: 0, leftoverPieces: 0, recentPieces: 2 });
    expect(unwrap(await vault.doctor({ forgetOrphans: true, yes: true }))).toMatchObject({ leftoverPieces: 0, recentPieces: 2 });
    // Later, doctor says they are left over, and forgets them only when told.
    const later = new Vault(vault.store, keychain, minutesLater(11));
    expect(unwrap(await later.doctor({}))).toMatchObject({ orphanEntries: [], unreadableEntries: 0, leftoverPieces: 2, recentPieces: 0 });
    expect(unwrap(await later.doctor({ forgetOrphans: true }))).toMatchObject({ leftoverPieces: 2, forgetNeedsYes: true });
    expect(unwrap(await later.doctor({ forgetOrphans: true, yes: true }))).toMatchObject({ leftoverPieces: 2, leftoverPiecesForgotten: true });
    expect(unwrap(await later.doctor({}))).toMatchObject({ leftoverPieces: 0, recentPieces: 0 });
    expect(unwrap(await vault.credentials(unwrap(vault.find('crashed')))).sessionToken).toBe(token(5000, 'crash'));
  });

  it('an add whose keychain is killed (SIGKILL, from the same test hook) between pieces saves nothing: no profile, and no head naming pieces that are not there', { tags: ['kills-its-daemon'] }, async () => {
    let writes = 0;
    const dying = new KeychainStore(undefined, undefined, undefined, async () => {
      writes += 1;
      if (writes !== 2) return;
      process.kill(keyring.pid() as number, 'SIGKILL');
      await keyring.ended(5000);
    });
    const vault = newVault(dying);
    const r = await vault.add(temporary('never', 5000));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('keychain');
    await keyring.revive();
    expect(unwrap(vault.list())).toEqual([]);
    expect(unwrap(await keychain.list())).toEqual([expect.objectContaining({ leftover: expect.anything() })]);
  });
});

/** Writes `value` under the service keyscope as `account`, as another program (or a damaged keychain) would. */
function storeRaw(account: string, value: string): void {
  execFileSync('secret-tool', ['store', `--label=keyring:${account}@keyscope`, 'service', 'keyscope', 'username', account], { env: { ...process.env, ...keyring.env }, input: value });
}

describe('a value that looks like a piece but whose store is not percent-encoding', () => {
  it('is no piece of keyscope\'s: list, doctor and the bulk read answer, and count it as unreadable', async () => {
    const vault = newVault();
    const p = unwrap(await vault.add(temporary('beside', 3000)));
    storeRaw('x#0123456789abcdef.1', 'keyscope-piece 0123456789abcdef.1 %E0 text');
    expect(unwrap(await keychain.list()).map((e) => e.id).sort()).toEqual([p.id, 'x#0123456789abcdef.1'].sort());
    expect(unwrap(await vault.doctor({}))).toMatchObject({ unreadableEntries: 1, leftoverPieces: 0 });
    const read = bulkReader();
    if (!read) throw new Error('no bulk reader on this platform');
    const ids = [p.id, ...Array.from({ length: 50 }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`)];
    const handed: string[] = [];
    expect((await read(ids, (found) => found.forEach((e) => handed.push(e.id)))).ok).toBe(true);
    expect(handed).toEqual([p.id]);
  });
});

describe('a head that names more pieces than keyscope writes', () => {
  for (const pieces of [2 ** 32, 3_000_000, 500, 129]) {
    it(`${pieces} pieces: a keychain failure naming set-key, soon; doctor, a recheck of the other profiles and remove still work`, async () => {
      const vault = newVault();
      const good = unwrap(await vault.add({ name: 'good', accessKeyId: 'AKIAY34FZKBOKMUTVV7Q', secretAccessKey: SECRET, source: 'manual' }));
      const bad = unwrap(await vault.add(temporary('huge', 3000)));
      storeRaw(bad.id, JSON.stringify({ v: 3, id: bad.id, store: unwrap(vault.store.storeId()), write: '0123456789abcdef', pieces, sha256: '00' }));
      const t0 = Date.now();
      const used = await vault.credentials(bad);
      expect(Date.now() - t0).toBeLessThan(2000);
      expect(used.ok).toBe(false);
      if (used.ok) return;
      expect(used.error).toMatchObject({ kind: 'keychain', category: 'service' });
      expect(used.error.message).toMatch(/do not add up/);
      expect(used.error.hint).toMatch(/set-key/);
      expect(unwrap(await vault.doctor({}))).toMatchObject({ orphanEntries: [], profilesWithoutSecret: [], unreadableEntries: 1 });
      const bulk = new Vault(vault.store, new KeychainStore(undefined, bulkReader()));
      const lookup = bulk.credentialsFor([bad, good]);
      expect((await lookup(good)).ok).toBe(true);
      expect((await lookup(bad)).ok).toBe(false);
      unwrap(await vault.remove('huge'));
      expect(unwrap(await keychain.lookup(bad.id))).toBeNull();
      // Left: the good entry, and the pieces the head replaced named (no entry's now, as after a save that stopped).
      expect(values().filter((v) => !v.startsWith('keyscope-piece '))).toHaveLength(1);
      expect(unwrap(await vault.credentials(good))).toMatchObject({ accessKeyId: 'AKIAY34FZKBOKMUTVV7Q' });
    });
  }

  it('a secret too long for that many pieces is refused before anything is written, in words', async () => {
    const saved = await keychain.set('too-long', { accessKeyId: ASIA, secretAccessKey: SECRET, sessionToken: token(200_000), name: 'too-long', store: 's' });
    expect(saved.ok).toBe(false);
    if (saved.ok) return;
    expect(saved.error.message).toMatch(/200,\d{3} characters.*more than keyscope keeps/);
    expect(values()).toEqual([]);
    // The longest token STS gives (65,536 characters) still fits, with room to spare.
    unwrap(await keychain.set('longest', { accessKeyId: ASIA, secretAccessKey: SECRET, sessionToken: token(65_536), name: 'longest', store: 's' }));
    expect(unwrap(await keychain.get('longest'))?.sessionToken).toBe(token(65_536));
  });
});

/** The account names of the pieces under the service keyscope (secret-tool prints the attributes on standard error). */
function pieceAccountsStored(): string[] {
  const err = spawnSync('secret-tool', ['search', '--all', 'service', 'keyscope'], { env: { ...process.env, ...keyring.env }, encoding: 'utf8' }).stderr;
  return [...err.matchAll(/^attribute\.username = (.*#.*)$/gm)].map((m) => m[1] ?? '');
}

const minutesLater = (m: number) => () => new Date(Date.now() + m * 60_000);

describe('profiles doctor --forget-orphans beside a save under way', () => {
  it("another keyscope's doctor --forget-orphans --yes, run just before a rename writes its head, leaves the new pieces (written minutes ago at most) and says so: the profile keeps its secret", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-pieces-'));
    const doctorVault = new Vault(new ProfileStore(dir), keychain);
    const p = unwrap(await doctorVault.add(temporary('long', 4000)));
    let writes = 0;
    let doctorAt = Infinity;
    let doctored: Awaited<ReturnType<Vault['doctor']>> | undefined;
    const hooked = new KeychainStore(undefined, undefined, undefined, async () => {
      writes += 1;
      if (writes === doctorAt) doctored = await doctorVault.doctor({ forgetOrphans: true, yes: true });
    });
    const renaming = new Vault(new ProfileStore(dir), hooked);
    unwrap(await renaming.rename('long', 'first')); // counts the writes of one save: its pieces, then its head
    doctorAt = 2 * writes; // the second save's head
    unwrap(await renaming.rename('first', 'renamed'));
    if (!doctored) throw new Error('the doctor did not run');
    const report = unwrap(doctored);
    expect(report).toMatchObject({ leftoverPieces: 0, recentPieces: writes / 2 - 1 });
    expect(unwrap(await doctorVault.credentials(unwrap(doctorVault.find('renamed')))).sessionToken).toBe(token(4000, 'long'));
    expect(unwrap(await keychain.get(p.id))).toMatchObject({ name: 'renamed' });
    // Nothing left over, even once the grace is past: the save deleted the previous value's pieces itself.
    expect(unwrap(await new Vault(new ProfileStore(dir), keychain, minutesLater(11)).doctor({}))).toMatchObject({ leftoverPieces: 0, recentPieces: 0, unreadableEntries: 0 });
  });

  it('pieces deleted by another program before the head is written (as an older doctor did): the save fails, and the value saved before reads whole', async () => {
    const id = 'vanishing';
    const secret = (name: string): StoredSecret => ({ accessKeyId: ASIA, secretAccessKey: SECRET, sessionToken: token(4000, name), name, store: 's' });
    let writes = 0;
    let deleteAt = Infinity;
    let before = new Set<string>();
    const hooked = new KeychainStore(undefined, undefined, undefined, () => {
      writes += 1;
      if (writes !== deleteAt) return; // every piece written: the head comes next
      for (const account of pieceAccountsStored()) if (!before.has(account)) execFileSync('secret-tool', ['clear', 'service', 'keyscope', 'username', account], { env: { ...process.env, ...keyring.env } });
    });
    unwrap(await hooked.set(id, secret('before'))); // counts the writes of one save
    before = new Set(pieceAccountsStored());
    deleteAt = writes;
    writes = 0;
    const saved = await hooked.set(id, secret('after'));
    expect(writes).toBe(deleteAt + 1); // the pieces, the head, and the value saved before written back
    expect(saved.ok).toBe(false);
    if (saved.ok) return;
    expect(saved.error.message).toMatch(/deleted .*while keyscope saved it.*the value saved before is as it was/);
    expect(unwrap(await keychain.get(id))).toEqual(secret('before'));
    expect(new Set(pieceAccountsStored())).toEqual(before);
  });

  // Two failures at once: the head named pieces that were gone, and the previous value could not be written back over
  // it. The previous value's pieces were left unnamed, so the entry did not add up, and doctor counted them as left
  // over ("no entry needs them") and --forget-orphans --yes deleted them: the only copy of the secret.
  it('pieces deleted by another program before the head is written, and the keychain locked before the value saved before is written back: the save fails in words, and that value reads whole again once the keychain is usable', { tags: ['kills-its-daemon'] }, async () => {
    const vault = newVault();
    const p = unwrap(await vault.add(temporary('kept', 4000)));
    const saved0 = unwrap(await keychain.get(p.id));
    if (!saved0) throw new Error('the entry was not saved');
    const kept = { ...saved0, name: 'counted' };
    let writes = 0;
    let deleteAt = Infinity;
    let before = new Set<string>();
    const env = { ...process.env, ...keyring.env };
    const hooked = new KeychainStore(undefined, undefined, undefined, () => {
      writes += 1;
      if (writes === deleteAt) for (const account of pieceAccountsStored()) if (!before.has(account)) execFileSync('secret-tool', ['clear', 'service', 'keyscope', 'username', account], { env });
      // The value saved before is written back next: the keychain is locked first (as a screen lock does).
      if (writes === deleteAt + 1) spawnSync('secret-tool', ['lock', '--collection=login'], { env, stdio: 'ignore' });
    });
    unwrap(await hooked.set(p.id, { ...kept, name: 'counted' })); // counts the writes of one save
    before = new Set(pieceAccountsStored());
    deleteAt = writes;
    writes = 0;
    const saved = await hooked.set(p.id, { ...kept, name: 'renamed' });
    expect(writes).toBe(deleteAt + 1);
    expect(saved.ok).toBe(false);
    if (saved.ok) return;
    expect(saved.error.message).toMatch(/deleted .*while keyscope saved it.*could not be written back.*its pieces are as they were, and keyscope reads it from them/);
    expect(saved.error.hint).toMatch(/^Unlock the keychain/);
    // The keychain usable again (started again on the same files, unlocked).
    process.kill(keyring.pid() as number, 'SIGKILL');
    await keyring.ended(5000);
    await keyring.revive();
    expect(unwrap(await keychain.get(p.id))).toEqual(kept);
    expect(unwrap(await vault.credentials(p)).sessionToken).toBe(token(4000, 'kept'));
    expect(unwrap(await new Vault(vault.store, new KeychainStore(undefined, bulkReader())).credentialsFor([p])(p)).sessionToken).toBe(token(4000, 'kept'));
    // No piece of it counts as left over, past the grace too, and --forget-orphans --yes leaves it whole.
    const later = new Vault(vault.store, keychain, minutesLater(11));
    expect(unwrap(await later.doctor({ forgetOrphans: true, yes: true }))).toMatchObject({ leftoverPieces: 0, unreadableEntries: 0, brokenEntries: [], orphanEntries: [] });
    expect(unwrap(await keychain.get(p.id))).toEqual(kept);
    // A save that succeeds after it leaves no piece of either value behind; a remove leaves nothing at all.
    unwrap(await vault.rename('kept', 'after'));
    expect(unwrap(await keychain.get(p.id))).toEqual({ ...kept, name: 'after' });
    expect(unwrap(await later.doctor({}))).toMatchObject({ leftoverPieces: 0, recentPieces: 0 });
    unwrap(await vault.remove('after'));
    expect(values()).toEqual([]);
  });
});

describe('a save whose pieces vanish and whose undoing the keychain, locked meanwhile, refuses', () => {
  const env = () => ({ ...process.env, ...keyring.env });
  /**
   * A keychain whose save, once armed (`failAt`: the writes of one save), loses its new pieces before its head is
   * written (another program deletes them) and is locked before it undoes itself.
   */
  const failing = () => {
    const hooked = Object.assign(
      new KeychainStore(undefined, undefined, undefined, () => {
        hooked.writes += 1;
        if (hooked.writes === hooked.failAt) for (const account of pieceAccountsStored()) if (!hooked.before.has(account)) execFileSync('secret-tool', ['clear', 'service', 'keyscope', 'username', account], { env: env() });
        if (hooked.writes === hooked.failAt + 1) spawnSync('secret-tool', ['lock', '--collection=login'], { env: env(), stdio: 'ignore' });
      }),
      { writes: 0, failAt: Infinity, before: new Set<string>() },
    );
    const arm = (failAt: number) => Object.assign(hooked, { writes: 0, failAt, before: new Set(pieceAccountsStored()) });
    return { hooked, arm };
  };
  /** The keychain usable again (started again on the same files, unlocked). */
  const usable = async () => {
    process.kill(keyring.pid() as number, 'SIGKILL');
    await keyring.ended(5000);
    await keyring.revive();
  };

  // The entry read from the pieces of the value before (Head.prev) after a first such save; the second named the
  // first's gone pieces as the value it replaced, so the value before was named by nothing: the profile had no secret,
  // and doctor counted its pieces as left over, which --forget-orphans --yes deleted.
  it('twice in a row on the same entry: the value saved before still reads whole, each failure says so truly, and doctor leaves its pieces', { tags: ['kills-its-daemon'] }, async () => {
    const vault = newVault();
    const p = unwrap(await vault.add(temporary('kept', 4000)));
    const { hooked, arm } = failing();
    const kept = { ...unwrap(await keychain.get(p.id)), name: 'counted' } as StoredSecret;
    unwrap(await hooked.set(p.id, kept)); // counts the writes of one save
    const failAt = hooked.writes;
    for (const name of ['second', 'third']) {
      arm(failAt);
      const saved = await hooked.set(p.id, { ...kept, name });
      expect(saved.ok ? 'saved' : saved.error.message, name).toMatch(/could not be written back.*its pieces are as they were, and keyscope reads it from them/);
      await usable();
      expect(unwrap(await keychain.get(p.id)), name).toEqual(kept);
    }
    const later = new Vault(vault.store, keychain, minutesLater(11));
    expect(unwrap(await later.doctor({ forgetOrphans: true, yes: true }))).toMatchObject({ leftoverPieces: 0, unreadableEntries: 0, brokenEntries: [], orphanEntries: [] });
    expect(unwrap(await vault.credentials(p)).sessionToken).toBe(token(4000, 'kept'));
    unwrap(await vault.rename('kept', 'after'));
    expect(unwrap(await later.doctor({}))).toMatchObject({ leftoverPieces: 0, recentPieces: 0 });
  });

  // It said "the value saved before could not be put back" where there was none, named `set-key` for a profile the add
  // never made, and counted the locked keychain as a failure of the service.
  it('an add (no value before): says its entry could not be removed and is used by no profile, as a locked keychain, and doctor then forgets that entry', { tags: ['kills-its-daemon'] }, async () => {
    const vault = newVault();
    const { hooked, arm } = failing();
    const adding = new Vault(vault.store, hooked);
    unwrap(await adding.add(temporary('first', 4000))); // counts the writes of one save
    const failAt = hooked.writes;
    arm(failAt);
    const added = await adding.add({ ...temporary('added', 4000), accessKeyId: 'ASIAY34FZKBOKMUTVV7B' });
    expect(added.ok).toBe(false);
    if (added.ok) return;
    expect(added.error).toMatchObject({ kind: 'keychain', category: 'keychain-locked' });
    expect(added.error.message).not.toContain('saved before');
    expect(added.error.message).toMatch(/there was no value before it.*could not be removed/);
    expect(added.error.hint).not.toContain('set-key');
    expect(added.error.hint).toContain('--forget-orphans --yes');
    await usable();
    expect(unwrap(vault.list()).map((x) => x.name)).toEqual(['first']);
    const later = new Vault(vault.store, keychain, minutesLater(11));
    const left = unwrap(await later.doctor({})).brokenEntries;
    expect(left).toHaveLength(1);
    expect(unwrap(await later.doctor({ forgetOrphans: true, yes: true }))).toMatchObject({ brokenEntries: [{ forgotten: true }], leftoverPieces: 0 });
    expect(unwrap(await vault.credentials(unwrap(vault.find('first')))).sessionToken).toBe(token(4000, 'first'));
  });
});

describe('an entry of this store whose pieces do not add up and whose profile is gone', () => {
  it('doctor lists it as one repair cannot restore, and --forget-orphans --yes deletes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-pieces-'));
    const vault = new Vault(new ProfileStore(dir), keychain);
    const p = unwrap(await vault.add(temporary('torn', 4000)));
    execFileSync('secret-tool', ['clear', 'service', 'keyscope', 'username', pieceAccountsStored()[0] ?? ''], { env: { ...process.env, ...keyring.env } });
    unwrap(vault.store.update((doc) => ({ doc: { ...doc, profiles: [] }, value: undefined })));
    expect(unwrap(await vault.doctor({}))).toMatchObject({ brokenEntries: [{ id: p.id }], unreadableEntries: 0, orphanEntries: [] });
    expect(unwrap(await vault.doctor({ repair: true }))).toMatchObject({ brokenEntries: [{ id: p.id }], orphanEntries: [] });
    expect(unwrap(await vault.doctor({ forgetOrphans: true }))).toMatchObject({ brokenEntries: [{ id: p.id }], forgetNeedsYes: true });
    expect(values().length).toBeGreaterThan(1);
    expect(unwrap(await vault.doctor({ forgetOrphans: true, yes: true }))).toMatchObject({ brokenEntries: [{ id: p.id, forgotten: true }] });
    expect(values()).toEqual([]);
  });
});
