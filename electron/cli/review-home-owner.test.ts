/**
 * Saved reviews, mutes, the finding-id key and stored credential reports another user could write, as real users:
 * keyscope run as `daemon` (uid 1) by setpriv, the other user's files made as `nobody` by runuser, in a KEYSCOPE_HOME
 * of /tmp's mode (root's, 1777). As with the profile store (store-owner.test.ts), keyscope uses reviews/ and reports/
 * only when they and their files are its user's or root's, and changes nothing when it refuses.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../../e2e/fixtures/keyscope-process.js';
import { publicCli } from '../../e2e/fixtures/public-cli.js';

/** The built CLI where the other users may read it (the repository may be in a folder only root may open). */
let BIN = '';
const OWNER = 1; // daemon
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
/** alice's key, never used and years old: access-key-unused and rotation findings. */
const REPORT = `${HEADER}\nalice,arn:aws:iam::111122223333:user/alice,2020-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2020-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n`;
/** A report the other user forged: alice has no key at all, so nothing is found. */
const FORGED_REPORT = `${HEADER}\nalice,arn:aws:iam::111122223333:user/alice,2020-01-01T00:00:00+00:00,false,N/A,N/A,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n`;
const STORED_NAME = 'credential-report-111122223333-20260101T000000Z.csv';
const MUTE_ALL = JSON.stringify({ Suppressions: [{ Check: '*', Resource: '*', Reason: 'forged', Expires: null }] });

