/**
 * README "Importing from ~/.aws", checked against the built `keyscope` as a user runs it: a process of its own, real
 * files (a FIFO, /dev/zero, a file of exactly 1 MiB and one byte more), a real gnome-keyring for the imports.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyring, type Keyring } from '../../e2e/fixtures/keyring.js';
import { assertBuilt, runKeyscope } from '../../e2e/fixtures/keyscope-process.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const OTHER = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEx';
const id = (n: number) => `AKIAY34FZKBOKMUTVV${String.fromCharCode(65 + n)}C`;
const section = (name: string, keyId: string, secret = SECRET) => `[${name}]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n`;
const MIB = 1 << 20;

let keyring: Keyring;
const dirs: string[] = [];

beforeAll(async () => {
  assertBuilt();
  keyring = await startKeyring();
});
afterAll(() => {
  keyring?.stop();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** A HOME with ~/.aws (files as given) and a store of its own, pointed at the test keyring. */
function world(credentials?: string, config?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-import-audit-'));
  dirs.push(dir);
  mkdirSync(join(dir, '.aws'));
  if (credentials !== undefined) writeFileSync(join(dir, '.aws', 'credentials'), credentials);
  if (config !== undefined) writeFileSync(join(dir, '.aws', 'config'), config);
  return { dir, credentials: join(dir, '.aws', 'credentials'), config: join(dir, '.aws', 'config'), env: { ...keyring.env, HOME: dir, KEYSCOPE_HOME: join(dir, 'keyscope') } };
}

const importing = async (env: Record<string, string>, dryRun: boolean) => {
  const r = await runKeyscope(['profiles', 'import', ...(dryRun ? ['--dry-run'] : [])], env);
  expect(r.signal).toBeNull();
  return { ...r, json: JSON.parse(r.stdout) };
};

describe('profiles import: files it will not read', () => {
  it('a file whose variable is set but empty is named by that variable in text output, not as ": missing"', async () => {
    const w = world(undefined, section('profile hana', id(4)));
    const r = await runKeyscope(['profiles', 'import', '--dry-run', '--output', 'text'], { ...w.env, AWS_SHARED_CREDENTIALS_FILE: '' });
    expect(r.stdout).not.toMatch(/^: missing$/m);
    expect(r.stdout).toContain('the credentials file (AWS_SHARED_CREDENTIALS_FILE is set but empty: none is read, as by the AWS CLI): missing');
    expect(r.stdout).toContain('hana');
  });

  it('a FIFO, a device, a file over 1 MiB: each refused with a sentence saying why, never "the AWS CLI refuses this file too"', async () => {
    const fifo = world(undefined, section('profile erin', id(0)));
    execFileSync('mkfifo', [fifo.credentials]);
    const big = world(`${section('big', id(1))}#${'x'.repeat(MIB)}\n`, section('profile fred', id(2)));
    const device = world(undefined, section('profile gail', id(3)));
    const cases = [
      { w: fifo, env: fifo.env, path: fifo.credentials, why: 'is a FIFO (named pipe), not a regular file', other: 'erin' },
      { w: big, env: big.env, path: big.credentials, why: 'is larger than 1 MiB', other: 'fred' },
      { w: device, env: { ...device.env, AWS_SHARED_CREDENTIALS_FILE: '/dev/zero' }, path: '/dev/zero', why: 'is a device, not a regular file', other: 'gail' },
    ];
    for (const c of cases) {
      const dry = await importing(c.env, true);
      const real = await importing(c.env, false);
      for (const r of [dry, real]) {
        expect(r.code, c.why).toBe(2);
        expect(r.stderr).toContain(`keyscope: ${c.path} ${c.why}; nothing in it was used.\n`);
        expect(r.stderr).toContain('hint: keyscope reads only a regular text file (UTF-8) of at most 1 MiB');
        // Before: "…was not read: 1 problem (listed above); the AWS CLI refuses this file too." The AWS CLI reads a
        // large file, and waits on a FIFO; and there was no line to fix.
        expect(r.stderr).not.toMatch(/AWS CLI refuses|Fix the lines/);
        expect(r.json.Summary).toContain(`${c.path} ${c.why}`);
        expect(r.json.Summary).not.toContain('it has errors');
        expect(r.json.Files[0]).toEqual({ Path: c.path, Status: 'refused', Problems: [`${c.path} ${c.why}`] });
      }
      // The other file's profiles are offered and imported, from one plan.
      expect(dry.json.WouldImport.map((p: { Name: string }) => p.Name)).toEqual([c.other]);
      expect(real.json.Imported).toEqual(dry.json.WouldImport);
    }
  });

  it('reads a file of exactly 1 MiB; one byte more is refused', async () => {
    const head = section('edge', id(4));
    const w = world(`${head}#${'x'.repeat(MIB - head.length - 2)}\n`);
    expect(statSync(w.credentials).size).toBe(MIB);
    const at = await importing(w.env, true);
    expect(at.code).toBe(0);
    expect(at.json.WouldImport.map((p: { Name: string }) => p.Name)).toEqual(['edge']);
    appendFileSync(w.credentials, '\n');
    const over = await importing(w.env, true);
    expect(over.code).toBe(2);
    expect(over.json.Files[0].Problems).toEqual([`${w.credentials} is larger than 1 MiB`]);
    expect(over.json.WouldImport).toEqual([]);
  });
});

