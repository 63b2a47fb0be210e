/** `keyscope profiles import` in process, with a real gnome-keyring and real AWS files in a temporary folder. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyringForFile } from '../../e2e/fixtures/keyring-file.js';
import { main } from './index.js';

const GOOD = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TYPO = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEx';
const id = (n: number) => `AKIAY34FZKBOKMUTVV${String.fromCharCode(65 + n)}B`;
const section = (name: string, keyId: string, secret: string) => `[${name}]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n`;
// The reproducer: 10 profiles; prod and prod-copy share a key and its secret; ci-typo (first) and ci share a key, ci-typo with a typo.
const REPRODUCER = [...[0, 1, 2, 3, 4, 5].map((n) => section(`own${n}`, id(n), GOOD)), section('prod', id(6), GOOD), section('prod-copy', id(6), GOOD), section('ci-typo', id(7), TYPO), section('ci', id(7), GOOD)].join('');

const shared = keyringForFile();
const temp = shared.tempDir;

async function run(argv: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => '' });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

/** A store and AWS files of their own; `awsEnv` points the AWS variables at them. */
function world(credentials?: string, config?: string) {
  const dir = temp('keyscope-import-');
  mkdirSync(join(dir, '.aws'));
  if (credentials !== undefined) writeFileSync(join(dir, '.aws', 'credentials'), credentials);
  if (config !== undefined) writeFileSync(join(dir, '.aws', 'config'), config);
  return { dir, env: { HOME: dir, KEYSCOPE_HOME: join(dir, 'keyscope') } };
}