const dirs: string[] = [];
let reportFile: string;
let step: string;
beforeAll(async () => {
  assertBuilt();
  BIN = publicCli();
  if (process.getuid?.() !== 0) throw new Error('these tests need root: they run keyscope and another user as real users');
  const d = mkdtempSync('/tmp/ks-review-owner-');
  dirs.push(d);
  chmodSync(d, 0o755);
  reportFile = join(d, 'report.csv');
  writeFileSync(reportFile, REPORT, { mode: 0o644 });
  // What the app's review worker and handlers call, bundled where the owner may read it.
  step = join(d, 'review-home-step.js');
  await build({ entryPoints: [join(__dirname, '../../e2e/fixtures/review-home-step.ts')], outfile: step, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
  chmodSync(step, 0o644);
});
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A KEYSCOPE_HOME of /tmp's mode: root's, 1777. */
function sharedHome(): string {
  const dir = mkdtempSync('/tmp/ks-shared-');
  dirs.push(dir);
  chmodSync(dir, 0o1777);
  return dir;
}

/** What the other user does in a shell: `script` run as nobody, with umask 0. */
function asNobody(script: string, ...args: string[]): void {
  const r = spawnSync('runuser', ['-u', 'nobody', '--', 'sh', '-c', `umask 0; ${script}`, 'sh', ...args]);
  expect(r.status, r.stderr.toString()).toBe(0);
}

/** The other user's folder `name` in `home` (mode 0755), holding `files` (theirs, writable by all). */
function theirFolder(home: string, name: string, files: Record<string, string> = {}): string {
  const dir = join(home, name);
  asNobody('mkdir -m 755 "$1"', dir);
  for (const [file, text] of Object.entries(files)) plant(dir, file, text);
  expect(statSync(dir).uid).toBe(65534);
  return dir;
}

/** The owner's folder `name` in `home`, sticky and writable by all as /tmp is (which keyscope allows). */
function ownersSticky(home: string, name: string): string {
  const dir = join(home, name);
  mkdirSync(dir);
  chownSync(dir, OWNER, OWNER);
  chmodSync(dir, 0o1777);
  return dir;
}

/** The other user's file `name` in `dir`, holding `text`; its path. */
function plant(dir: string, name: string, text: string): string {
  asNobody('printf %s "$1" > "$2"', text, join(dir, name));
  return join(dir, name);
}

/** Runs node on `args` as `uid` (the owner unless given) with KEYSCOPE_HOME=home. */
function asUser(home: string, args: readonly string[], uid = OWNER) {
  const r = spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', process.execPath, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', KEYSCOPE_HOME: home },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const ks = (home: string, args: readonly string[], uid?: number) => asUser(home, [BIN, ...args], uid);
/** The app's step `what` (review-home-step.ts) as the owner: `{ ok, message, hint }`. */
function appStep(home: string, ...what: string[]): { ok: boolean; message?: string; hint?: string } {
  const r = asUser(home, [step, home, ...what]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { ok: boolean; message?: string; hint?: string };
}
const review = (home: string, more: readonly string[], uid?: number) =>
  ks(home, ['review', '--offline', '--no-profiles', '--output', 'json', ...more], uid);

/** Every file under `dir` with its bytes, to show nothing was changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    out[name] = statSync(path).isDirectory() ? `dir ${statSync(path).mode.toString(8)}` : readFileSync(path, 'utf8');
  }
  return out;
}

describe('reviews/ another user could write', () => {
  it('reviews/ made by another user first: refused, exit 3, named with both uids, nothing changed (CLI and app)', () => {
    const home = sharedHome();
    const reviews = theirFolder(home, 'reviews', { '.id-key': `${'ab'.repeat(32)}\n`, 'suppressions.json': MUTE_ALL });
    const before = snapshot(home);
    const r = review(home, ['--credential-report', reportFile]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`${reviews} belongs to another user (uid 65534), not to you (uid ${OWNER})`);
    expect(r.stderr).toContain('Nothing was changed.');
    expect(r.stderr).toMatch(/KEYSCOPE_HOME/);
    expect(r.stdout).toBe('');
    for (const what of ['mutes', 'mute', 'previous']) {
      const app = appStep(home, what);
      expect(app.ok).toBe(false);
      expect(app.message).toBe(`The saved reviews could not be read: ${reviews} belongs to another user (uid 65534), not to you (uid ${OWNER}): they could replace or remove the saved reviews, mutes and finding-id key in it. Nothing was changed.`);
      expect(app.hint).toMatch(/set KEYSCOPE_HOME to a folder only you can write/);
    }
    expect(snapshot(home)).toEqual(before);
  });

  it('reviews/ another user made that every user may write (0777, not sticky): refused for the mode', () => {
    const home = sharedHome();
    const reviews = join(home, 'reviews');
    asNobody('mkdir "$1"', reviews);
    const r = review(home, ['--credential-report', reportFile]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`${reviews} can be written by every user (mode 0777) and is not sticky`);
    expect(readdirSync(reviews)).toEqual([]);
  });

  it('suppressions.json planted by another user in the owner\'s sticky reviews/: the app\'s mutes refuse it, named, nothing changed', () => {
    const home = sharedHome();
    const reviews = ownersSticky(home, 'reviews');
    const file = plant(reviews, 'suppressions.json', MUTE_ALL);
    const before = snapshot(home);
    for (const what of ['mutes', 'mute']) {
      const app = appStep(home, what);
      expect(app.ok).toBe(false);
      expect(app.message).toContain(`${file} belongs to another user (uid 65534), not to you (uid ${OWNER}): keyscope would compare with the reviews, apply the mutes or make finding ids with the key they wrote. Nothing was changed.`);
      expect(app.hint).toContain(`sudo chown ${OWNER} ${file}`);
    }
    expect(snapshot(home)).toEqual(before);
  });

  it('a lock on the mutes made by another user in the owner\'s sticky reviews/: the app\'s Mute refuses at once, named, and does not wait', () => {
    const home = sharedHome();
    const reviews = ownersSticky(home, 'reviews');
    const lock = join(reviews, 'suppressions.json.lock');
    // As keyscope holds a lock: one owner file naming a live process (init) of this host (file-lock.ts), fresh.
    const owner = `1.${createHash('sha256').update(hostname()).digest('hex').slice(0, 8)}.0123456789ab`;
    asNobody('mkdir "$1" && : > "$1/$2"', lock, owner);
    const started = Date.now();
    const app = appStep(home, 'mute');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(app.ok).toBe(false);
    expect(app.message).toContain(`${lock} belongs to another user (uid 65534), not to you (uid ${OWNER}): no keyscope of yours holds it, and keyscope does not wait for another user's. Nothing was changed.`);
    expect(app.hint).toContain(`sudo rm -r ${lock}`);
    expect(readdirSync(reviews)).toEqual(['suppressions.json.lock']);
    expect(readdirSync(lock)).toEqual([owner]);
  });

  it.each([
    ['.id-key', `${'ab'.repeat(32)}\n`],
    ['review-20260101T000000000Z-abcdef.json', '{}'],
  ])('%s planted by another user in the owner\'s sticky reviews/: refused, exit 3, the file named, nothing changed', (name, text) => {
    const home = sharedHome();
    const reviews = ownersSticky(home, 'reviews');
    plant(reviews, name, text);
    const before = snapshot(home);
    const r = review(home, ['--credential-report', reportFile]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`${join(reviews, name)} belongs to another user (uid 65534), not to you (uid ${OWNER})`);
    expect(r.stderr).toContain(`sudo chown ${OWNER} ${join(reviews, name)}`);
    expect(appStep(home, 'previous').ok).toBe(name === '.id-key'); // the app reads the key apart (review-job.ts)
    expect(snapshot(home)).toEqual(before);
  });

  it('root may use another user\'s reviews/ (sudo keyscope on their home), and the owner\'s own are used', () => {
    const home = sharedHome();
    theirFolder(home, 'reviews');
    expect(review(home, ['--credential-report', reportFile], 0).code).toBe(0);
    const own = sharedHome();
    const first = review(own, ['--credential-report', reportFile]);
    expect(first.code, first.stderr).toBe(0);
    const made = statSync(join(own, 'reviews'));
    expect([made.uid, made.mode & 0o777]).toEqual([OWNER, 0o700]); // a folder keyscope makes stays owner-only
    const second = review(own, ['--credential-report', reportFile]);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).Findings.every((f: { Status: string }) => f.Status === 'unchanged')).toBe(true);
  });
});

describe('reports/ another user could write', () => {
  it('a forged report in reports/ made by another user: --credential-report stored and --list-reports refuse, exit 3', () => {
    const home = sharedHome();
    const reports = theirFolder(home, 'reports', { [STORED_NAME]: FORGED_REPORT });
    const before = snapshot(home);
    for (const args of [['--credential-report', 'stored'], ['--list-reports']]) {
      const r = review(home, args);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain(`${reports} belongs to another user (uid 65534), not to you (uid ${OWNER})`);
      expect(r.stdout).toBe('');
    }
    const after = snapshot(home);
    delete after.reviews; // the owner's own reviews/ and finding-id key (0700) may be made first, before the reports are read
    delete after['reviews/.id-key'];
    expect(after).toEqual(before);
    for (const what of [['reports'], ['read-report', STORED_NAME]]) {
      const app = appStep(home, ...what);
      expect(app.ok).toBe(false);
      expect(app.message).toContain('The stored credential reports could not be read: ');
      expect(app.message).toContain(`belongs to another user (uid 65534), not to you (uid ${OWNER})`);
    }
  });

  it('a forged report planted in the owner\'s sticky reports/: refused, the file named', () => {
    const home = sharedHome();
    const reports = ownersSticky(home, 'reports');
    plant(reports, STORED_NAME, FORGED_REPORT);
    const r = review(home, ['--credential-report', 'stored']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`${join(reports, STORED_NAME)} belongs to another user (uid 65534), not to you (uid ${OWNER}): keyscope would review the credential report they wrote as one it fetched.`);
    const app = appStep(home, 'read-report', STORED_NAME);
    expect(app.message).toContain(`${join(reports, STORED_NAME)} belongs to another user (uid 65534)`);
  });

  it('a stored report given by its path is judged as `stored` is: another user\'s folder or file refused, exit 3, unread', () => {
    const home = sharedHome();
    const reports = theirFolder(home, 'reports', { [STORED_NAME]: FORGED_REPORT });
    // Before: read without a look at its owner, and dated by its name as keyscope's own (AsOfOrigin GeneratedTime).
    const byPath = review(home, ['--credential-report', join(reports, STORED_NAME)]);
    expect(byPath.code, byPath.stderr).toBe(3);
    expect(byPath.stderr).toContain(`${reports} belongs to another user (uid 65534), not to you (uid ${OWNER})`);
    expect(byPath.stdout).toBe('');
    const sticky = sharedHome();
    const owners = ownersSticky(sticky, 'reports');
    const planted = plant(owners, STORED_NAME, FORGED_REPORT);
    const file = review(sticky, ['--credential-report', planted]);
    expect(file.code, file.stderr).toBe(3);
    expect(file.stderr).toContain(`${planted} belongs to another user (uid 65534), not to you (uid ${OWNER}): keyscope would review the credential report they wrote as one it fetched.`);
    // The owner's own stored report by path is read as keyscope's, dated by its name.
    const own = sharedHome();
    const ownReports = join(own, 'reports');
    mkdirSync(ownReports, { mode: 0o700 });
    writeFileSync(join(ownReports, STORED_NAME), REPORT);
    chownSync(ownReports, OWNER, OWNER);
    chownSync(join(ownReports, STORED_NAME), OWNER, OWNER);
    const ok = review(own, ['--credential-report', join(ownReports, STORED_NAME)]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).Review.Sources[0]).toMatchObject({ AsOfOrigin: 'GeneratedTime', DataAsOf: '2026-01-01T00:00:00.000Z' });
  });
});
