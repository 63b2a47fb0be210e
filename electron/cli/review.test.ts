/** `keyscope review` offline: saved profiles (the real store, no keychain needed) and credential report files. */
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdForAccount, REPORTS_DIR } from '../core/review/test-kit.js';
import { ProfileStore, type ProfileMeta } from '../core/vault/profiles.js';
import { main } from './index.js';

const MULTITOOL = join(__dirname, '..', '..', 'node_modules', '@microsoft', 'sarif-multitool', 'bin.js');
const REPORT = join(REPORTS_DIR, 'thresholds.csv');
const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number): string => new Date(Date.now() - days * DAY).toISOString();
const ACCOUNT = '111122223333';
const CI = keyIdForAccount(ACCOUNT, 1, 1);
const OLD = keyIdForAccount(ACCOUNT, 2, 2);
const HONEY = keyIdForAccount('052310077262', 3, 3);
const OWN = keyIdForAccount(ACCOUNT, 4, 4);
const SECRET = 'wJalrXUtnFEMIK7MDENGbPxRfiCYzzSECRETzzzz';

let root: string;
let connections = 0;
let counter: Server;
let endpoint: string;

function profile(name: string, accessKeyId: string, history: ProfileMeta['history']): ProfileMeta {
  return { id: `id-${name}`, name, accessKeyId, keyType: 'long-term', derivedAccount: null, partition: 'aws', source: 'manual', createdAt: ago(200), updatedAt: ago(200), history };
}

