/**
 * `keyscope review` over time: what a review compares with, and what it may call Resolved. Real runs of the CLI
 * (in process) on a real keyscope home and real credential report files; no network.
 */
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdForAccount } from '../core/review/test-kit.js';
import { ProfileStore, type ProfileMeta } from '../core/vault/profiles.js';
import { main } from './index.js';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

/** The reviewer's base.csv: root with an active key, alice with two active keys (one unused, one never used), bob's key inactive. */
function baseReport(account = '123456789012'): string {
  return [
    HEADER,
    `<root_account>,arn:aws:iam::${account}:root,2020-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,true,2024-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    `alice,arn:aws:iam::${account}:user/alice,2024-01-01T00:00:00+00:00,true,N/A,2024-01-01T00:00:00+00:00,N/A,false,true,2025-01-01T00:00:00+00:00,2025-04-01T00:00:00+00:00,us-east-1,s3,true,2025-05-20T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A`,
    `bob,arn:aws:iam::${account}:user/bob,2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,2024-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    '',
  ].join('\n');
}

/** The same report with no key in any slot (root's key and every user's deleted). */
const noKeys = (report: string): string =>
  report.split('\n').map((line) => line.replace(/^([^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,)[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,/, (_, head: string) => (head.startsWith('user,') ? _ : `${head}false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,`))).join('\n');

/** A report kept as keyscope keeps a fetched one: KEYSCOPE_HOME/reports/credential-report-ACCOUNT-STAMP.csv. */
function storedReport(home: string, stamp: string, text: string, account = '123456789012'): string {
  mkdirSync(join(home, 'reports'), { recursive: true });
  const path = join(home, 'reports', `credential-report-${account}-${stamp}.csv`);
  writeFileSync(path, text);
  return path;
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'keyscope-over-time-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const fresh = (): string => mkdtempSync(join(root, 'home-'));

function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(root, 'in-')), name);
  writeFileSync(path, text);
  return path;
}

interface Doc {
  Review: Record<string, unknown>;
  Findings: Array<{ Id: string; Check: string; Status: string; Resource: { Account: string | null; Profile: string | null; User: string | null } }>;
  Resolved: Array<{ Id: string; Check: string }>;
  NotReviewed?: Array<{ Id: string; Check: string }>;
}

async function run(home: string, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { env: { KEYSCOPE_HOME: home }, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => '', stdoutIsTTY: false });
  return { code, stdout, stderr, doc: (): Doc => JSON.parse(stdout) as Doc };
}

const reportReview = (home: string, path: string) => run(home, ['review', '--offline', '--no-profiles', '--credential-report', path, '--as-of', '2025-06-30', '--output', 'json']);

