/** `keyscope profiles …` with a real gnome-keyring and moto, in process and as real processes. */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageKeychainEntries } from '../../e2e/fixtures/keychain-age.js';
import { startKeyring, useKeyring, type Keyring } from '../../e2e/fixtures/keyring.js';
import { startMoto, type Moto } from '../../e2e/fixtures/moto.js';
import type { Credentials } from '../core/aws/model.js';
import { runCli } from '../../e2e/fixtures/cli-run.js';

const ROOT = join(__dirname, '../..');
let keyring: Keyring;
let moto: Moto;
let home: string;
let alice: Credentials;
let bob: Credentials;
const outputs: string[] = [];

async function run(argv: string[], extraEnv: Record<string, string> = {}, stdin = '', stderrIsTTY = false) {
  const r = await runCli(argv, { HOME: home, KEYSCOPE_HOME: home, AWS_ENDPOINT_URL: moto.url, ...extraEnv }, { stdin, stderrIsTTY });
  outputs.push(r.stdout, r.stderr);
  return r;
}

function secretToolSearch(): string {
  return execFileSync('secret-tool', ['search', '--all', 'service', 'keyscope'], { env: { ...process.env, ...keyring.env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    const st = statSync(p);
    return st.isDirectory() ? filesUnder(p) : st.isFile() ? [p] : []; // sockets and pipes hold no data
  });
}

beforeAll(async () => {
  keyring = await startKeyring();
  useKeyring(keyring);
  moto = await startMoto({ auth: true });
  alice = await moto.createUser('alice', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:*', 'iam:GetAccessKeyLastUsed'], Resource: '*' }] });
  bob = await moto.createUser('bob', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] });
  home = mkdtempSync(join(tmpdir(), 'keyscope-cli-home-'));
  if (!existsSync(join(ROOT, 'dist/cli.js'))) execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT });
});
afterAll(async () => {
  await moto?.stop();
  keyring?.stop();
});

