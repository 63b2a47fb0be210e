/** The import plan, and an import that does exactly what it says: real files, a real gnome-keyring. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyringForFile } from '../../../e2e/fixtures/keyring-file.js';
import { scanAwsFiles } from './aws-files.js';
import { listedSkips, planImport, runImport } from './import-plan.js';
import { KeychainStore } from './keychain-store.js';
import { ProfileStore, type ProfileMeta } from './profiles.js';
import { Vault } from './vault.js';

const GOOD = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TYPO = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEx';
const id = (n: number) => `AKIAY34FZKBOKMUTVV${String.fromCharCode(65 + n)}A`;
const section = (name: string, keyId: string, secret: string, extra = '') => `[${name}]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n${extra}`;

// The reproducer: 10 profiles with static keys. Six keys of their own; prod and prod-copy hold one key with the
// same secret; ci and ci-typo hold one key, ci-typo with a typo in its secret (and listed first).
const REPRODUCER = [
  ...[0, 1, 2, 3, 4, 5].map((n) => section(`own${n}`, id(n), GOOD)),
  section('prod', id(6), GOOD),
  section('prod-copy', id(6), GOOD),
  section('ci-typo', id(7), TYPO),
  section('ci', id(7), GOOD),
].join('');

const shared = keyringForFile();

function scan(credentials: string, config = '') {
  const dir = shared.tempDir('keyscope-plan-');
  writeFileSync(join(dir, 'credentials'), credentials);
  writeFileSync(join(dir, 'config'), config);
  return scanAwsFiles({ HOME: dir, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config') });
}

function vault(): Vault {
  const home = shared.tempDir('keyscope-plan-home-');
  return new Vault(new ProfileStore(home), new KeychainStore());
}

const saved = (name: string, accessKeyId: string) => ({ name, accessKeyId }) as ProfileMeta;

describe('import plan', () => {
  it('imports a key held by several profiles once, naming the others as aliases', () => {
    const plan = planImport(scan(REPRODUCER), []);
    expect(plan.toImport.map((p) => p.name)).toEqual(['own0', 'own1', 'own2', 'own3', 'own4', 'own5', 'prod']);
    expect(plan.toImport.find((p) => p.name === 'prod')?.aliases).toEqual(['prod-copy']);
  });

  it('imports none of the profiles that hold one key with different secrets, and names them', () => {
    const plan = planImport(scan(REPRODUCER), []);
    expect(plan.conflicts).toEqual([
      {
        maskedKeyId: expect.stringMatching(/^AKIA\*+/),
        groups: [['ci-typo'], ['ci']],
        reason: expect.stringMatching(/has different secrets in profiles ci-typo and ci: none of them is imported; correct the wrong one/),
      },
    ]);
    expect(JSON.stringify(plan.conflicts)).not.toContain(TYPO);
    const three = planImport(scan(section('a', id(7), GOOD) + section('b', id(7), TYPO) + section('c', id(7), GOOD)), []);
    expect(three.conflicts[0]?.reason).toMatch(/in profiles a, b and c \(a and c hold one; b holds another\)/);
    const tokens = planImport(scan(section('a', id(8), GOOD, 'aws_session_token = T1\n') + section('b', id(8), GOOD, 'aws_session_token = T2\n')), []);
    expect(tokens.conflicts[0]?.reason).toMatch(/different session tokens in profiles a and b/);
  });

  it('names the key after a profile other than default, and takes a free name', () => {
    const files = section('default', id(1), GOOD) + section('work', id(1), GOOD, 'region = eu-west-1\n') + section('old', id(1), GOOD);
    expect(planImport(scan(files), []).toImport).toEqual([expect.objectContaining({ name: 'work', aliases: ['default', 'old'], region: 'eu-west-1' })]);
    const taken = planImport(scan(files), [saved('work', id(9))]);
    expect(taken.toImport).toEqual([expect.objectContaining({ name: 'old', aliases: ['default', 'work'] })]);
    expect(planImport(scan(files), [saved('mine', id(1))]).skipped).toEqual(['default', 'work', 'old'].map((name) => ({ name, reason: 'already saved as "mine"' })));
  });

  it('skips, with the reason, what the vault would refuse: a secret broken over two lines, an unusable name', () => {
    const plan = planImport(scan(`${section('split', id(2), 'abc')}  def\n${section('bad name!', id(3), GOOD)}`), []);
    expect(plan.toImport).toEqual([]);
    expect(plan.skipped).toEqual([
      { name: 'split', reason: 'The secret access key holds a space or a line break' },
      { name: 'bad name!', reason: '"bad name!" cannot be a profile name' },
    ]);
  });

  it('plans a 1 MiB file of 45,000 role profiles within seconds (the dry run and the app\'s preview took minutes: the skips were sorted by searching the list at each comparison)', () => {
    const sections: string[] = [];
    for (let size = 0, i = 0; size + 32 < 1 << 20; i++) size += sections[sections.push(`[p${i}]\nrole_arn = x\n`) - 1]?.length ?? 0;
    const files = scan(sections.join(''));
    expect(files.files[0].state).toBe('read');
    expect(files.profiles.length).toBeGreaterThan(45_000);
    const started = performance.now();
    const plan = planImport(files, []);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(plan.skipped.map((s) => s.name)).toEqual(files.profiles.map((p) => p.name));
  });

  it('lists the first 10 profiles of each refused file as skipped and counts the others by file; the plan keeps them all', () => {
    const sections = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `[${prefix}${i}]\n`).join('');
    // Both files refused: a profile in both (both0) counts once, under the credentials file.
    const files = scan(`oops\n${sections('c', 25)}[both0]\n[ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\n`, `oops\n${sections('profile f', 12)}[profile both0]\n`);
    const plan = planImport(files, []);
    expect(plan.skipped).toHaveLength(25 + 1 + 1 + 12);
    const { listed, notListed } = listedSkips(plan.skipped);
    expect(listed.map((s) => s.name)).toEqual([...Array.from({ length: 10 }, (_, i) => `c${i}`), ...Array.from({ length: 10 }, (_, i) => `f${i}`)]);
    expect(notListed).toEqual([
      { file: files.credentialsFile, count: 17 },
      { file: files.configFile, count: 2 },
    ]);
    // A skip for another reason is listed, whatever the count.
    const roles = planImport(scan(Array.from({ length: 12 }, (_, i) => `[r${i}]\nrole_arn = arn:aws:iam::123456789012:role/r\n`).join('')), []);
    expect(listedSkips(roles.skipped)).toEqual({ listed: roles.skipped, notListed: [] });
  });

  it('previews exactly what the import then does (the reproducer: the preview said 10, the import did 8)', async () => {
    const files = scan(REPRODUCER);
    const v = vault();
    const before = v.list();
    expect(before.ok).toBe(true);
    const plan = planImport(files, before.ok ? before.value : []);
    const done = await runImport(v, plan);
    expect(done).toMatchObject({ refused: [], notImported: [], stopped: null });
    expect(done.imported.map((p) => p.name)).toEqual(plan.toImport.map((p) => p.name));
    const after = v.list();
    expect(after.ok && after.value.map((p) => p.name)).toEqual(plan.toImport.map((p) => p.name));
    // Neither secret of the disputed key was saved; the alias is noted on the profile that was.
    expect(after.ok && after.value.some((p) => p.accessKeyId === id(7))).toBe(false);
    expect(after.ok && after.value.find((p) => p.name === 'prod')?.notes).toBe('Imported from the AWS files; the same key is also in profile prod-copy.');
    // Once imported, the next plan offers nothing and says under which name each key is.
    const again = planImport(files, after.ok ? after.value : []);
    expect(again.toImport).toEqual([]);
    expect(again.skipped.find((s) => s.name === 'prod-copy')?.reason).toBe('already saved as "prod"');
  });

  it('reports, with the reason, a profile the vault refuses at save time (a name taken since the plan)', async () => {
    const v = vault();
    const plan = planImport(scan(section('one', id(4), GOOD) + section('two', id(5), GOOD)), []);
    expect((await v.add({ name: 'two', accessKeyId: id(6), secretAccessKey: GOOD, source: 'manual' })).ok).toBe(true);
    const done = await runImport(v, plan);
    expect(done.imported.map((p) => p.name)).toEqual(['one']);
    expect(done.refused).toEqual([{ name: 'two', reason: 'A profile named "two" already exists.' }]);
  });
});