const ACCOUNT = '111122223333';
function profile(name: string, accessKeyId: string): ProfileMeta {
  // Never checked: stale-check (info) fires for each.
  return { id: `id-${name}`, name, accessKeyId, keyType: 'long-term', derivedAccount: null, partition: 'aws', source: 'manual', createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z', history: [] };
}

function homeWithProfiles(): string {
  const dir = fresh();
  const profiles = [profile('prod', keyIdForAccount(ACCOUNT, 1, 1)), profile('dev', keyIdForAccount(ACCOUNT, 2, 2)), profile('honey', keyIdForAccount('052310077262', 3, 3))];
  const r = new ProfileStore(dir).update((doc) => ({ doc: { ...doc, profiles }, value: null }));
  if (!r.ok) throw new Error(r.error.message);
  return dir;
}

describe('Resolved names only what this review examined', () => {
  it("does not resolve one account's findings with another account's report; they are carried forward and compared again", async () => {
    const home = fresh();
    const a = await reportReview(home, file('base.csv', baseReport()));
    expect(a.code).toBe(0);
    const aIds = a.doc().Findings.map((f) => f.Id).sort();
    expect(aIds).toHaveLength(5);

    const b = await reportReview(home, file('acctB.csv', baseReport('210987654321')));
    expect(b.doc().Resolved).toEqual([]);
    expect(b.doc().Findings.every((f) => f.Status === 'new' && f.Resource.Account === '210987654321')).toBe(true);
    expect((b.doc().NotReviewed ?? []).map((f) => f.Id).sort()).toEqual(aIds);
    expect(b.stderr).toContain(`5 findings of the previous review (${String(a.doc().Review.GeneratedAt)}) are about what this review did not read, or could not tell from what it read (a key not checked, an audit that failed, a last use that was keyscope's own check) (account 123456789012): they are neither resolved nor new`);

    // The next review of account A compares with what A's last review found: nothing new, nothing resolved.
    const again = await reportReview(home, file('base.csv', baseReport()));
    expect(again.doc().Findings.map((f) => f.Status)).toEqual(Array(5).fill('unchanged'));
    expect(again.doc().Resolved).toEqual([]);
    expect((again.doc().NotReviewed ?? []).map((f) => f.Id)).toHaveLength(b.doc().Findings.length);
  });

  it('resolves a finding of the same account once its report no longer has it', async () => {
    const home = fresh();
    await reportReview(home, file('base.csv', baseReport()));
    const fixed = baseReport().replace(/(<root_account>,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,)true/, '$1false');
    const after = (await reportReview(home, file('base.csv', fixed))).doc();
    expect(after.Resolved.map((f) => f.Check)).toEqual(['root-access-key']);
    expect(after.NotReviewed ?? []).toEqual([]);
  });

  it('resolves every finding of an account whose report now holds no key at all (its rows still name the account)', async () => {
    const home = fresh();
    const a = (await reportReview(home, file('A.csv', baseReport()))).doc();
    expect(a.Findings).toHaveLength(5);
    const clean = await reportReview(home, file('Aclean.csv', noKeys(baseReport())));
    expect(clean.code, clean.stderr).toBe(0);
    // Before: Resolved [], all 5 NotReviewed, "about what this review did not read" of the account it had just read.
    expect(clean.doc().Resolved.map((f) => f.Id).sort()).toEqual(a.Findings.map((f) => f.Id).sort());
    expect(clean.doc().NotReviewed ?? []).toEqual([]);
    expect(clean.stderr).not.toContain('did not read');
  });

  it('does not resolve the findings of profiles a review of named profiles left out', async () => {
    const home = homeWithProfiles();
    const all = (await run(home, ['review', '--offline', '--output', 'json'])).doc();
    expect(all.Findings.map((f) => f.Check).sort()).toEqual(['canary-key', 'stale-check', 'stale-check']);
    const prod = await run(home, ['review', '--offline', 'prod', '--output', 'json']);
    expect(prod.doc().Resolved).toEqual([]);
    expect(prod.doc().Findings.map((f) => [f.Resource.Profile, f.Status])).toEqual([['prod', 'unchanged']]);
    expect((prod.doc().NotReviewed ?? []).map((f) => f.Check).sort()).toEqual(['canary-key', 'stale-check']);
    // A review of every saved profile examines them all: a profile removed since has its findings resolved.
    const store = new ProfileStore(home);
    const removed = store.update((doc) => ({ doc: { ...doc, profiles: doc.profiles.filter((p) => p.name !== 'honey') }, value: null }));
    if (!removed.ok) throw new Error(removed.error.message);
    const whole = (await run(home, ['review', '--offline', '--output', 'json'])).doc();
    expect(whole.Resolved.map((f) => f.Check)).toEqual(['canary-key']);
    expect(whole.NotReviewed ?? []).toEqual([]);
  });

  it('does not resolve the findings of a key list with another key list', async () => {
    const home = fresh();
    const honey = keyIdForAccount('052310077262', 3, 3);
    const other = keyIdForAccount('052310077262', 5, 5);
    const first = (await run(home, ['review', '--offline', '--no-profiles', '--keys', file('one.txt', `${honey}\n`), '--output', 'json'])).doc();
    expect(first.Findings.map((f) => f.Check)).toEqual(['canary-key']);
    const second = (await run(home, ['review', '--offline', '--no-profiles', '--keys', file('two.txt', `${other}\n`), '--output', 'json'])).doc();
    expect(second.Resolved).toEqual([]);
    expect((second.NotReviewed ?? []).map((f) => f.Id)).toEqual(first.Findings.map((f) => f.Id));
    // Listed again, the honey key's finding is the one found before.
    const third = (await run(home, ['review', '--offline', '--no-profiles', '--keys', file('both.txt', `${honey}\n${other}\n`), '--output', 'json'])).doc();
    expect(third.Findings.map((f) => [f.Id, f.Status])).toContainEqual([first.Findings[0]?.Id, 'unchanged']);
  });
});

describe('a review compared with --baseline', () => {
  it("still carries what the previous saved review carried, about subjects it did not examine, for the next review", async () => {
    const home = fresh();
    const b = file('B.csv', baseReport('210987654321'));
    const baseB1 = join(mkdtempSync(join(root, 'out-')), 'baseB1.json');
    expect((await run(home, ['review', '--offline', '--no-profiles', '--credential-report', b, '--as-of', '2025-06-30', '--output', 'json', '--output-file', baseB1])).code).toBe(0);
    const a = (await reportReview(home, file('A.csv', baseReport()))).doc();
    const withBaseline = await run(home, ['review', '--offline', '--no-profiles', '--credential-report', b, '--as-of', '2025-06-30', '--output', 'json', '--baseline', baseB1]);
    expect(withBaseline.code, withBaseline.stderr).toBe(0);
    // What it shows is against the baseline, which knew nothing of account A.
    expect(withBaseline.doc().NotReviewed ?? []).toEqual([]);
    // Before: the saved review carried only the baseline's, and A's findings all read "new" again.
    const again = (await reportReview(home, file('A.csv', baseReport()))).doc();
    expect(again.Findings.map((f) => [f.Id, f.Status]).sort()).toEqual(a.Findings.map((f) => [f.Id, 'unchanged']).sort());
  });

  it('does not bring back, for the next review, findings the saved reviews resolved since the baseline was made', async () => {
    const home = fresh();
    const a = file('base.csv', baseReport());
    const b = file('other.csv', baseReport('210987654321'));
    const baseline = join(mkdtempSync(join(root, 'out-')), 'BL.json');
    const bl = await run(home, ['review', '--offline', '--no-profiles', '--credential-report', a, '--credential-report', b, '--as-of', '2025-06-30', '--output', 'json', '--output-file', baseline]);
    expect(bl.code, bl.stderr).toBe(0);
    const cleared = (await reportReview(home, file('other-nokeys.csv', noKeys(baseReport('210987654321'))))).doc();
    expect(cleared.Resolved).toHaveLength(5);
    const withBaseline = await run(home, ['review', '--offline', '--no-profiles', '--credential-report', a, '--as-of', '2025-06-30', '--output', 'json', '--baseline', baseline]);
    expect(withBaseline.code, withBaseline.stderr).toBe(0);
    // Account 210987654321's keys were deleted since the baseline: its root key is found again, new.
    const again = (await reportReview(home, b)).doc();
    const rootKey = again.Findings.find((f) => f.Check === 'root-access-key');
    // Before: unchanged, the baseline's NotReviewed carried in place of the saved review's Resolved.
    expect(rootKey?.Status).toBe('new');
    expect(again.Findings.map((f) => f.Status)).toEqual(Array(5).fill('new'));
  });
});

describe('--baseline from another keyscope home', () => {
  it('is refused, saying its ids cannot be matched and what to keep; with the id key copied it compares', async () => {
    const report = file('base.csv', baseReport());
    const a = fresh();
    const first = await reportReview(a, report);
    expect(first.doc().Review.IdKeyFingerprint).toMatch(/^[0-9a-f]{16}$/);
    const baseline = file('a.json', first.stdout);

    const b = await run(fresh(), ['review', '--offline', '--no-profiles', '--credential-report', report, '--as-of', '2025-06-30', '--baseline', baseline, '--output', 'json']);
    // Before: exit 0, every finding both new and Resolved, no word of why.
    expect(b.code).toBe(2);
    expect(b.stdout).toBe('');
    expect(b.stderr).toContain('was made in another keyscope home');
    expect(b.stderr).toContain('.id-key');

    const c = fresh();
    await run(c, ['review', '--offline', '--no-profiles', '--keys', file('none.txt', ''), '--output', 'json']); // makes c's own key
    copyFileSync(join(a, 'reviews', '.id-key'), join(c, 'reviews', '.id-key'));
    const same = await run(c, ['review', '--offline', '--no-profiles', '--credential-report', report, '--as-of', '2025-06-30', '--baseline', baseline, '--output', 'json']);
    expect(same.code).toBe(0);
    expect(same.doc().Findings.map((f) => f.Status)).toEqual(Array(5).fill('unchanged'));
    expect(same.doc().Resolved).toEqual([]);
  });

  it('does not compare with a saved review made before the id key was replaced, and says why', async () => {
    const report = file('base.csv', baseReport());
    const home = fresh();
    await reportReview(home, report);
    writeFileSync(join(home, 'reviews', '.id-key'), `${'ab'.repeat(32)}\n`);
    const next = await reportReview(home, report);
    expect(next.code).toBe(0);
    // Before: 5 findings new and the same 5 (under their old ids) Resolved.
    expect(next.doc().Resolved).toEqual([]);
    expect(next.doc().Review.ComparedWith).toBeNull();
    expect(next.stderr).toMatch(/warning: The saved review .* cannot be compared with: it was made in another keyscope home/);
  });

  it('still compares with a baseline that names no id key (written before it was recorded)', async () => {
    const report = file('base.csv', baseReport());
    const home = fresh();
    const first = await reportReview(home, report);
    const old = JSON.parse(first.stdout) as Doc;
    delete old.Review.IdKeyFingerprint;
    const again = await run(home, ['review', '--offline', '--no-profiles', '--credential-report', report, '--as-of', '2025-06-30', '--baseline', file('old.json', JSON.stringify(old)), '--output', 'json']);
    expect(again.code).toBe(0);
    expect(again.doc().Findings.map((f) => f.Status)).toEqual(Array(5).fill('unchanged'));
  });
});

describe('which saved review is the previous one', () => {
  const reviewsIn = (home: string): string[] => readdirSync(join(home, 'reviews')).filter((n) => n.endsWith('.json')).sort();
  const rootFixed = (): string => baseReport().replace(/(<root_account>,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,)true/, '$1false');

  it('leaves out a review dated later than the clock (saved while it was ahead), saying so, and keeps it', async () => {
    const home = fresh();
    await reportReview(home, file('base.csv', baseReport()));
    const [saved] = reviewsIn(home);
    const future = join(home, 'reviews', 'review-20301125T000000000Z-abcdef.json');
    renameSync(join(home, 'reviews', saved as string), future);
    const fixed = file('base.csv', rootFixed());
    const second = await reportReview(home, fixed);
    expect(second.stderr).toContain(`${future} is dated 2030-11-25T00:00:00.000Z, later than this machine's clock`);
    expect(second.doc().Review.ComparedWith).toBeNull();
    // Before: the 2030 review stayed "previous" for ever, so each review of the fixed report resolved the root key again.
    const third = await reportReview(home, fixed);
    expect(third.doc().Review.ComparedWith).toBe(`the previous review (${String(second.doc().Review.GeneratedAt)})`);
    expect(third.doc().Resolved).toEqual([]);
    expect(third.doc().Findings.every((f) => f.Status === 'unchanged')).toBe(true);
    expect(existsSync(future)).toBe(true);
  });

  it('falls back to the newest readable review when the newest is cut short, naming the one skipped and why', async () => {
    const home = fresh();
    const report = file('base.csv', baseReport());
    const first = await reportReview(home, report);
    await new Promise((r) => setTimeout(r, 5));
    await reportReview(home, report);
    const newest = join(home, 'reviews', reviewsIn(home)[1] as string);
    truncateSync(newest, Math.floor(statSync(newest).size / 2));
    const third = await reportReview(home, report);
    // Before: "compared with nothing", every finding new.
    expect(third.doc().Review.ComparedWith).toBe(`the previous review (${String(first.doc().Review.GeneratedAt)})`);
    expect(third.doc().Findings.every((f) => f.Status === 'unchanged')).toBe(true);
    const older = join(home, 'reviews', reviewsIn(home)[0] as string);
    expect(third.stderr).toContain(`The saved review ${newest} cannot be read (The earlier review is not JSON.) This review is compared with ${older} instead.`);
    expect(existsSync(newest)).toBe(true);
  });
});

describe("a credential report file's name", () => {
  const sources = (d: Doc) => d.Review.Sources as Array<{ DataAsOf: string; AsOfOrigin: string }>;

  it('does not set its data time unless keyscope stored it', async () => {
    const named = file('credential-report-123456789012-20000101T000000Z.csv', baseReport());
    const plain = file('base.csv', baseReport());
    const byName = await run(fresh(), ['review', '--offline', '--no-profiles', '--credential-report', named, '--output', 'json']);
    const byPlain = await run(fresh(), ['review', '--offline', '--no-profiles', '--credential-report', plain, '--output', 'json']);
    // Before: DataAsOf 2000-01-01 "GeneratedTime", and the age findings hidden (3 findings, 7 under the name base.csv).
    expect(sources(byName.doc())[0]?.AsOfOrigin).toBe('the time of the review, no --as-of given');
    expect(byName.doc().Findings.map((f) => f.Check).sort()).toEqual(byPlain.doc().Findings.map((f) => f.Check).sort());
    expect(byName.doc().Findings.length).toBeGreaterThan(3);
  });

  it('sets it for a report under KEYSCOPE_HOME/reports, given by path or as stored, when its account matches', async () => {
    const home = fresh();
    mkdirSync(join(home, 'reports'));
    const path = join(home, 'reports', 'credential-report-123456789012-20250630T000000Z.csv');
    writeFileSync(path, baseReport());
    for (const given of [path, 'stored']) {
      const r = await run(home, ['review', '--offline', '--no-profiles', '--credential-report', given, '--output', 'json']);
      expect(r.code, r.stderr).toBe(0);
      expect(sources(r.doc())[0]).toMatchObject({ DataAsOf: '2025-06-30T00:00:00.000Z', AsOfOrigin: 'GeneratedTime' });
    }
    // Another account's report under that name is not the report keyscope kept.
    writeFileSync(path, baseReport('210987654321'));
    const other = await run(home, ['review', '--offline', '--no-profiles', '--credential-report', 'stored', '--output', 'json']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('is named for account 123456789012 but holds the users of account 210987654321');
    expect(other.stdout).toBe('');
  });
});

describe('two credential reports of the same account', () => {
  const inactive = (): string => baseReport().replace(/(alice,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,)true/, '$1false');
  const checks = (d: Doc) => d.Findings.map((f) => `${f.Check} ${f.Resource.User}`).sort();

  it('reads only the newer: an older one is set aside, said on standard error', async () => {
    const home = fresh();
    mkdirSync(join(home, 'reports'));
    const old = join(home, 'reports', 'credential-report-123456789012-20250601T000000Z.csv');
    writeFileSync(old, baseReport());
    const newer = file('new.csv', inactive());
    // No --as-of: the stored one is as of the GeneratedTime in its name, the file as of now.
    const r = await run(home, ['review', '--offline', '--no-profiles', '--credential-report', old, '--credential-report', newer, '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`keyscope: ${old} (data as of 2025-06-01T00:00:00.000Z) is set aside: ${newer} is a newer report of account 123456789012 (data as of 20`);
    // Before: alice's key 1, Inactive in the newer report, was still "unused" with Active: true from the older one.
    expect(checks(r.doc())).toEqual(checks((await run(fresh(), ['review', '--offline', '--no-profiles', '--credential-report', newer, '--output', 'json'])).doc()));
    expect(r.doc().Findings.some((f) => f.Check === 'access-key-unused')).toBe(false);
    expect((r.doc().Review.Sources as unknown[]).length).toBe(1);
  });

  it('refuses two that describe the same time, which cannot be told apart, in words (exit 2)', async () => {
    const r = await run(fresh(), ['review', '--offline', '--no-profiles', '--credential-report', file('old.csv', baseReport()), '--credential-report', file('new.csv', inactive()), '--as-of', '2025-06-30', '--output', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/old\.csv and .*new\.csv are both credential reports of account 123456789012 as of 2025-06-30T00:00:00\.000Z/);
    expect(r.stdout).toBe('');
  });

  it('reads once a report given twice with the same GeneratedTime (stored, and fetched again within AWS\'s 4 hours)', async () => {
    const home = fresh();
    mkdirSync(join(home, 'reports'));
    const path = join(home, 'reports', 'credential-report-123456789012-20250601T000000Z.csv');
    writeFileSync(path, baseReport());
    const r = await run(home, ['review', '--offline', '--no-profiles', '--credential-report', 'stored', '--credential-report', path, '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${path} is set aside: it is the report of account 123456789012 generated 2025-06-01T00:00:00.000Z, as stored credential report of 123456789012 (2025-06-01T00:00:00.000Z) is.`);
    expect((r.doc().Review.Sources as unknown[]).length).toBe(1);
  });

  it('sets aside the older even when the newer holds no key (the account is read from its rows)', async () => {
    const home = fresh();
    const old = storedReport(home, '20250601T000000Z', baseReport());
    const clean = storedReport(home, '20250629T000000Z', noKeys(baseReport()));
    const r = await run(home, ['review', '--offline', '--no-profiles', '--credential-report', old, '--credential-report', clean, '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    // Before: both read, and June 1's findings reported as current.
    expect(r.stderr).toContain(`keyscope: ${old} (data as of 2025-06-01T00:00:00.000Z) is set aside: ${clean} is a newer report of account 123456789012`);
    expect(r.doc().Findings).toEqual([]);
  });

  it('refuses a stored report with no key named for another account', async () => {
    const home = fresh();
    storedReport(home, '20250630T000000Z', noKeys(baseReport('210987654321')));
    const r = await run(home, ['review', '--offline', '--no-profiles', '--credential-report', 'stored', '--output', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is named for account 123456789012 but holds the users of account 210987654321');
  });

  it("orders keyscope's stored reports by the GeneratedTime in their names, --as-of or not", async () => {
    const home = fresh();
    const old = storedReport(home, '20250601T000000Z', baseReport());
    const newer = storedReport(home, '20250629T000000Z', inactive());
    const r = await run(home, ['review', '--offline', '--no-profiles', '--credential-report', old, '--credential-report', newer, '--as-of', '2025-06-30', '--output', 'json']);
    // Before: refused, "cannot tell which is newer", though both names give their GeneratedTime.
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`keyscope: ${old} (generated 2025-06-01T00:00:00.000Z) is set aside: ${newer} is a newer report of account 123456789012 (generated 2025-06-29T00:00:00.000Z).`);
    expect((r.doc().Review.Sources as Array<{ Label: string; DataAsOf: string }>).map((s) => [s.Label, s.DataAsOf])).toEqual([[newer, '2025-06-30T00:00:00.000Z']]);
  });

  it('reads reports of two accounts side by side', async () => {
    const r = await run(fresh(), ['review', '--offline', '--no-profiles', '--credential-report', file('a.csv', baseReport()), '--credential-report', file('b.csv', baseReport('210987654321')), '--as-of', '2025-06-30', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.doc().Findings).toHaveLength(10);
  });
});

describe('--output-file that is a symbolic link, or a file with its own permissions', () => {
  it("writes through the link to its target, keeping the link and the target's permission bits, as a shell's > does", async () => {
    const dir = mkdtempSync(join(root, 'out-'));
    const target = join(dir, 'shared-review.json');
    writeFileSync(target, 'old\n');
    chmodSync(target, 0o644);
    symlinkSync('shared-review.json', join(dir, 'review.json'));
    const r = await run(fresh(), ['review', '--offline', '--no-profiles', '--credential-report', file('base.csv', baseReport()), '--as-of', '2025-06-30', '--output-file', join(dir, 'review.json')]);
    expect(r.code, r.stderr).toBe(0);
    // Before: the link was replaced by an owner-only file, and the shared report it named stayed old.
    expect(lstatSync(join(dir, 'review.json')).isSymbolicLink()).toBe(true);
    expect((JSON.parse(readFileSync(target, 'utf8')) as Doc).Findings).toHaveLength(5);
    expect(statSync(target).mode & 0o777).toBe(0o644);
    const fresh600 = join(dir, 'new.json');
    await run(fresh(), ['review', '--offline', '--no-profiles', '--credential-report', file('base.csv', baseReport()), '--as-of', '2025-06-30', '--output-file', fresh600]);
    expect(statSync(fresh600).mode & 0o777).toBe(0o600);
  });
});

describe("keyscope's own checks in a credential report's rows", () => {
  it('are not taken for the owner\'s use: a saved key checked by keyscope, unused by its owner, is still found unused (--no-profiles too)', async () => {
    const home = fresh();
    const key = keyIdForAccount('123456789012', 9, 9);
    const checked: ProfileMeta = {
      ...profile('alice-key', key),
      history: [{ at: '2025-06-20T10:05:00.000Z', valid: true, account: '123456789012', arn: 'arn:aws:iam::123456789012:user/alice', userId: 'AIDAEXAMPLE', userName: 'alice', lastUsed: { LastUsedDate: '2025-04-01T00:00:00Z', ServiceName: 's3', Region: 'us-east-1' }, lastUsedError: null }],
    };
    const written = new ProfileStore(home).update((doc) => ({ doc: { ...doc, profiles: [checked] }, value: null }));
    if (!written.ok) throw new Error(written.error.message);
    // The report's last use of alice's key 1 is keyscope's check (sts, 2025-06-20T10:05); its owner's was 2025-04-01.
    const report = file('report.csv', baseReport().replace('2025-04-01T00:00:00+00:00,us-east-1,s3', '2025-06-20T10:05:00+00:00,us-east-1,sts'));
    for (const extra of [[], ['--no-profiles']]) {
      const r = await run(home, ['review', '--offline', ...extra, '--credential-report', report, '--as-of', '2025-06-30', '--output', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const unused = (r.doc().Findings as unknown as Array<{ Check: string; Source: string; Evidence: Record<string, unknown> }>).find((f) => f.Check === 'access-key-unused' && f.Source === 'credential-report');
      // Before: the check counted as alice's use 10 days earlier, and no finding was raised.
      expect(unused?.Evidence, extra.join(' ')).toMatchObject({ KeyscopeOwnUse: true, LastUsedService: 's3' });
    }
  });

  it("do not resolve a use finding when keyscope's check is the only last use known: it is not reviewed, and compared again", async () => {
    const home = fresh();
    // keyscope checked alice's key at 2025-06-20T10:05; IAM's last use could not be read then (AccessDenied).
    const checked: ProfileMeta = {
      ...profile('alice-key', keyIdForAccount('123456789012', 9, 9)),
      history: [{ at: '2025-06-20T10:05:00.000Z', valid: true, account: '123456789012', arn: 'arn:aws:iam::123456789012:user/alice', userId: 'AIDAEXAMPLE', userName: 'alice', lastUsed: null, lastUsedError: { Code: 'AccessDenied', Message: 'not allowed', HttpStatus: 403, Category: 'access-denied', Hint: '' } }],
    };
    const written = new ProfileStore(home).update((doc) => ({ doc: { ...doc, profiles: [checked] }, value: null }));
    if (!written.ok) throw new Error(written.error.message);
    const first = await run(home, ['review', '--offline', '--no-profiles', '--credential-report', file('base.csv', baseReport()), '--as-of', '2025-06-19', '--output', 'json']);
    const unused = first.doc().Findings.find((f) => f.Check === 'access-key-unused' && f.Resource.User === 'alice');
    expect(unused?.Status).toBe('new');
    // Since: the report's last use of alice's key 1 is keyscope's check, and her own is not known.
    const report = file('report.csv', baseReport().replace('2025-04-01T00:00:00+00:00,us-east-1,s3', '2025-06-20T10:05:00+00:00,us-east-1,sts'));
    const second = await run(home, ['review', '--offline', '--no-profiles', '--credential-report', report, '--as-of', '2025-06-30', '--output', 'json']);
    expect(second.code, second.stderr).toBe(0);
    // Before: Resolved [access-key-unused], nothing NotReviewed: keyscope's check counted as alice's use.
    expect(second.doc().Resolved.map((f) => f.Check)).not.toContain('access-key-unused');
    expect((second.doc().NotReviewed ?? []).map((f) => f.Id)).toEqual([unused?.Id]);
    expect(second.stderr).toContain("1 finding of the previous review");
    // Reviewed again with alice's own use known (last used 2025-04-01), it is the finding found before.
    const third = await run(home, ['review', '--offline', '--no-profiles', '--credential-report', file('base.csv', baseReport()), '--as-of', '2025-06-30', '--output', 'json']);
    expect(third.doc().Findings.find((f) => f.Id === unused?.Id)?.Status).toBe('unchanged');
  });
});
