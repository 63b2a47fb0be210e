import { describe, expect, it } from 'vitest';
import { CREDENTIAL_REPORT_COLUMNS, MAX_REPORT_BYTES, parseCredentialReport, type ReportProblem } from './credential-report.js';
import type { SourceData } from './model.js';
import { AS_OF, readReport } from './test-kit.js';

const OPTIONS = { label: 'thresholds.csv', dataAsOf: AS_OF, asOfOrigin: '--as-of' };

function parsed(text: string | Uint8Array): SourceData {
  const result = parseCredentialReport(text, OPTIONS);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function problem(text: string | Uint8Array): ReportProblem {
  const result = parseCredentialReport(text, OPTIONS);
  if (result.ok) throw new Error('expected a problem');
  return result.error;
}

const byUser = (source: SourceData, user: string) => source.keys.filter((k) => k.user === user);
// What a terminal acts on or a page reorders: C0, DEL, C1 and bidi controls.
// eslint-disable-next-line no-control-regex -- the point of the check
const RAW = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('credential report', () => {
  it('knows the 22 columns in AWS order', () => {
    expect(CREDENTIAL_REPORT_COLUMNS).toHaveLength(22);
    expect(CREDENTIAL_REPORT_COLUMNS[0]).toBe('user');
    expect(CREDENTIAL_REPORT_COLUMNS[21]).toBe('cert_2_last_rotated');
  });

  it('turns each row into its keys, with the source time and label', () => {
    const source = parsed(readReport('thresholds.csv'));
    expect(source).toMatchObject({ kind: 'credential-report', label: 'thresholds.csv', dataAsOf: AS_OF, asOfOrigin: '--as-of' });
    // 10 users with one key, two-keys with two, inactive-old's inactive key; no-keys and the empty slots give none.
    expect(source.keys).toHaveLength(12);
    expect(byUser(source, 'no-keys')).toHaveLength(0);
    expect(byUser(source, 'two-keys').map((k) => k.slot)).toEqual([1, 2]);
  });

  it('reads the root row: <root_account>, not_supported password, its account from the ARN', () => {
    const [root] = byUser(parsed(readReport('thresholds.csv')), '<root_account>');
    expect(root).toMatchObject({ isRoot: true, account: '111122223333', active: true, slot: 1 });
    expect(root?.passwordEnabled).toBeUndefined();
  });

  it('maps N/A to null and keeps dates, regions and services as AWS wrote them', () => {
    const source = parsed(readReport('thresholds.csv'));
    const [never] = byUser(source, 'never-used-46-days');
    expect(never?.lastUsed).toEqual({ date: null, service: null, region: null });
    expect(never?.lastRotatedAt).toBe('2025-05-15T00:00:00+00:00');
    const [used] = byUser(source, 'unused-46-days');
    expect(used?.lastUsed).toEqual({ date: '2025-05-15T00:00:00+00:00', service: 'ec2', region: 'eu-west-1' });
    expect(used).toMatchObject({ account: '111122223333', passwordEnabled: false, isRoot: false });
    const [setup] = byUser(source, 'console-setup');
    expect(setup?.passwordEnabled).toBe(true);
    const [inactive] = byUser(source, 'inactive-old');
    expect(inactive).toMatchObject({ active: false, lastRotatedAt: '2020-01-01T00:00:00+00:00' });
  });

  it('tolerates a byte order mark (as text and as bytes) and CRLF line ends', () => {
    const text = readReport('thresholds.csv');
    expect(parsed(`\uFEFF${text}`).keys).toHaveLength(12);
    expect(parsed(Buffer.from(`\uFEFF${text}`, 'utf8')).keys).toHaveLength(12);
    expect(parsed(text.replace(/\n/g, '\r\n')).keys).toHaveLength(12);
  });

  it('names missing and unknown columns', () => {
    const p = problem(readReport('unknown-and-missing-columns.csv'));
    expect(p.kind).toBe('columns');
    expect(p.message).toContain('missing column mfa_active');
    expect(p.message).toContain('"password_strength"');
    expect(p.hint).toMatch(/22 columns/);
  });

  it('never shows a header cell that may be a secret: a file of ID,SECRET pairs given as a report', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const plain = 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYab';
    for (const text of [`AKIAIOSFODNN7EXAMPLE,${secret}\n`, `AKIAIOSFODNN7EXAMPLE ${plain}\n`, `${plain}\n`]) {
      const p = problem(text);
      expect(p.kind).toBe('columns');
      expect(`${p.message} ${p.hint}`).not.toMatch(/AKIAIOSFODNN7EXAMPLE|wJalrXUt|EXAMPLEKEY/);
      expect(p.message).toMatch(/not shown \(.*may hold a key id or a secret\)/);
      expect(p.hint).toContain('key list');
    }
    // A column that reads as a name is still named.
    expect(problem(readReport('unknown-and-missing-columns.csv')).message).not.toContain('not shown');
  });

  it('names a repeated column', () => {
    const [header, ...rest] = readReport('thresholds.csv').split('\n');
    const p = problem([`${header},user`, ...rest.filter((l) => l).map((l) => `${l},x`)].join('\n'));
    expect(p.message).toContain('repeated column user');
  });

  it('names the line, user and column of a value AWS would not write', () => {
    const p = problem(readReport('bad-value.csv'));
    expect(p.kind).toBe('value');
    expect(p.message).toBe('Line 3 (user "unused-46-days") of the credential report has "yes" in column access_key_1_active, where AWS writes true or false.');
  });

  it('names the file line where the row starts, after a quoted cell holding line breaks and a blank line', () => {
    const [header, first, ...rest] = readReport('bad-value.csv').split('\n') as [string, string, ...string[]];
    for (const eol of ['\n', '\r\n']) {
      // The first row's last cell spans lines 2 to 4 (a CRLF inside it is one line break), line 5 is blank. No value
      // of a report may hold a line break, so that row is refused by the line it starts on, and a row after it
      // cannot be reached: csv.test.ts counts the lines past such a cell.
      const text = [header, `${first.slice(0, first.lastIndexOf(','))},"N\r\n/\nA"`, '', ...rest].join(eol);
      expect(problem(text).message, JSON.stringify(eol)).toBe('Line 2 (user "unused-45-days") of the credential report has a value holding U+000D (not quoted) in column cert_2_last_rotated, where AWS writes an ISO 8601 date or N/A.');
      const blank = [header, first, '', ...rest].join(eol);
      expect(problem(blank).message, JSON.stringify(eol)).toMatch(/^Line 4 \(user "unused-46-days"\) of the credential report has "yes"/);
      const row = rest.find((l) => l.startsWith('unused-46-days,')) as string;
      expect(problem(`${blank.trimEnd()}${eol}${row.replace(',yes,', ',true,')}${eol}`.replace(',yes,', ',true,')).message, JSON.stringify(eol)).toMatch(/^Line \d+ of the credential report repeats user "unused-46-days" of line 4;/);
    }
  });

  it('refuses a user that is not an IAM user name, by line and column, without quoting it (it may be a secret)', () => {
    const text = readReport('thresholds.csv');
    const row = 'unused-46-days,arn:aws:iam::111122223333:user/unused-46-days';
    const withUser = (user: string) => text.replace(row, `${user},arn:aws:iam::111122223333:user/unused-46-days`);
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const cases: [string, string][] = [
      // A right-to-left override (it showed the name reversed) and a terminal escape (it coloured the terminal).
      ['unused-\u202e46-days\u001b[31m', 'a value holding U+202E (not quoted)'],
      ['unused-46-days\u001b[31m', 'a value holding U+001B (not quoted)'],
      ['unused 46 days', 'a value holding U+0020 (not quoted)'],
      ['unüsed', 'a value holding U+00FC (not quoted)'],
      [secret, 'a value holding U+002F (not quoted)'],
      ['a'.repeat(65), 'a value of 65 characters (not quoted)'],
      ['alice;drop', 'a value holding U+003B (not quoted)'],
    ];
    for (const [user, found] of cases) {
      const p = problem(withUser(user));
      expect(p.kind, JSON.stringify(user)).toBe('value');
      expect(p.message, JSON.stringify(user)).toBe(`Line 4 of the credential report has ${found} in column user, where AWS writes an IAM user name (1 to 64 ASCII letters, digits and _+=,.@-) or <root_account>.`);
      expect(`${p.message} ${p.hint}`).not.toMatch(/unused|EXAMPLEKEY|aaaa|alice|drop/);
      expect(p.message).not.toMatch(RAW);
    }
    // What AWS allows in a name, up to 64 characters, is read as it is.
    for (const user of ['ops+ci=1,2.team-a_b@example.com', 'A'.repeat(64), '_']) {
      expect(byUser(parsed(withUser(user.includes(',') ? `"${user}"` : user)), user), user).toHaveLength(1);
    }
  });

  it('refuses an ARN whose path or name is not printable ASCII, and a service or region that is not, without quoting them', () => {
    const text = readReport('thresholds.csv');
    const arn = 'arn:aws:iam::111122223333:user/unused-46-days';
    const cases: [string, string, string][] = [
      [arn, 'arn:aws:iam::111122223333:user/unused-\u202e46-days', 'a value holding U+202E (not quoted) in column arn, where AWS writes an IAM user or root ARN (printable ASCII)'],
      [arn, 'arn:aws:iam::111122223333:user/ops\u001b[31m/unused-46-days', 'a value holding U+001B (not quoted) in column arn, where AWS writes an IAM user or root ARN (printable ASCII)'],
      // A secret where the ARN belongs (a run of 16 letters and digits, as the header's cells) is not repeated either.
      [arn, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'a value of 40 characters (not quoted) in column arn, where AWS writes an IAM user or root ARN (printable ASCII)'],
      // What shows as it is and cannot be a secret is still quoted.
      [arn, 'arn:aws:iam::111122223333:user/unused 46 days', '"arn:aws:iam::111122223333:user/unused 46" in column arn, where AWS writes an IAM user or root ARN (printable ASCII)'],
      ['eu-west-1,ec2', 'eu-west-\u2066\u202e1,ec2', 'a value holding U+2066 (not quoted) in column access_key_1_last_used_region, where AWS writes a name in printable ASCII or N/A'],
      ['eu-west-1,ec2', 'eu-west-1,ec2\u0085', 'a value holding U+0085 (not quoted) in column access_key_1_last_used_service, where AWS writes a name in printable ASCII or N/A'],
    ];
    for (const [from, to, found] of cases) {
      const p = problem(text.replace(from, to));
      expect(p.message, JSON.stringify(to)).toBe(`Line 4 (user "unused-46-days") of the credential report has ${found}.`);
      expect(p.message).not.toMatch(RAW);
      expect(p.message).not.toContain('EXAMPLEKEY');
    }
    // A path is read: the account comes from the ARN, the user from its column.
    expect(byUser(parsed(text.replace(arn, 'arn:aws:iam::111122223333:user/division_abc/subdivision_xyz/unused-46-days')), 'unused-46-days')[0]).toMatchObject({ account: '111122223333' });
  });

  it('refuses a date that is not ISO 8601 and a special value in the wrong column', () => {
    const text = readReport('thresholds.csv');
    expect(problem(text.replace('2025-05-15T00:00:00+00:00', '15/05/2025')).message).toContain('where AWS writes an ISO 8601 date or N/A');
    // A day that does not exist (Date.parse rolled it over to March 2), and a time without its zone.
    expect(problem(text.replace('2025-05-15T00:00:00+00:00', '2025-02-30T00:00:00+00:00')).message).toContain('has "2025-02-30T00:00:00+00:00" in column access_key_1_last_used_date');
    expect(problem(text.replace('2025-05-15T00:00:00+00:00', '2025-05-15T00:00:00')).message).toContain('where AWS writes an ISO 8601 date or N/A');
    // no_information belongs to password_last_used only.
    expect(problem(text.replace('user/unused-45-days,2024-01-01T00:00:00+00:00,false,N/A,N/A', 'user/unused-45-days,2024-01-01T00:00:00+00:00,false,N/A,no_information')).message).toContain('column password_last_changed');
  });

  it('refuses what is not a report: empty, not UTF-8, broken CSV, too large', () => {
    expect(problem('').kind).toBe('empty');
    expect(problem(Uint8Array.from([0xff, 0xfe, 0x00, 0x41])).kind).toBe('encoding');
    const broken = problem('user,arn\n"alice,x\n');
    expect(broken.kind).toBe('csv');
    expect(broken.message).toMatch(/credential report could not be read as CSV: a quoted field is never closed/);
    const big = problem(new Uint8Array(MAX_REPORT_BYTES + 1));
    expect(big.kind).toBe('too-large');
    expect(big.message).toMatch(/20 MiB/);
  });

  it('refuses a user given twice: the repeated row read as a second key made a false multiple-active-keys', () => {
    const text = readReport('thresholds.csv');
    const row = text.split('\n').find((l) => l.startsWith('unused-46-days,')) as string;
    const p = problem(`${text.trimEnd()}\n${row}\n`);
    expect(p.kind).toBe('value');
    expect(p.message).toBe('Line 14 of the credential report repeats user "unused-46-days" of line 4; AWS writes one row per user.');
    // The same name under another path is the same user of the account.
    expect(problem(`${text.trimEnd()}\n${row.replace('user/unused-46-days', 'user/ops/unused-46-days')}\n`).message).toContain('repeats user "unused-46-days" of line 4');
  });

  it('refuses a date more than a day after the time ages count from: the ages would be negative and no age finding could fire', () => {
    const text = readReport('thresholds.csv');
    const later = text.replace('2025-05-15T00:00:00+00:00', '2025-07-02T09:00:00+00:00');
    const withOrigin = (asOfOrigin: string) => parseCredentialReport(later, { ...OPTIONS, asOfOrigin });
    const asOf = withOrigin('--as-of');
    expect(asOf.ok ? null : asOf.error).toEqual({
      kind: 'value',
      message: 'Line 4 (user "unused-46-days") of the credential report has 2025-07-02T09:00:00+00:00 in column access_key_1_last_used_date, later than --as-of (2025-06-30T00:00:00Z): ages counted from it would be negative, so no finding on age or use could fire.',
      hint: 'Give an --as-of on or after the day AWS generated the report, or leave it out to count from now.',
    });
    const now = withOrigin('the time of the review, no --as-of given');
    expect(now.ok ? null : now.error.hint).toBe("Check this machine's clock (date -u), or give --as-of with the time AWS generated the report.");
    expect(now.ok ? null : now.error.message).toContain('later than the time of the review (2025-06-30T00:00:00Z)');
    // A fetched report's GeneratedTime is AWS's stamp, taken as given.
    expect(withOrigin('GeneratedTime').ok).toBe(true);
    // Within a day of it is kept (a date-only --as-of is midnight UTC; a report generated that day has later times),
    // and password_next_rotation is a date to come, never refused.
    expect(parseCredentialReport(text.replace('2025-05-15T00:00:00+00:00', '2025-06-30T23:59:00+00:00'), OPTIONS).ok).toBe(true);
    const header = CREDENTIAL_REPORT_COLUMNS.join(',');
    const nextRotation = CREDENTIAL_REPORT_COLUMNS.map((c) => ({ user: 'alice', arn: 'arn:aws:iam::123456789012:user/alice', user_creation_time: '2024-01-01T00:00:00+00:00', password_enabled: 'true', password_last_used: 'N/A', password_last_changed: '2024-01-01T00:00:00+00:00', password_next_rotation: '2026-01-01T00:00:00+00:00' } as Record<string, string>)[c] ?? (c.endsWith('_active') || c === 'mfa_active' ? 'false' : 'N/A'));
    expect(parseCredentialReport(`${header}\n${nextRotation.join(',')}\n`, OPTIONS)).toMatchObject({ ok: true });
  });

  it('accepts a report with a header and no users', () => {
    expect(parsed(`${CREDENTIAL_REPORT_COLUMNS.join(',')}\n`).keys).toEqual([]);
  });
});
