/**
 * The files a security review keeps under KEYSCOPE_HOME, refusing, as real processes: the finding-id key and the
 * saved review over a quota (EDQUOT injected by strace at their flush), stored credential reports keyscope may not
 * read (a real EACCES: keyscope run as root without the capabilities that pass file permissions, by setpriv), and
 * the app's mutes and a fetched report kept over a quota (their modules bundled and run as a process of their own:
 * only the app and a fetch from AWS reach them).
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../../e2e/fixtures/keyscope-process.js';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/keyscope.js');
const NOBODY = 65534;
const UNPRIVILEGED = ['setpriv', '--bounding-set=-dac_override,-dac_read_search,-fowner', '--'];
const QUOTA_AT_FIRST_FLUSH = ['strace', '-f', '-qq', '-o', '/dev/null', '-e', 'trace=fsync', '-e', 'inject=fsync:error=EDQUOT:when=1'];
const ID_KEY = `${'ab'.repeat(32)}\n`;
const REPORT_HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const REPORT = `${REPORT_HEADER}\nalice,arn:aws:iam::111122223333:user/alice,2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2024-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n`;
const STORED_NAME = 'credential-report-111122223333-20250630T000000Z.csv';

const root = mkdtempSync(join(tmpdir(), 'ks-review-faults-'));
beforeAll(() => {
  assertBuilt();
  if (process.getuid?.() !== 0) throw new Error('these tests need root: they take capabilities away from keyscope and trace it');
  for (const tool of ['setpriv', 'strace']) {
    if (spawnSync(tool, ['--version']).status !== 0) throw new Error(`these tests need ${tool} (.ci/run installs it)`);
  }
  writeFileSync(join(root, 'keys.txt'), 'AKIAY34FZKBOKMUTVV7C\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const fresh = (): string => mkdtempSync(join(root, 'home-'));

function ks(wrapper: readonly string[], home: string, args: readonly string[]) {
  const [command, ...rest] = [...wrapper, process.execPath, BIN, ...args] as [string, ...string[]];
  const r = spawnSync(command, rest, { env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', KEYSCOPE_HOME: home }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const review = (wrapper: readonly string[], home: string, ...more: string[]) =>
  ks(wrapper, home, ['review', '--offline', '--no-profiles', '--keys', join(root, 'keys.txt'), '--accounts', '111111111111', '--output', 'json', ...more]);

/** A home whose reviews/ already holds the finding-id key (so the first flush is the one under test). */
function homeWithIdKey(): string {
  const home = fresh();
  mkdirSync(join(home, 'reviews'), { mode: 0o700 });
  writeFileSync(join(home, 'reviews', '.id-key'), ID_KEY, { mode: 0o600 });
  return home;
}

describe('over a quota (EDQUOT injected by strace)', () => {
  it('the finding-id key cannot be made: named, exit 3, no key and no temporary file left (already worked)', () => {
    const home = fresh();
    const r = review(QUOTA_AT_FIRST_FLUSH, home);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`The finding-id key could not be made in ${join(home, 'reviews')} (EDQUOT: the disk quota is used up).`);
    expect(r.stderr).toMatch(/^hint: Check that .* is writable and the disk has room/m);
    expect(readdirSync(join(home, 'reviews'))).toEqual([]);
  });

  it('the review cannot be kept: the report is whole on standard output, a warning names EDQUOT, exit 0, no temporary file (already worked)', () => {
    const home = homeWithIdKey();
    const r = review(QUOTA_AT_FIRST_FLUSH, home);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { Findings: unknown[] }).Findings).toHaveLength(1);
    expect(r.stderr).toContain(`keyscope: warning: The review could not be saved in ${join(home, 'reviews')} (EDQUOT: the disk quota is used up). The next review will compare with an older one.`);
    // What to do, not only what happened: the warning gave the code alone before.
    expect(r.stderr).toContain(`hint: Check that ${join(home, 'reviews')} is writable and the disk has room, then run the review again.`);
    expect(readdirSync(join(home, 'reviews'))).toEqual(['.id-key']);
  });
});