const valid = (at: string, lastUsed: { LastUsedDate: string | null; ServiceName: string; Region: string }) => ({ at, valid: true, account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/ci`, userId: 'AIDAEXAMPLE', userName: 'ci', lastUsed, lastUsedError: null });

/** A keyscope home with four saved profiles, written through the real store. */
function home(): string {
  const dir = mkdtempSync(join(root, 'home-'));
  const store = new ProfileStore(dir);
  const profiles = [
    // Last used by its owner 60 days ago, checked 2 days ago: unused.
    profile('ci', CI, [valid(ago(2), { LastUsedDate: ago(60), ServiceName: 's3', Region: 'us-east-1' })]),
    profile('old', OLD, [{ at: ago(5), valid: false, error: { Code: 'SignatureDoesNotMatch', Message: 'no', HttpStatus: 403, Category: 'invalid-secret', Hint: 'h' } }]),
    profile('honey', HONEY, []),
    // The last use AWS reports is keyscope's own check; the owner's was 100 days ago.
    profile('own', OWN, [valid(ago(1), { LastUsedDate: ago(1), ServiceName: 'sts', Region: 'us-east-1' }), valid(ago(40), { LastUsedDate: ago(100), ServiceName: 's3', Region: 'us-east-1' })]),
  ];
  const r = store.update((doc) => ({ doc: { ...doc, profiles }, value: null }));
  if (!r.ok) throw new Error(r.error.message);
  return dir;
}

async function run(dir: string, argv: string[], stdin = '', stdoutIsTTY = false) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { env: { KEYSCOPE_HOME: dir, AWS_ENDPOINT_URL: endpoint }, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => stdin, stdoutIsTTY });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'keyscope-review-'));
  // Counts every connection: --offline must open none.
  counter = createServer((s) => {
    connections += 1;
    s.destroy();
  });
  await new Promise<void>((r) => counter.listen(0, '127.0.0.1', () => r()));
  const address = counter.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
});
afterAll(async () => {
  await new Promise<void>((r) => counter.close(() => r()));
  rmSync(root, { recursive: true, force: true });
});

describe('keyscope review, offline', () => {
  it('writes a Markdown report naming its sources and their dates, with findings from both', async () => {
    const dir = home();
    const r = await run(dir, ['review', '--offline', '--credential-report', REPORT, '--as-of', '2025-06-30', '--output', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('saved profiles');
    expect(r.stdout).toContain('thresholds.csv');
    expect(r.stdout).toContain('2025-06-30T00:00:00.000Z');
    for (const title of ['canary', 'root']) expect(r.stdout.toLowerCase()).toContain(title);
    for (const id of [CI, OLD, HONEY, OWN]) expect(r.stdout).not.toContain(id);
  });

  it('writes JSON to --output-file from a terminal when no --output is given (it refused: "the table is for the terminal")', async () => {
    const dir = home();
    const out = join(dir, 'review.json');
    const r = await run(dir, ['review', '--offline', '--output-file', out], '', true);
    expect(r.stderr).toBe(`keyscope: json report written to ${out}\n`);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).Findings.length).toBeGreaterThan(0);
  });

  it('shows a table on a terminal; key ids are masked unless --unmask, in the table and in JSON', async () => {
    const dir = home();
    const table = await run(dir, ['review', '--offline'], '', true);
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^Review of \d{4}-\d{2}-\d{2}T.* \(offline: nothing was sent\)$/);
    expect(table.stdout).toMatch(/^SEVERITY +CHECK +ACCOUNT +PROFILE\/USER +KEY +STATUS$/m);
    const ciRow = lines.find((l) => /\baccess-key-unused\b/.test(l) && /\bci\b/.test(l));
    expect(ciRow, table.stdout).toBeDefined();
    expect(ciRow).toContain(CI.slice(-4));
    for (const id of [CI, OLD, HONEY, OWN]) expect(table.stdout).not.toContain(id);
    expect(table.stdout).toMatch(/Details, evidence and remediation: --output markdown \(or json\)\.\n$/);
    const unmasked = await run(dir, ['review', '--offline', '--unmask'], '', true);
    expect(unmasked.stdout).toContain(CI);
    // --unmask whole in every format, before or after the command (it had never unmasked a review).
    for (const argv of [['review', '--offline', '--unmask', '--output', 'json'], ['--unmask', 'review', '--offline', '--output', 'json']]) {
      const ids = (await run(dir, argv)).json().Findings.map((f: { Resource: { AccessKeyId: string } }) => f.Resource.AccessKeyId);
      expect(ids, argv.join(' ')).toContain(CI);
    }
    expect((await run(dir, ['review', '--offline', '--output', 'json'])).stdout).not.toContain(CI);
  });

  it('gives JSON in its documented shape, unchanged the second time, resolved after a change', async () => {
    const dir = home();
    const first = await run(dir, ['review', '--offline']);
    expect(first.code).toBe(0);
    const doc = first.json();
    expect(Object.keys(doc)).toEqual(['Review', 'Summary', 'Findings', 'Resolved', 'NotReviewed']);
    expect(doc.Review).toMatchObject({ Offline: true, ComparedWith: null, Sources: [{ Kind: 'profile', Label: 'saved profiles', Keys: 4 }] });
    expect(Object.keys(doc.Summary)).toEqual(['Critical', 'High', 'Medium', 'Low', 'Info', 'Muted']);
    const byProfile = (p: string) => doc.Findings.filter((f: { Resource: { Profile: string } }) => f.Resource.Profile === p).map((f: { Check: string }) => f.Check).sort();
    expect(byProfile('ci')).toEqual(['access-key-unused']);
    expect(byProfile('old')).toEqual(['invalid-key-saved']);
    expect(byProfile('honey')).toEqual(['canary-key']);
    // keyscope's own check 1 day ago is not the owner's use: the owner's, 100 days ago, is what counts.
    const own = doc.Findings.find((f: { Resource: { Profile: string } }) => f.Resource.Profile === 'own');
    expect(own).toMatchObject({ Check: 'access-key-unused', Evidence: { KeyscopeOwnUse: true, LastUsedService: 's3' } });
    expect(doc.Findings.every((f: { Status: string }) => f.Status === 'new')).toBe(true);

    const second = (await run(dir, ['review', '--offline'])).json();
    expect(second.Review.ComparedWith).toMatch(/^the previous review/);
    expect(second.Findings.map((f: { Id: string }) => f.Id)).toEqual(doc.Findings.map((f: { Id: string }) => f.Id));
    expect(second.Findings.every((f: { Status: string }) => f.Status === 'unchanged')).toBe(true);

    // A review of two profiles examined only those two: the others' findings are not resolved, but carried forward.
    const third = (await run(dir, ['review', '--offline', 'ci', 'own'])).json();
    expect(third.Resolved).toEqual([]);
    expect(third.NotReviewed.map((f: { Check: string }) => f.Check).sort()).toEqual(['canary-key', 'invalid-key-saved']);
    expect(readdirSync(join(dir, 'reviews')).filter((f) => f.endsWith('.json'))).toHaveLength(3);
  });

  it('writes SARIF to a file atomically, and the multitool finds no error in it', async () => {
    const dir = home();
    const out = join(dir, 'review.sarif');
    const r = await run(dir, ['review', '--offline', '--credential-report', REPORT, '--as-of', '2025-06-30', '--output', 'sarif', '--output-file', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('sarif report written to');
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBeGreaterThan(5);
    const log = join(dir, 'validation.sarif');
    const v = spawnSync(process.execPath, [MULTITOOL, 'validate', out, '--output', log, '--log', 'ForceOverwrite', '--quiet'], { encoding: 'utf8', timeout: 60_000 });
    expect(v.status).toBe(0);
    const results = JSON.parse(readFileSync(log, 'utf8')).runs[0].results ?? [];
    expect(results.filter((x: { level?: string }) => x.level === 'error')).toEqual([]);
  });

  it('exits 1 when an unmuted finding is at or above --fail-on, 0 once it is muted', async () => {
    const dir = home();
    expect((await run(dir, ['review', '--offline', '--fail-on', 'high'])).code).toBe(1);
    expect((await run(dir, ['review', '--offline', '--fail-on', 'critical'])).code).toBe(0);
    const file = join(dir, 'mute.json');
    writeFileSync(file, JSON.stringify({ Suppressions: [{ Check: 'canary-key', Resource: 'profile:honey', Reason: 'planted by us', Expires: null }] }));
    const muted = await run(dir, ['review', '--offline', '--fail-on', 'high', '--suppressions', file]);
    expect(muted.code).toBe(0);
    expect(muted.json().Summary).toMatchObject({ High: 0, Muted: 1 });
  });

  it('says a --suppressions file is not JSON without quoting it (a key list given by mistake holds secrets)', async () => {
    const dir = home();
    const file = join(dir, 'keys.csv');
    for (const text of [`${SECRET},${CI}\n`, `{"Suppressions": [\n  ${SECRET}\n]}`]) {
      writeFileSync(file, text);
      const r = await run(dir, ['review', '--offline', '--suppressions', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--suppressions: ${file} is not JSON`);
      expect(r.stderr).not.toContain(SECRET.slice(0, 6));
      expect(r.stderr).not.toContain(CI.slice(0, 8));
    }
  });

  it('refuses a report whose user holds a right-to-left override and a terminal escape, by line and column, quoting neither', async () => {
    const dir = home();
    const file = join(dir, 'bidi.csv');
    const row = 'unused-46-days,arn:aws:iam::111122223333:user/unused-46-days';
    writeFileSync(file, readFileSync(REPORT, 'utf8').replace(row, 'unused-\u202e46-days\u001b[31m,arn:aws:iam::111122223333:user/unused-\u202e46-days'));
    for (const format of ['markdown', 'csv', 'json']) {
      const r = await run(dir, ['review', '--offline', '--no-profiles', '--credential-report', file, '--as-of', '2025-06-30', '--output', format]);
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
      expect(r.stderr).toContain(`keyscope: ${file}: Line 4 of the credential report has a value holding U+202E (not quoted) in column user, where AWS writes an IAM user name`);
      expect(r.stderr).not.toContain('\u202e');
      expect(r.stderr).not.toContain('\u001b');
      expect(r.stderr).not.toContain('46-days');
    }
  });

  it('writes a user name an endpoint answered with a right-to-left override and a terminal escape as escapes, in every report format', async () => {
    const dir = home();
    const user = 'ci\u202e\u001b[2J\u0085';
    const store = new ProfileStore(dir);
    const answered = { ...valid(ago(2), { LastUsedDate: ago(60), ServiceName: 's3\u2066', Region: 'us-east-1' }), userName: user };
    const saved = store.update((doc) => ({ doc: { ...doc, profiles: [profile('svc', CI, [answered])] }, value: null }));
    if (!saved.ok) throw new Error(saved.error.message);
    for (const format of ['markdown', 'csv', 'json', 'sarif', 'ocsf']) {
      const out = join(dir, `review.${format}`);
      const r = await run(dir, ['review', '--offline', '--output', format, '--output-file', out]);
      expect({ format, code: r.code }).toEqual({ format, code: 0 });
      const text = readFileSync(out, 'utf8');
      for (const raw of ['\u202e', '\u001b', '\u0085', '\u2066']) expect(text.includes(raw), `${format} ${JSON.stringify(raw)}`).toBe(false);
      // Shown as the table shows it (Markdown escapes the backslash and the bracket for itself), or as JSON's escapes.
      expect(text, format).toContain(format === 'markdown' ? 'ci\\\\u202e\\\\x1b\\[2J\\\\x85' : format === 'csv' ? 'ci\\u202e\\x1b[2J\\x85' : 'ci\\u202e\\u001b[2J\\u0085');
    }
  });

  it('writes CSV and Markdown to a terminal as it writes them to a file: CSV rows end with CRLF, not a visible \\x0d', async () => {
    // Each a first review, in a home of its own: the time of the review and the ids and the id key's fingerprint (keyed by the home) are left out.
    const time = (text: string) => text.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME').replace(/\b[0-9a-f]{32}\b/g, 'ID').replace(/"IdKeyFingerprint": "[0-9a-f]{16}"/, 'KEY');
    for (const format of ['csv', 'markdown', 'json']) {
      const argv = ['review', '--offline', '--no-profiles', '--credential-report', REPORT, '--as-of', '2025-06-30', '--output', format];
      const out = join(home(), `review.${format}`);
      await run(home(), [...argv, '--output-file', out]);
      const shown = await run(home(), argv, '', true);
      expect(shown.stdout, format).not.toContain('\\x0d');
      expect(time(shown.stdout), format).toBe(time(readFileSync(out, 'utf8')));
    }
  });

  it('quotes at most 64 characters of a profile name it cannot find, with its length', async () => {
    const dir = home();
    const r = await run(dir, ['review', '--offline', 'n'.repeat(100_000), 'nobody']);
    expect(r.code).toBe(2);
    // The whole name was quoted: a 100 KB error line.
    expect(r.stderr).toBe(`keyscope: No saved profile is named "${'n'.repeat(64)}…" (100,000 characters), "nobody".\nhint: \`keyscope profiles list\` shows the saved profiles.\n`);
  });

  it('compares with --baseline instead of the previous review', async () => {
    const dir = home();
    const base = join(dir, 'base.json');
    writeFileSync(base, (await run(dir, ['review', '--offline', 'ci'])).stdout);
    const r = (await run(dir, ['review', '--offline', '--baseline', base])).json();
    expect(r.Review.ComparedWith).toBe(`baseline ${base}`);
    const status = Object.fromEntries(r.Findings.map((f: { Resource: { Profile: string }; Status: string }) => [f.Resource.Profile, f.Status]));
    expect(status).toMatchObject({ ci: 'unchanged', old: 'new', honey: 'new' });
  });

  it('compares with a --baseline larger than 64 MiB (was refused: "the file … is larger than 64 MiB", exit 2)', async () => {
    const dir = home();
    const argv = ['review', '--offline', '--no-profiles', '--credential-report', REPORT, '--as-of', '2025-06-30'];
    const first = (await run(dir, argv)).json();
    const model = first.Findings[0];
    // The findings of this review, and 64,000 of users removed since: 71 MB.
    const gone = Array.from({ length: 64_000 }, (_, i) => ({ ...model, Id: i.toString(16).padStart(32, 'f'), Resource: { ...model.Resource, User: `gone-${i}` } }));
    const base = join(dir, 'base.json');
    writeFileSync(base, JSON.stringify({ ...first, Findings: [...first.Findings, ...gone] }, null, 2));
    expect(statSync(base).size).toBeGreaterThan(64 * 1024 * 1024);
    const r = await run(dir, [...argv, '--baseline', base]);
    expect(r.stderr).toBe('');
    const second = r.json();
    expect(second.Review.ComparedWith).toBe(`baseline ${base}`);
    expect(second.Findings.map((f: { Status: string }) => f.Status)).toEqual(first.Findings.map(() => 'unchanged'));
    expect(second.Resolved).toHaveLength(64_000);
  }, 20_000);

  it('reads key lists (ids, the console CSV, id/secret pairs), keeps no secret anywhere, and finds the canary', async () => {
    const dir = home();
    const list = `Access key ID,Secret access key\n${CI},${SECRET}\n`;
    const r = await run(dir, ['review', '--offline', '--no-profiles', '--keys', '-', '--accounts', ACCOUNT, '--unmask'], list);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('1 key id (1 long-term); 1 secret ignored');
    const pairs = join(dir, 'pairs.txt');
    writeFileSync(pairs, `# from a scan\n${HONEY} ${SECRET}\n${keyIdForAccount('999988887777')}\n${HONEY}\n`);
    const p = await run(dir, ['review', '--offline', '--no-profiles', '--keys', pairs, '--accounts', ACCOUNT]);
    expect(p.json().Findings.map((f: { Check: string }) => f.Check).sort()).toEqual(['canary-key', 'unexpected-account', 'unexpected-account']);
    expect(p.stderr).toContain('1 repeated');
    for (const out of [r.stdout, r.stderr, p.stdout, p.stderr]) expect(out).not.toContain(SECRET);
    for (const f of filesUnder(dir).filter((x) => x !== pairs)) expect(readFileSync(f, 'utf8')).not.toContain(SECRET);
    const bad = await run(dir, ['review', '--offline', '--no-profiles', '--keys', '-'], `${SECRET} ${CI}\n`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Line 1');
    expect(bad.stderr).not.toContain(SECRET);
  });

  it('opens no socket with --offline (a loopback server as AWS_ENDPOINT_URL counts zero), while verify does open one', async () => {
    const dir = home();
    connections = 0;
    const r = await run(dir, ['review', '--offline', '--credential-report', REPORT, '--keys', '-', '--output', 'csv'], `${CI}\n`);
    expect(r.code).toBe(0);
    expect(connections).toBe(0);
    // The control: a command that does send reaches the counting server.
    let stderr = '';
    await main(['verify', '--cli-connect-timeout', '2', '--cli-read-timeout', '2'], { env: { KEYSCOPE_HOME: dir, AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: CI, AWS_SECRET_ACCESS_KEY: SECRET }, stdout: () => undefined, stderr: (t) => (stderr += t), readStdin: async () => '' });
    expect(connections).toBeGreaterThan(0);
  });

  it('refuses, as usage errors, what --offline cannot keep and formats that do not fit', async () => {
    const dir = home();
    const cases: Array<[string[], string]> = [
      [['review', '--offline', '--audit-with', 'ci'], '--offline promises that nothing is sent'],
      [['review', '--offline', '--fetch-credential-report', '--profile', 'ci'], '--fetch-credential-report needs the network'],
      [['review', '--fetch-credential-report'], 'needs --profile'],
      [['review', '--output', 'text'], 'keyscope review writes'],
      [['review', '--output', 'table', '--output-file', join(dir, 'x')], 'The table is for the terminal'],
      [['review', '--fail-on', 'severe'], '--fail-on takes'],
      [['review', '--unused-days', '0'], '--unused-days must be'],
      [['review', '--accounts', '12345'], '--accounts takes'],
      [['review', '--as-of', 'yesterday'], '--as-of "yesterday": it is not an ISO 8601 date or time (2025-06-30 or 2025-06-30T12:00:00Z).'],
      // Date.parse took "45" as 2045, "June 30" as 2001, a time without zone as the machine's, February 30 as March 2.
      [['review', '--as-of', '45'], 'not an ISO 8601 date'],
      [['review', '--as-of', 'June 30'], 'not an ISO 8601 date'],
      [['review', '--as-of', '2025-06-30T12:00:00'], 'gives no time zone: add Z for UTC'],
      [['review', '--as-of', '2025-02-30'], 'that day or time does not exist'],
      [['review', 'nobody'], 'No saved profile is named "nobody"'],
      [['review', '--credential-report', 'stored'], 'No credential report is stored yet'],
      [['review', '--credential-report', join(REPORTS_DIR, 'bad-value.csv')], 'bad-value.csv'],
      // The report's dates run to 2025-06; ages from a year earlier were negative, and no age finding fired.
      [['review', '--offline', '--credential-report', REPORT, '--as-of', '2024-06-30'], 'later than --as-of (2024-06-30T00:00:00.000Z)'],
      [['review', '--credential-report', '-', '--keys', '-'], 'Only one source'],
      [['verify', '--output', 'sarif'], 'is for keyscope review'],
    ];
    for (const [argv, message] of cases) {
      const r = await run(dir, argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
      expect(r.stderr).toContain(message);
    }
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('says once what --as-of takes, and where ages count from without it in plain words', async () => {
    const dir = home();
    const r = await run(dir, ['review', '--as-of', '45']);
    expect(r.code).toBe(2);
    // It said "--as-of takes an ISO 8601 date or time (…); got "45": it is not an ISO 8601 date or time (…)".
    expect(r.stderr).toContain('--as-of "45": it is not an ISO 8601 date or time (2025-06-30 or 2025-06-30T12:00:00Z).');
    expect(r.stderr.split('ISO 8601')).toHaveLength(2);
    // A report's dates from before now, no --as-of: its ages count from the time of the review, said without nested brackets.
    const table = await run(dir, ['review', '--offline', '--no-profiles', '--credential-report', REPORT, '--output', 'table']);
    expect(table.stdout).toContain('(the time of the review, no --as-of given)');
    expect(table.stdout).not.toMatch(/\([^()]*\(/);
  });

  it('keeps the finding-id key: 32 random bytes, owner-only, the same across reviews', async () => {
    const dir = home();
    await run(dir, ['review', '--offline']);
    const file = join(dir, 'reviews', '.id-key');
    const key = readFileSync(file, 'utf8');
    expect(key).toMatch(/^[0-9a-f]{64}\n$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await run(dir, ['review', '--offline']);
    expect(readFileSync(file, 'utf8')).toBe(key);
  });
});
