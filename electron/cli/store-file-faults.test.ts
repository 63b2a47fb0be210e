/**
 * The profile store on a file system that refuses, as real `keyscope` processes: a folder it may not write and a
 * store it may not read (real EACCES: keyscope run as root without the capabilities that let root past file
 * permissions, by setpriv), the flushes a save makes (watched by strace), and a quota used up at the flush (EDQUOT
 * injected by strace: this kernel has no file system with quotas to mount). A full disk and a read-only one are in
 * profiles-trust.test.ts and atomic-file.test.ts.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startKeyring, type Keyring } from '../../e2e/fixtures/keyring.js';
import { assertBuilt } from '../../e2e/fixtures/keyscope-process.js';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/keyscope.js');
const KEY = { id: 'AKIAY34FZKBOKMUTVV7C', secret: 'Zp9Utk/h3yCo8nvbEXAMPLEKEYje7MtGbClwBF/2' };
const NOBODY = 65534;
/** Root without CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER: file permissions apply to it as to anyone. */
const UNPRIVILEGED = ['setpriv', '--bounding-set=-dac_override,-dac_read_search,-fowner', '--'];

let keyring: Keyring | undefined;

beforeAll(() => {
  assertBuilt();
  if (process.getuid?.() !== 0) throw new Error('these tests need root: they take capabilities away from keyscope and trace it');
  for (const tool of ['setpriv', 'strace']) {
    if (spawnSync(tool, ['--version']).status !== 0) throw new Error(`these tests need ${tool} (.ci/run installs it)`);
  }
});
const dirs: string[] = [];
afterEach(() => {
  keyring?.stop();
  keyring = undefined;
});
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** `keyscope ...args` with KEYSCOPE_HOME at `home`, run under `wrapper` (setpriv, strace). */
function ks(wrapper: readonly string[], home: string, args: readonly string[], input = '') {
  const [command, ...rest] = [...wrapper, process.execPath, BIN, ...args] as [string, ...string[]];
  const r = spawnSync(command, rest, {
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...(keyring?.env ?? {}), KEYSCOPE_HOME: home, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A folder holding a store of one profile, p0, written as keyscope writes it (owner-only). */
function storeWithOneProfile(): { dir: string; file: string; bytes: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'ks-store-faults-'));
  dirs.push(dir);
  const file = join(dir, 'profiles.json');
  const p0 = {
    id: 'p0', name: 'p0', accessKeyId: 'AKIAY34FZKBOKMUT0000', keyType: 'long-term', derivedAccount: '609629065308', partition: 'aws',
    source: 'manual', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', history: [],
  };
  writeFileSync(file, `${JSON.stringify({ schemaVersion: 2, profiles: [p0] })}\n`, { mode: 0o600 });
  return { dir, file, bytes: readFileSync(file) };
}

const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('.keyscope-') || n.endsWith('.lock'));