describe('stored credential reports keyscope may not read (real EACCES)', () => {
  function homeWithStoredReport(): { home: string; reports: string; file: string } {
    const home = homeWithIdKey();
    const reports = join(home, 'reports');
    mkdirSync(reports, { mode: 0o700 });
    const file = join(reports, STORED_NAME);
    writeFileSync(file, REPORT, { mode: 0o600 });
    return { home, reports, file };
  }

  it('a stored report is read when it may be (the setting of the tests below)', () => {
    const { home } = homeWithStoredReport();
    const r = review(UNPRIVILEGED, home, '--credential-report', 'stored', '--no-profiles');
    expect(r.code, r.stderr).toBe(0);
  });

  it('--credential-report stored, the report another user\'s: could not run (3, not 2: the user gave no path), with a permissions hint', () => {
    const { home, file } = homeWithStoredReport();
    chownSync(file, NOBODY, NOBODY);
    const r = review(UNPRIVILEGED, home, '--credential-report', 'stored');
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`keyscope: The stored credential report ${file} cannot be read (EACCES: keyscope may not read it).`);
    expect(r.stderr).toContain(`hint: Check the permissions of ${file}`);
    expect(r.stderr).not.toMatch(/Give the path of a regular file|--credential-report: the file/);
  });

  it('their folder another user\'s: "cannot be read", with a permissions hint, never "writable" or "disk has room" (review and --list-reports)', () => {
    const { home, reports } = homeWithStoredReport();
    chownSync(reports, NOBODY, NOBODY);
    chmodSync(reports, 0o700);
    for (const args of [['--credential-report', 'stored'], ['--list-reports']]) {
      const r = review(UNPRIVILEGED, home, ...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(3);
      expect(r.stderr).toContain(`The folder of stored reports ${reports} cannot be read (EACCES: keyscope may not read it).`);
      expect(r.stderr).toContain(`hint: Check the permissions of ${reports}`);
      expect(r.stderr).not.toMatch(/writable|disk has room/);
    }
  });
});

describe("the app's mutes and a fetched report, kept over a quota (EDQUOT injected by strace; the modules as a process)", () => {
  const bundle = join(root, 'kept.cjs');
  beforeAll(() => {
    const entry = join(root, 'entry.ts');
    writeFileSync(entry, `export { addMute, loadMutes } from ${JSON.stringify(join(ROOT, 'electron/core/review/mutes.ts'))};\nexport { storeReport } from ${JSON.stringify(join(ROOT, 'electron/core/review/sources/stored-reports.ts'))};\n`);
    buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'silent' });
  });
  const run = (script: string, home: string) => {
    const r = spawnSync(QUOTA_AT_FIRST_FLUSH[0] as string, [...QUOTA_AT_FIRST_FLUSH.slice(1), process.execPath, '-e', `const k = require(${JSON.stringify(bundle)}); const r = ${script}; process.stdout.write(JSON.stringify(r));`, home], { encoding: 'utf8', timeout: 60_000 });
    return JSON.parse(r.stdout) as { ok: boolean; error?: { message: string; hint: string } };
  };

  it('a mute: named EDQUOT, the mutes kept before byte for byte, no temporary file or lock left (already worked)', () => {
    const home = homeWithIdKey();
    const file = join(home, 'reviews', 'suppressions.json');
    const before = '{"Suppressions": [{"Check": "stale-check", "Resource": "*", "Reason": "kept", "Expires": null}]}\n';
    writeFileSync(file, before, { mode: 0o600 });
    const r = run(`k.addMute(process.argv[1], { check: 'canary-key', resource: '*', reason: 'new', expires: null })`, home);
    expect(r.ok).toBe(false);
    expect(r.error?.message).toBe(`The mute could not be kept in ${file} (EDQUOT: the disk quota is used up).`);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(join(home, 'reviews')).sort()).toEqual(['.id-key', 'suppressions.json']);
  });

  it('a fetched credential report: named EDQUOT, nothing left in reports/ (already worked)', () => {
    const home = fresh();
    const r = run(`k.storeReport(process.argv[1], Buffer.from(${JSON.stringify(REPORT)}), '2025-06-30T00:00:00Z')`, home);
    expect(r.ok).toBe(false);
    expect(r.error?.message).toBe(`The credential report could not be kept in ${join(home, 'reports', STORED_NAME)} (EDQUOT: the disk quota is used up).`);
    expect(readdirSync(join(home, 'reports'))).toEqual([]);
  });
});