describe('profiles import: what a file reports is bounded', () => {
  it('a file of 260,000 problems prints its first 10 and how many more, in JSON and text (was: 22 MB of problems)', async () => {
    const w = world('[a]\n'.repeat(260_000), section('profile kim', id(11)));
    for (const output of ['json', 'text']) {
      const r = await runKeyscope(['profiles', 'import', '--dry-run', '--output', output], w.env);
      expect(r.code).toBe(2);
      expect(r.stdout.length, output).toBeLessThan(4000);
      expect(r.stdout).toContain('and 259,989 more problems in this file');
      expect(r.stdout).toContain('kim');
      expect(r.stderr).toContain(`keyscope: ${w.credentials} was not read: 259,999 problems (the first 10 listed above); the AWS CLI refuses this file too.\n`);
    }
    const json = (await importing(w.env, true)).json;
    expect(json.Files[0].Problems).toHaveLength(11);
  });

  it('a refused file of 100,000 sections lists its first 10 profiles as skipped and how many more, in JSON and text (was: 24 MB, each repeating the first problem)', async () => {
    // One line the AWS CLI refuses, then a section on each line: every profile of the file is "not read".
    const w = world(`oops\n${Array.from({ length: 100_000 }, (_, i) => `[p${i}]\n`).join('')}`, section('profile kim', id(13)));
    const notRead = `not read: ${w.credentials} (line 1: a line comes before any [section] header), where it is defined, cannot be used`;
    const more = `and 99,990 more profiles defined in ${w.credentials}, not read for the same reason`;
    const json = await importing(w.env, true);
    expect(json.code).toBe(2);
    expect(json.stdout.length).toBeLessThan(6000);
    expect(json.json.Skipped).toEqual(Array.from({ length: 10 }, (_, i) => ({ Name: `p${i}`, Reason: notRead })));
    expect(json.json.SkippedNotListed).toEqual([{ File: w.credentials, Count: 99_990 }]);
    expect(json.json.Summary).toContain('100,000 profiles skipped');
    expect(json.json.WouldImport.map((p: { Name: string }) => p.Name)).toEqual(['kim']);
    const text = await runKeyscope(['profiles', 'import', '--dry-run', '--output', 'text'], w.env);
    expect(text.code).toBe(2);
    expect(text.stdout.length).toBeLessThan(4000);
    expect(text.stdout).toContain(`Skipped 100,000:\n  p0\t${notRead}\n`);
    expect(text.stdout).toContain(`  p9\t${notRead}\n  ${more}\n`);
    // A few profiles of a refused file are all listed, as before, with nothing said of more.
    const few = await importing(world(`oops\n[a]\n[b]\n`).env, true);
    expect(few.json.Skipped.map((s: { Name: string }) => s.Name)).toEqual(['a', 'b']);
    expect(few.json.SkippedNotListed).toEqual([]);
  });

  it('a binary file is refused whole, said in one sentence, never read as profiles named with its bytes (was: ~1,000 lines of garbage)', async () => {
    // Bytes of every value, headers among them: before, each "[…]" became a profile listed as skipped.
    const bytes = Buffer.concat(Array.from({ length: 400 }, (_, i) => Buffer.concat([Buffer.from(`\n[p${i}]\n`), Buffer.from(Array.from({ length: 400 }, (_, j) => (i * 31 + j * 7) % 256))])));
    const w = world(undefined, section('profile lee', id(12)));
    writeFileSync(w.credentials, bytes);
    const why = `${w.credentials} is not a text file: it holds NUL bytes (a binary file, or text saved as UTF-16: save it as UTF-8)`;
    for (const dryRun of [true, false]) {
      const r = await importing(w.env, dryRun);
      expect(r.code).toBe(2);
      expect(r.json.Files[0]).toEqual({ Path: w.credentials, Status: 'refused', Problems: [why] });
      expect(r.json.Skipped).toEqual([]);
      expect(r.json[dryRun ? 'WouldImport' : 'Imported'].map((p: { Name: string }) => p.Name)).toEqual(['lee']);
      expect(r.stderr).toBe(`keyscope: ${why}; nothing in it was used.\nhint: keyscope reads only a regular text file (UTF-8) of at most 1 MiB that it may read: point AWS_SHARED_CREDENTIALS_FILE or AWS_CONFIG_FILE at one, then import again.\n`);
    }
  });
});