function secretToolSearch(): string {
  return execFileSync('secret-tool', ['search', '--all', 'service', 'keyscope'], { env: { ...process.env, ...shared.keyring().env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('keyscope profiles import', () => {
  it('does what --dry-run said: one key in several profiles imported once with aliases, different secrets imported by none', async () => {
    const w = world(REPRODUCER, '[profile prod]\nregion = eu-west-1\n');
    const dry = await run(['profiles', 'import', '--dry-run'], w.env);
    const real = await run(['profiles', 'import'], w.env);
    expect(dry.json().WouldImport.map((p: { Name: string }) => p.Name)).toEqual(['own0', 'own1', 'own2', 'own3', 'own4', 'own5', 'prod']);
    expect(real.json().Imported).toEqual(dry.json().WouldImport);
    for (const r of [dry.json(), real.json()]) {
      expect(r.Aliases).toEqual([{ Name: 'prod-copy', SameKeyAs: 'prod' }]);
      expect(r.Conflicts).toEqual([{ AccessKeyId: expect.stringMatching(/^AKIA\*+/), Profiles: ['ci-typo', 'ci'], Reason: expect.stringMatching(/different secrets in profiles ci-typo and ci: none of them is imported/) }]);
    }
    expect(real.json().Summary).toBe('Imported 7 profiles (1 more profile with the same key named as aliases); 1 key id with different secrets, none of their profiles imported; 0 profiles skipped.');
    // The conflict is something to fix: exit 2, said on standard error too.
    expect([dry.code, real.code]).toEqual([2, 2]);
    expect(real.stderr).toMatch(/1 key id has different secrets in different profiles; none of those profiles was imported/);
    const list = (await run(['profiles', 'list'], w.env)).json().Profiles.map((p: { Name: string; Region: string }) => `${p.Name} ${p.Region}`);
    expect(list).toEqual(['own0 null', 'own1 null', 'own2 null', 'own3 null', 'own4 null', 'own5 null', 'prod eu-west-1']);
    expect(secretToolSearch()).not.toContain(TYPO);
  });

  it('says it in words on --output text, with each value escaped', async () => {
    const w = world(section('prod', id(8), GOOD) + section('prod-copy', id(8), GOOD) + section('a', id(9), GOOD) + section('b', id(9), TYPO) + '[ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\n');
    const r = await run(['profiles', 'import', '--dry-run', '--output', 'text'], w.env);
    expect(r.stdout).toContain('Would import 1:\n  prod\tAKIA');
    expect(r.stdout).toContain('\talso in prod-copy\n');
    expect(r.stdout).toContain('Aliases 1 (the same key and secret as an imported profile, not saved again):\n  prod-copy\tsame key as prod\n');
    expect(r.stdout).toMatch(/Conflicts 1 \(nothing imported for these keys\):\n {2}AKIA\*+\S+\tthe key AKIA\*+\S+ has different secrets in profiles a and b/);
    expect(r.stdout).toContain('Skipped 1:\n  ops\trole profile');
    expect(r.stdout).toContain(`${join(w.dir, '.aws', 'config')}: missing\n`);
  });

  it('reports malformed lines with file and line, imports nothing from that file, and exits 2', async () => {
    const w = world(`${section('carol', id(10), GOOD)}${GOOD}\n[broken\n`, section('profile dave', id(11), GOOD));
    const file = join(w.dir, '.aws', 'credentials');
    const r = await run(['profiles', 'import'], w.env);
    expect(r.code).toBe(2);
    expect(r.json().Files[0]).toEqual({
      Path: file,
      Status: 'refused',
      Problems: [`${file} line 4: is neither a [section] header, a "name = value" setting, an indented continuation of a setting, nor a # or ; comment`, `${file} line 5: a section header is not closed with "]"`],
    });
    expect(r.json().Imported.map((p: { Name: string }) => p.Name)).toEqual(['dave']);
    expect(r.json().Skipped).toEqual([{ Name: 'carol', Reason: `not read: ${file} (line 4: is neither a [section] header, a "name = value" setting, an indented continuation of a setting, nor a # or ; comment), where it is defined, cannot be used` }]);
    expect(r.stderr).toContain(`keyscope: ${file} was not read: 2 problems (listed above); the AWS CLI refuses this file too.`);
    expect(r.stdout + r.stderr).not.toContain(GOOD);
  });

  it('without ~/.aws: says which paths it looked at, and exits 2', async () => {
    const w = world();
    const r = await run(['profiles', 'import'], { ...w.env, AWS_CONFIG_FILE: join(w.dir, 'elsewhere', 'config') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`keyscope: No AWS files to import from: neither ${join(w.dir, '.aws', 'credentials')} nor ${join(w.dir, 'elsewhere', 'config')} exists`);
    expect(r.json().Files.map((f: { Status: string }) => f.Status)).toEqual(['missing', 'missing']);
  });

  it('reads a FIFO as a refused file instead of hanging', async () => {
    const w = world(undefined, section('profile erin', id(12), GOOD));
    execFileSync('mkfifo', [join(w.dir, '.aws', 'credentials')]);
    const r = await run(['profiles', 'import', '--dry-run'], w.env);
    expect(r.code).toBe(2);
    expect(r.json().Files[0].Problems).toEqual([`${join(w.dir, '.aws', 'credentials')} is a FIFO (named pipe), not a regular file`]);
    expect(r.json().WouldImport.map((p: { Name: string }) => p.Name)).toEqual(['erin']);
  });

  it('never writes the AWS files: their bytes and times are the same after a dry run and an import', async () => {
    const w = world(section('frank', id(13), GOOD), '[profile frank]\nregion = us-west-2\n');
    const files = ['credentials', 'config'].map((f) => join(w.dir, '.aws', f));
    const snapshot = () => files.map((f) => ({ bytes: readFileSync(f).toString('base64'), mtime: statSync(f).mtimeMs, ctime: statSync(f).ctimeMs }));
    const before = snapshot();
    expect((await run(['profiles', 'import', '--dry-run'], w.env)).code).toBe(0);
    const r = await run(['profiles', 'import'], w.env);
    expect(r.code).toBe(0);
    expect(r.json().Imported).toEqual([expect.objectContaining({ Name: 'frank', Region: 'us-west-2' })]);
    expect(snapshot()).toEqual(before);
  });

  // Last: the keyring stays locked (unlocking needs a display).
  it('stops on a locked keychain, says what it did not import, and exits 3', async () => {
    const w = world(section('gina', id(14), GOOD) + section('hal', id(15), GOOD));
    spawnSync('secret-tool', ['lock', '--collection=login'], { env: { ...process.env, ...shared.keyring().env } }); // it may crash after locking
    const r = await run(['profiles', 'import'], w.env);
    expect(r.code).toBe(3);
    expect(r.json().Imported).toEqual([]);
    expect(r.json().Skipped).toEqual(['gina', 'hal'].map((Name) => ({ Name, Reason: expect.stringMatching(/^not imported: the import stopped \(.*locked/) })));
    expect(r.stderr).toMatch(/locked/);
  });
});
