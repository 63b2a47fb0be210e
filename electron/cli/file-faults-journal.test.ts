/**
 * The recheck journal (profiles.journal) and the store's id file refusing a write, as real `keyscope` processes: a
 * quota used up as a recheck's results are flushed (EDQUOT injected by strace into the journal's flush only), and as
 * the first `profiles add` makes the store's id. Checks answer from the fault server's /ok/ (valid), keys are kept
 * in a test keyring.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../../e2e/fixtures/fault-server.js';
import { startKeyring, type Keyring } from '../../e2e/fixtures/keyring.js';
import { assertBuilt } from '../../e2e/fixtures/keyscope-process.js';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/keyscope.js');
const KEYS = [
  { id: 'AKIAY34FZKBOKMUTVV7C', secret: 'Zp9Utk/h3yCo8nvbEXAMPLEKEYje7MtGbClwBF/2' },
  { id: 'AKIAY34FZKBOKMUTVV7D', secret: 'Qx7Rvm/k2zBn9owcEXAMPLEKEYfa3NpHcDmxCG/5' },
] as const;

const root = mkdtempSync(join(tmpdir(), 'ks-journal-faults-'));
let fault: FaultServer;
let keyring: Keyring | undefined;
beforeAll(async () => {
  assertBuilt();
  if (process.getuid?.() !== 0) throw new Error('these tests need root: they trace keyscope');
  if (spawnSync('strace', ['--version']).status !== 0) throw new Error('these tests need strace (.ci/run installs it)');
  fault = await startFaultServer();
});
afterEach(() => {
  keyring?.stop();
  keyring = undefined;
});
afterAll(async () => {
  await fault?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** `keyscope ...args` under `wrapper`, asynchronously (the fault server answers in this process). */
function ks(wrapper: readonly string[], home: string, args: readonly string[], input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [command, ...rest] = [...wrapper, process.execPath, BIN, ...args] as [string, ...string[]];
  const child = spawn(command, rest, {
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...(keyring?.env ?? {}), KEYSCOPE_HOME: home, AWS_ENDPOINT_URL: `${fault.url}/ok/` },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(input);
  const limit = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => child.on('close', (code) => {
    clearTimeout(limit);
    resolve({ code, stdout, stderr });
  }));
}

/** A store of two profiles, one and two, each with its key in the test keyring. */
async function storeOfTwo(): Promise<string> {
  keyring = await startKeyring();
  const home = mkdtempSync(join(root, 'home-'));
  for (const [i, name] of ['one', 'two'].entries()) {
    const key = KEYS[i] as (typeof KEYS)[number];
    const r = await ks([], home, ['profiles', 'add', name], `${key.id}\n${key.secret}\n`);
    if (r.code !== 0) throw new Error(`add ${name}: ${r.stderr}`);
  }
  return home;
}

const quotaAtFlushOf = (file: string) => ['strace', '-f', '-qq', '-o', '/dev/null', '-P', file, '-e', 'trace=fsync', '-e', 'inject=fsync:error=EDQUOT'];

describe('a recheck whose results cannot be saved (EDQUOT injected by strace at the journal\'s flush)', () => {
  it('every check valid, none saved: exit 3, not 0; a warning names EDQUOT; no empty journal left; the store byte for byte', async () => {
    const home = await storeOfTwo();
    const store = join(home, 'profiles.json');
    const bytes = readFileSync(store);
    const journal = join(home, 'profiles.journal');
    const r = await ks(quotaAtFlushOf(journal), home, ['profiles', 'recheck', 'one', '--no-last-used', '--output', 'text']);
    expect(r.stdout).toMatch(/^Rechecked 1: 1 valid/m);
    expect(r.stderr).toContain(`warning: the results could not all be saved: The profile store could not be saved: Could not write ${journal} (EDQUOT): the disk quota is used up`);
    expect(r.code, r.stderr).toBe(3);
    expect(readdirSync(home)).not.toContain('profiles.journal');
    expect(readFileSync(store).equals(bytes)).toBe(true);
    for (const k of KEYS) expect(`${r.stdout}${r.stderr}`).not.toContain(k.secret);
    const list = await ks([], home, ['profiles', 'list', '--output', 'text']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).not.toMatch(/\bvalid\b/); // never checked, as stored
  });

  it('a journal holding an earlier recheck stays byte for byte (already worked), and exit 3 (was 0)', async () => {
    const home = await storeOfTwo();
    const journal = join(home, 'profiles.journal');
    const first = await ks([], home, ['profiles', 'recheck', 'one', '--no-last-used']);
    expect(first.code, first.stderr).toBe(0);
    const bytes = readFileSync(journal);
    const r = await ks(quotaAtFlushOf(journal), home, ['profiles', 'recheck', 'two', '--no-last-used', '--output', 'text']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('(EDQUOT): the disk quota is used up');
    expect(readFileSync(journal).equals(bytes)).toBe(true);
  });
});

describe("a recheck's results refused at the journal's write (EDQUOT injected by strace: Node 20 names it UNKNOWN)", () => {
  it('the warning names EDQUOT and says the quota is used up, exit 3', async () => {
    const home = await storeOfTwo();
    const journal = join(home, 'profiles.journal');
    const quotaAtWrite = ['strace', '-f', '-qq', '-o', '/dev/null', '-P', journal, '-e', 'trace=write,pwrite64,writev', '-e', 'inject=write,pwrite64,writev:error=EDQUOT'];
    const r = await ks(quotaAtWrite, home, ['profiles', 'recheck', 'one', '--no-last-used', '--output', 'text']);
    expect(r.stderr).toContain(`Could not write ${journal} (EDQUOT): the disk quota is used up`);
    expect(r.stderr).not.toContain('UNKNOWN');
    expect(r.code, r.stderr).toBe(3);
  });
});

describe("the store's id file over a quota (EDQUOT injected by strace at the first flush)", () => {
  it('the first profiles add: named, exit 3, nothing left in the folder or the keychain (already worked)', async () => {
    keyring = await startKeyring();
    const home = mkdtempSync(join(root, 'home-'));
    const key = KEYS[0];
    const r = await ks(['strace', '-f', '-qq', '-o', '/dev/null', '-e', 'trace=fsync', '-e', 'inject=fsync:error=EDQUOT:when=1'], home, ['profiles', 'add', 'one'], `${key.id}\n${key.secret}\n`);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`Could not write ${join(home, 'store-id')} (EDQUOT): the disk quota is used up`);
    expect(r.stderr).not.toContain(key.secret);
    expect(readdirSync(home)).toEqual([]);
    const search = spawnSync('secret-tool', ['search', '--all', 'service', 'keyscope'], { env: { ...process.env, ...keyring.env }, encoding: 'utf8' });
    expect(`${search.stdout}${search.stderr}`).not.toContain(key.secret);
  });
});