describe('a folder keyscope may not write (real EACCES)', () => {
  it('a rename says so in plain words, exit 3, and the store stays byte for byte', () => {
    const { dir, file, bytes } = storeWithOneProfile();
    chownSync(dir, NOBODY, NOBODY);
    chmodSync(dir, 0o755); // another user's folder: keyscope may read the store in it, not write beside it
    const r = ks(UNPRIVILEGED, dir, ['profiles', 'rename', 'p0', 'q0']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('(EACCES)');
    expect(r.stderr).toMatch(/may not write there: check the folder's permissions\. Nothing was changed\./);
    expect(r.stderr).toMatch(/^hint: /m);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });

  it('profiles add into a KEYSCOPE_HOME it cannot create: exit 3, and the secret it had saved is taken out of the keychain', async () => {
    keyring = await startKeyring();
    const parent = mkdtempSync(join(tmpdir(), 'ks-store-faults-'));
    dirs.push(parent);
    chownSync(parent, NOBODY, NOBODY);
    const home = join(parent, 'keyscope');
    const r = ks(UNPRIVILEGED, home, ['profiles', 'add', 'one'], `${KEY.id}\n${KEY.secret}\n`);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('(EACCES)');
    expect(r.stderr).not.toContain(KEY.secret);
    const search = spawnSync('secret-tool', ['search', '--all', 'service', 'keyscope'], { env: { ...process.env, ...keyring.env }, encoding: 'utf8' });
    expect(`${search.stdout}${search.stderr}`).not.toContain(KEY.secret);
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('a store keyscope may not read (real EACCES)', () => {
  it('list says it could not be read, with what to check, exit 3; nothing is listed or written', () => {
    const { dir, file, bytes } = storeWithOneProfile();
    chownSync(file, NOBODY, NOBODY); // the store is another user's, owner-only
    const r = ks(UNPRIVILEGED, dir, ['profiles', 'list']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`The profile store could not be read: Could not read ${file} (EACCES): keyscope may not read it`);
    expect(r.stderr).toMatch(/^hint: Check the permissions of the store's folder \(KEYSCOPE_HOME\)/m);
    expect(r.stderr).not.toMatch(/free space|could not be saved/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('a rename changes nothing either', () => {
    const { dir, file, bytes } = storeWithOneProfile();
    chownSync(file, NOBODY, NOBODY);
    const r = ks(UNPRIVILEGED, dir, ['profiles', 'rename', 'p0', 'q0']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('could not be read');
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });
});

describe("a lock another user's keyscope left behind (real EACCES: sudo keyscope killed, say)", () => {
  // The owner file names a process that is gone; keyscope breaks such a lock by removing that file, which it may not
  // do in another user's lock folder. It tried again and again for 10 s, then said "busy … try again in a moment".
  for (const [what, mode] of [['owner-only (its owner unseen)', 0o700], ['readable (its owner dead)', 0o755]] as const) {
    it(`${what}: a rename says at once whose lock it is and how to remove it, exit 3; the store stays byte for byte`, () => {
      const { dir, file, bytes } = storeWithOneProfile();
      const lock = join(dir, 'profiles.json.lock');
      mkdirSync(lock);
      const host = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
      const owner = join(lock, `4194999.${host}.0123456789ab`); // above pid_max's default: no such process
      writeFileSync(owner, '');
      const old = new Date(Date.now() - 120_000);
      utimesSync(owner, old, old);
      utimesSync(lock, old, old); // left two minutes ago
      chownSync(owner, NOBODY, NOBODY);
      chownSync(lock, NOBODY, NOBODY);
      chmodSync(lock, mode);
      const started = Date.now();
      const r = ks(UNPRIVILEGED, dir, ['profiles', 'rename', 'p0', 'q0']);
      expect(r.code, r.stderr).toBe(3);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(r.stderr).toContain(lock);
      expect(r.stderr).toMatch(/another user \(uid 65534\)/);
      expect(r.stderr).toMatch(/Nothing was changed/);
      expect(r.stderr).toMatch(/^hint: .*sudo rm -r/m);
      expect(r.stderr).not.toMatch(/try again in a moment/);
      expect(readFileSync(file).equals(bytes)).toBe(true);
      expect(leftovers(dir)).toEqual(['profiles.json.lock']);
    });
  }
});

describe('doctor --repair keeping a corrupt store aside in a sticky folder (real EPERM)', () => {
  // In a sticky folder (/tmp's mode) only a file's owner or the folder's may rename the file: the folder is another
  // user's, and so is one of the two files.
  for (const theirs of ['profiles.journal', 'profiles.json'] as const) {
    it(`with ${theirs} another user's: exit 3, "Nothing was changed" and nothing was: both files where they were`, async () => {
      keyring = await startKeyring();
      const dir = mkdtempSync(join(tmpdir(), 'ks-store-faults-'));
      dirs.push(dir);
      chownSync(dir, NOBODY, NOBODY);
      chmodSync(dir, 0o1777);
      const store = join(dir, 'profiles.json');
      const journal = join(dir, 'profiles.journal');
      writeFileSync(store, '{"schemaVersion": 2, "profiles": [', { mode: 0o644 });
      writeFileSync(journal, '', { mode: 0o644 });
      chownSync(join(dir, theirs), NOBODY, NOBODY);
      const before = readdirSync(dir).sort();
      const r = ks(UNPRIVILEGED, dir, ['profiles', 'doctor', '--repair']);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain('(EPERM)');
      expect(r.stderr).toContain('Nothing was changed.');
      // (the store's id, which the doctor makes first when the folder has none, is no change to the store)
      expect(readdirSync(dir).filter((n) => n !== 'store-id').sort()).toEqual(before);
      expect(readFileSync(store, 'utf8')).toBe('{"schemaVersion": 2, "profiles": [');
    });
  }
});

describe('flushing a save (watched by strace)', () => {
  it('flushes the new file before it replaces the store, and the folder after', () => {
    const { dir, file } = storeWithOneProfile();
    const traces = mkdtempSync(join(tmpdir(), 'ks-strace-'));
    dirs.push(traces);
    const log = join(traces, 'trace');
    const r = ks(['strace', '-f', '-qq', '-y', '-o', log, '-e', 'trace=fsync,fdatasync,rename,renameat,renameat2'], dir, ['profiles', 'rename', 'p0', 'q0']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).profiles[0].name).toBe('q0');
    const calls = readFileSync(log, 'utf8').split('\n').map((l) => l.replace(/^\d+\s+/, ''));
    const temp = `${dir}/.keyscope-profiles.json.`;
    const flushTemp = calls.findIndex((l) => /^f(data)?sync\(\d+</.test(l) && l.includes(`<${temp}`) && l.endsWith('= 0'));
    const replace = calls.findIndex((l) => /^rename(at2?)?\(/.test(l) && l.includes(temp) && l.includes(`"${file}"`) && l.endsWith('= 0'));
    const flushFolder = calls.findIndex((l) => /^f(data)?sync\(\d+</.test(l) && l.includes(`<${dir}>)`) && l.endsWith('= 0'));
    expect(flushTemp, calls.join('\n')).toBeGreaterThanOrEqual(0);
    expect(replace).toBeGreaterThan(flushTemp);
    expect(flushFolder).toBeGreaterThan(replace);
  });
});

describe('a disk quota used up at the flush (EDQUOT injected by strace)', () => {
  it('says the quota is used up, exit 3; the store stays byte for byte and no temporary file is left', () => {
    const { dir, file, bytes } = storeWithOneProfile();
    const inject = ['strace', '-f', '-qq', '-o', '/dev/null', '-e', 'trace=fsync', '-e', 'inject=fsync:error=EDQUOT:when=1'];
    const r = ks(inject, dir, ['profiles', 'rename', 'p0', 'q0']);
    expect(r.code, r.stderr).toBe(3);
    // Node 20 names this errno "Unknown system error -122"; keyscope names it and says what to do.
    expect(r.stderr).toContain(`Could not write ${file} (EDQUOT): the disk quota is used up: free some space and try again. Nothing was changed.`);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });
});
