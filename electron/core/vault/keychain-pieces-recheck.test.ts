/**
 * `keyscope profiles recheck` of profiles whose entries are kept in pieces (long session tokens), as a real process
 * (bin/keyscope.js, built first) with a real gnome-keyring and the fault server answering every check: each check
 * must send its own profile's whole token, read by the bulk read (more than 50 profiles: every entry read at once;
 * a few named: one search each), never a piece of it or another's.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../../../e2e/fixtures/fault-server.js';
import { neededAfterCrash, startKeyring, useKeyring, type Keyring } from '../../../e2e/fixtures/keyring.js';
import { openVaultAt } from './open-vault.js';

const ROOT = join(__dirname, '../../..');
const COUNT = 60;
let keyring: Keyring;
let faults: FaultServer;
let home: string;

const keyId = (i: number) => `ASIAY34FZKBO${String(i).padStart(8, '0')}`;
/** Tokens of 1,500 to 7,400 characters, each its own. */
const tokenOf = (i: number) => `IQoJ${String(i).padStart(4, '0')}`.concat('AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/'.repeat(200)).slice(0, 1500 + i * 100);

beforeAll(async () => {
  // Built once before the tests (as keyring-cli.ts): a rebuild per file rewrote the CLI under other files' runs of it.
  if (!existsSync(join(ROOT, 'dist/cli.js'))) execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' });
  keyring = await startKeyring();
  useKeyring(keyring);
  faults = await startFaultServer();
  home = mkdtempSync(join(tmpdir(), 'keyscope-pieces-recheck-'));
  const vault = openVaultAt(home);
  for (let i = 0; i < COUNT; i += 1) {
    await neededAfterCrash(keyring, () => vault.add({ name: `p${i}`, accessKeyId: keyId(i), secretAccessKey: `${'s'.repeat(38)}${String(i).padStart(2, '0')}`, sessionToken: tokenOf(i), source: 'manual' }));
  }
}, 120_000);
afterAll(async () => {
  await faults?.stop();
  keyring?.stop();
});

/** `profiles recheck ARGS --output json` as a real process (spawned: the fault server answers from this one). */
async function recheck(args: readonly string[]) {
  const before = faults.requests.length;
  const child = spawn('node', [join(ROOT, 'bin/keyscope.js'), 'profiles', 'recheck', ...args, '--output', 'json'], {
    env: { PATH: process.env.PATH ?? '', HOME: home, KEYSCOPE_HOME: home, ...keyring.env, AWS_ENDPOINT_URL: `${faults.url}/ok/` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [status] = (await once(child, 'close')) as [number | null];
  // Each request's key id (from its signature) and the token it carried.
  const sent = faults.requests.slice(before).map((q) => ({ id: /Credential=([A-Z0-9]+)\//.exec(q.headers.authorization ?? '')?.[1], token: q.headers['x-amz-security-token'] }));
  return { status, stderr, sent };
}

describe('profiles doctor and a piece left over (as a save that stopped midway leaves one)', () => {
  it('says so in words, deletes nothing without --yes (exit 2), and deletes only that piece with it', async () => {
    const storeId = readFileSync(join(home, 'store-id'), 'utf8').trim();
    const account = `00000000-0000-4000-8000-000000000000#0123456789abcdef.1`;
    const env = { ...process.env, ...keyring.env };
    execFileSync('secret-tool', ['store', `--label=keyring:${account}@keyscope`, 'service', 'keyscope', 'username', account], { env, input: `keyscope-piece 0123456789abcdef.1 ${storeId} {"v":2,"id":"00000000-0000-4000-8000-000000000000","accessKeyId":"ASIA` });
    const doctor = (...args: string[]) => spawnSync('node', [join(ROOT, 'bin/keyscope.js'), 'profiles', 'doctor', ...args, '--output', 'text'], { env: { PATH: process.env.PATH ?? '', HOME: home, KEYSCOPE_HOME: home, ...keyring.env }, encoding: 'utf8' });
    const listed = doctor('--forget-orphans');
    expect(listed.status).toBe(2);
    expect(listed.stdout).toBe(
      '1 piece of long keychain entries (kept in pieces) no entry uses, left by a save that stopped midway: no entry needs them; `keyscope profiles doctor --forget-orphans --yes` deletes them.\nNothing was deleted: run again with --yes to forget the 1 piece left over.\n',
    );
    expect(listed.stderr).toBe('keyscope: nothing was deleted; add --yes to forget the piece left over.\n');
    const forgotten = doctor('--forget-orphans', '--yes');
    expect(forgotten.status).toBe(0);
    expect(forgotten.stdout).toMatch(/^1 piece of long keychain entries .*: forgotten \(deleted from the keychain\)\.$/m);
    expect(doctor().stdout).toBe('The store and the keychain agree: nothing to repair.\n');
    // Every profile's entry is still there, whole.
    expect((await recheck(['p7'])).sent.map((s) => s.token)).toEqual([tokenOf(7)]);
  });
});

describe('recheck of profiles kept in pieces', () => {
  it(`--all (${COUNT} profiles, read in bulk): every check sends its own whole token`, async () => {
    const r = await recheck(['--all']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.sent).toHaveLength(COUNT);
    for (const s of r.sent) expect(s.token, s.id).toBe(tokenOf(Number(s.id?.slice(-8))));
  });

  it('three named (each read by its own search): the same', async () => {
    const r = await recheck(['p3', 'p40', 'p59']);
    expect(r.status).toBe(0);
    expect(r.sent.map((s) => s.id).sort()).toEqual([keyId(3), keyId(40), keyId(59)]);
    for (const s of r.sent) expect(s.token, s.id).toBe(tokenOf(Number(s.id?.slice(-8))));
  });
});