describe('profiles import: exit codes, and the dry run exits as the import would', () => {
  it('0 when all was imported; 2 for missing files, a malformed file, a key id with two secrets', async () => {
    const worlds = {
      clean: world(section('alpha', id(5)), '[profile alpha]\nregion = eu-west-1\n[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\n'),
      missing: world(),
      malformed: world(`${section('beta', id(6))}[oops\n`),
      conflict: world(section('c1', id(7)) + section('c2', id(7), OTHER)),
    };
    const codes: Record<string, number[]> = {};
    for (const [name, w] of Object.entries(worlds)) codes[name] = [(await importing(w.env, true)).code as number, (await importing(w.env, false)).code as number];
    expect(codes).toEqual({ clean: [0, 0], missing: [2, 2], malformed: [2, 2], conflict: [2, 2] });
    const missing = await importing(worlds.missing.env, true);
    expect(missing.stderr).toContain(`neither ${worlds.missing.credentials} nor ${worlds.missing.config} exists`);
    const conflict = await importing(worlds.conflict.env, false);
    expect(conflict.json.Conflicts).toEqual([expect.objectContaining({ Profiles: ['c1', 'c2'] })]);
    expect(conflict.stdout + conflict.stderr).not.toContain(OTHER);
  });

  it('honours AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE (a leading ~ is the home folder), not ~/.aws', async () => {
    const w = world(section('ignored', id(8)), section('profile ignored-too', id(9)));
    mkdirSync(join(w.dir, 'elsewhere'));
    writeFileSync(join(w.dir, 'elsewhere', 'creds'), section('moved', id(10)));
    writeFileSync(join(w.dir, 'elsewhere', 'conf'), '[profile moved]\nregion = ap-south-1\n');
    const r = await importing({ ...w.env, AWS_SHARED_CREDENTIALS_FILE: '~/elsewhere/creds', AWS_CONFIG_FILE: join(w.dir, 'elsewhere', 'conf') }, true);
    expect(r.code).toBe(0);
    expect(r.json.WouldImport).toEqual([expect.objectContaining({ Name: 'moved', Region: 'ap-south-1' })]);
    expect([r.json.CredentialsFile, r.json.ConfigFile]).toEqual([join(w.dir, 'elsewhere', 'creds'), join(w.dir, 'elsewhere', 'conf')]);
  });
});