describe('keyscope profiles', () => {
  it('adds from the environment, lists, shows, renames', async () => {
    const add = await run(['profiles', 'add', 'alice', '--from-env', '--region', 'us-east-1', '--notes', 'audit 2026'], { AWS_ACCESS_KEY_ID: alice.accessKeyId, AWS_SECRET_ACCESS_KEY: alice.secretAccessKey });
    expect(add.code).toBe(0);
    expect(add.json().Saved).toMatchObject({ Name: 'alice', Status: 'never checked', Region: 'us-east-1' });
    expect(secretToolSearch()).toContain(alice.secretAccessKey);

    const list = await run(['profiles', 'list']);
    expect(list.json().Profiles).toEqual([expect.objectContaining({ Name: 'alice', AccessKeyId: expect.stringMatching(/^AKIA\*+/) })]);
    const show = await run(['profiles', 'show', 'alice']);
    expect(show.json()).toMatchObject({ Name: 'alice', SecretInKeychain: true, Notes: 'audit 2026', Source: 'env', History: [] });
    expect((await run(['profiles', 'rename', 'alice', 'alice-prod'])).code).toBe(0);
    expect((await run(['profiles', 'show', 'alice'])).code).toBe(2);
  });

  it('adds from lines on standard input when there is no terminal, never from arguments', async () => {
    const r = await run(['profiles', 'add', 'bob'], {}, `${bob.accessKeyId}\n${bob.secretAccessKey}\n`);
    expect(r.code).toBe(0);
    const dup = await run(['profiles', 'add', 'bob-again'], {}, `${bob.accessKeyId}\n${bob.secretAccessKey}\n`);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/already saved as "bob"/);
  });

  it('rechecks all with a progress line on a terminal, and stores each result', async () => {
    const r = await run(['profiles', 'recheck', '--all'], {}, '', true);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/rechecking 1\/2: /);
    expect(r.stderr).toMatch(/rechecking 2\/2: /);
    expect(r.json().Rechecked.map((x: { Name: string; Status: string }) => [x.Name, x.Status])).toEqual([
      ['alice-prod', 'valid'],
      ['bob', 'valid'],
    ]);
    const show = await run(['profiles', 'show', 'bob']);
    expect(show.json().History).toHaveLength(1);
    // bob may not read last-used: still valid, with the denial kept beside it.
    expect(show.json().LastCheck.LastUsedError.Code).toBe('AccessDenied'); // PascalCase, as AWS's members
  });

  it('says in words what add, recheck and remove did (--output text)', async () => {
    const add = await run(['profiles', 'add', 'words', '--output', 'text'], {}, `${alice.accessKeyId}\n${alice.secretAccessKey}\n`);
    expect(add.code).toBe(2); // alice's key is saved as alice-prod: said, and nothing saved
    expect(add.stderr).toMatch(/already saved as "alice-prod"/);
    const carol = await moto.createUser('carol-words', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] });
    const saved = await run(['profiles', 'add', 'words', '--output', 'text'], {}, `${carol.accessKeyId}\n${carol.secretAccessKey}\n`);
    expect(saved.stdout).toMatch(/^Saved profile words \(AKIA\*+\w{4}, long-term, account \d{12}\); its secret is in the OS keychain\. Check it with: keyscope verify --profile words\n$/);
    const recheck = await run(['profiles', 'recheck', 'words', '--output', 'text']);
    expect(recheck.stdout).toMatch(/^words \(AKIA\*+\w{4}\): valid as arn:aws:iam::123456789012:user\/carol-words\nRechecked 1: 1 valid, 0 invalid, 0 could not check\n$/);
    const removed = await run(['profiles', 'remove', 'words', '--output', 'text']);
    expect(removed.stdout).toMatch(/^Removed profile words \(AKIA\*+\w{4}, long-term, account \d{12}\) and its secret from the keychain\.\n$/);
    expect(secretToolSearch()).not.toContain(carol.secretAccessKey);
  });

  it('verifies a saved profile with --profile and remembers the check', async () => {
    const r = await run(['verify', '--profile', 'alice-prod']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ Profile: 'alice-prod', Valid: true, UserName: 'alice' });
    expect((await run(['profiles', 'show', 'alice-prod'])).json().History).toHaveLength(2);
    expect((await run(['verify', '--profile', 'nobody'])).code).toBe(2);
  });

  it('imports static profiles from the AWS files, previewing with --dry-run, and never writes those files', async () => {
    const aws = mkdtempSync(join(tmpdir(), 'keyscope-aws-'));
    const carol = await moto.createUser('carol', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] });
    writeFileSync(join(aws, 'credentials'), `[carol]\naws_access_key_id = ${carol.accessKeyId}\naws_secret_access_key = ${carol.secretAccessKey}\n[dup]\naws_access_key_id = ${bob.accessKeyId}\naws_secret_access_key = ${bob.secretAccessKey}\n`);
    writeFileSync(join(aws, 'config'), '[profile carol]\nregion = us-west-2\n[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\nsource_profile = carol\n');
    const hash = () => ['credentials', 'config'].map((f) => createHash('sha256').update(readFileSync(join(aws, f))).digest('hex')).join();
    const before = hash();
    const env = { AWS_SHARED_CREDENTIALS_FILE: join(aws, 'credentials'), AWS_CONFIG_FILE: join(aws, 'config') };

    const dry = await run(['profiles', 'import', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.json().WouldImport).toEqual([expect.objectContaining({ Name: 'carol', Region: 'us-west-2' })]);
    expect(dry.json().Skipped).toEqual([
      { Name: 'dup', Reason: 'already saved as "bob"' },
      { Name: 'ops', Reason: expect.stringMatching(/role profile/) },
    ]);
    expect((await run(['profiles', 'list'])).json().Profiles).toHaveLength(2);

    const real = await run(['profiles', 'import'], env);
    expect(real.json().Imported).toHaveLength(1);
    expect((await run(['profiles', 'list'])).json().Profiles.map((p: { Name: string }) => p.Name)).toEqual(['alice-prod', 'bob', 'carol']);
    expect(secretToolSearch()).toContain(carol.secretAccessKey);
    expect(hash()).toBe(before);
  });

  it('reports a corrupt store, and doctor --repair rebuilds it from the keychain', async () => {
    const file = join(home, 'profiles.json');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.slice(0, 100));
    const list = await run(['profiles', 'list']);
    expect(list.code).toBe(3);
    expect(list.stderr).toMatch(/cannot be read.*doctor --repair/);
    const doctor = await run(['profiles', 'doctor']);
    expect(doctor.code).toBe(3);
    ageKeychainEntries(keyring.env); // saved 11 minutes ago: --repair leaves an entry saved since alone (a save may be under way)
    const repair = await run(['profiles', 'doctor', '--repair']);
    expect(repair.code).toBe(0);
    // alice was renamed alice-prod (the first test): the keychain entry followed, so the repair restores that name.
    expect(repair.json().OrphanEntries.map((s: { RestoredAs: string }) => s.RestoredAs).sort()).toEqual(['alice-prod', 'bob', 'carol']);
    expect((await run(['profiles', 'list'])).json().Profiles).toHaveLength(3);
  });

  it('removes a profile and its keychain entry', async () => {
    const r = await run(['profiles', 'remove', 'carol']);
    expect(r.code).toBe(0);
    expect(secretToolSearch()).not.toContain('carol');
    expect((await run(['profiles', 'remove', 'carol'])).code).toBe(2);
  });

  it('without a Secret Service: explains, exits 3 and saves nothing (a real process with no D-Bus session)', () => {
    const empty = mkdtempSync(join(tmpdir(), 'keyscope-nokeychain-'));
    const r = spawnSync('node', [join(ROOT, 'bin/keyscope.js'), 'profiles', 'add', 'x', '--from-env'], {
      env: { PATH: process.env.PATH ?? '', HOME: empty, KEYSCOPE_HOME: join(empty, 'ks'), AWS_ACCESS_KEY_ID: alice.accessKeyId, AWS_SECRET_ACCESS_KEY: alice.secretAccessKey },
      encoding: 'utf8',
    });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/no Secret Service here/);
    expect(r.stderr).toMatch(/never falls back to a plain file/);
    expect(filesUnder(empty).filter((f) => f.includes('profiles.json'))).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain(alice.secretAccessKey);
  });

  it('with a keyring that is locked and cannot prompt: explains, exits 3 and saves nothing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'keyscope-locked-'));
    mkdirSync(join(empty, 'ks'));
    const script = `eval "$(gnome-keyring-daemon --daemonize --components=secrets </dev/null)"; exec node ${join(ROOT, 'bin/keyscope.js')} profiles add x --from-env`;
    const r = spawnSync('dbus-run-session', ['--', 'sh', '-c', script], {
      env: { PATH: process.env.PATH ?? '', HOME: empty, KEYSCOPE_HOME: join(empty, 'ks'), AWS_ACCESS_KEY_ID: alice.accessKeyId, AWS_SECRET_ACCESS_KEY: alice.secretAccessKey },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/has no login keyring to save into \(or it is locked/);
    expect(r.stderr).toMatch(/hint: Unlock your login keychain/);
    // Nothing saved: no profile store (the store's id, which names no key, may exist).
    expect(readdirSync(join(empty, 'ks')).filter((f) => f !== 'store-id')).toEqual([]);
  });

  it('leaves no secret on disk or in any output', () => {
    const secrets = [alice.secretAccessKey, bob.secretAccessKey];
    const files = [...filesUnder(home), ...filesUnder(keyring.home)];
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const s of secrets) {
        expect(bytes.includes(Buffer.from(s)), `${f} holds a secret`).toBe(false);
        expect(bytes.includes(Buffer.from(Buffer.from(s).toString('base64'))), `${f} holds a secret in base64`).toBe(false);
      }
    }
    for (const o of outputs) for (const s of secrets) expect(o).not.toContain(s);
  });
});
