import { describe, expect, it } from 'vitest';
import { CHECKS } from './model.js';
import { parseCsv } from './csv.js';
import { CSV_COLUMNS, formatCsv, guardCell } from './format-csv.js';
import { formatJson, toReviewDocument } from './format-json.js';
import { escapeMarkdown, formatMarkdown } from './format-markdown.js';
import { formatOcsf, toOcsf } from './format-ocsf.js';
import { FINGERPRINT, toSarif } from './format-sarif.js';
import { formatReport, REPORT_FORMATS } from './formats.js';
import { maskText } from './present.js';
import { runReview } from './report.js';
import { formatFixture, HOSTILE, HOSTILE_SHOWN, hostileFixture, NASTY_PROFILE, WHOLE_IDS } from './format-fixture.js';
import { AS_OF } from './test-kit.js';

const report = formatFixture();
// What a terminal acts on or a page reorders, but the tab and line feed the formats write themselves.
// eslint-disable-next-line no-control-regex -- the point of the check
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('report formats', () => {
  it('masks a key id joined to other text by an underscore or letters (a user svc_AKIA…, a profile keyAKIA…)', () => {
    const id = WHOLE_IDS[1];
    for (const text of [`svc_${id}`, `key${id}`, `${id}old`, `${id}_2`]) {
      expect(maskText(text), text).not.toContain(id);
      expect(maskText(text)).toContain(`${id.slice(0, 4)}************${id.slice(-4)}`);
    }
    // Not a key id: a longer run of capitals and digits that only contains AKIA, and ids of other things.
    expect(maskText('XAKIAIOSFODNN7EXAMPLE')).toBe('XAKIAIOSFODNN7EXAMPLE');
    expect(maskText('AIDAIOSFODNN7EXAMPLE')).toBe('AIDAIOSFODNN7EXAMPLE');
  });

  it('masks every key id in every format unless unmasked', () => {
    for (const format of REPORT_FORMATS) {
      const masked = formatReport(report, format);
      for (const id of WHOLE_IDS) expect(masked, format).not.toContain(id);
      expect(masked, format).toContain(`${WHOLE_IDS[1].slice(0, 4)}************${WHOLE_IDS[1].slice(-4)}`);
      const whole = formatReport(report, format, { unmask: true });
      expect(whole, format).toContain(WHOLE_IDS[1]);
    }
  });

  it('writes JSON in its documented shape', () => {
    const doc = JSON.parse(formatJson(report));
    expect(Object.keys(doc)).toEqual(['Review', 'Summary', 'Findings', 'Resolved', 'NotReviewed']);
    expect(Object.keys(doc.Review)).toEqual(['GeneratedAt', 'Offline', 'Sources', 'Thresholds', 'ComparedWith', 'IdKeyFingerprint']);
    expect(doc.Review).toMatchObject({ GeneratedAt: AS_OF, Offline: true, Thresholds: { UnusedDays: 45, RotationDays: 90, StaleDays: 30, Accounts: ['111122223333'] } });
    expect(doc.Review.Sources).toEqual([
      { Kind: 'credential-report', Label: 'thresholds.csv', DataAsOf: AS_OF, AsOfOrigin: '--as-of', Keys: 12 },
      { Kind: 'profile', Label: 'saved profiles', DataAsOf: AS_OF, AsOfOrigin: null, Keys: 3 },
    ]);
    // Root (critical, its suppression expired); canary + unexpected account (high); four medium, one of them muted;
    // at setup (low); a stale check (info; the canary key, never checked on purpose, is not one).
    expect(doc.Summary).toEqual({ Critical: 1, High: 2, Medium: 4, Low: 1, Info: 1, Muted: 1 });
    const fields = ['Id', 'Check', 'Severity', 'Title', 'Resource', 'Detail', 'Evidence', 'Remediation', 'Compliance', 'DataAsOf', 'Source', 'Status', 'Muted', 'Notes'];
    for (const f of doc.Findings) expect(Object.keys(f).sort()).toEqual([...fields].sort());
    expect(doc.Findings.map((f: { Severity: string }) => f.Severity)).toEqual(['critical', 'high', 'high', 'medium', 'medium', 'medium', 'medium', 'medium', 'low', 'info']);
    expect(doc.Findings.find((f: { Check: string }) => f.Check === 'canary-key').Status).toBe('new');
    expect(doc.Resolved).toEqual([expect.objectContaining({ Id: 'f'.repeat(32), Resource: expect.objectContaining({ User: 'gone' }) })]);
  });

  it('writes CSV that its parser reads back, one row per finding, formulas neutralised', () => {
    const rows = parseCsv(formatCsv(report));
    if (!rows.ok) throw new Error(rows.error.message);
    const [header, ...body] = rows.value;
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(body).toHaveLength(report.findings.length);
    const at = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(body.map((r) => r[at('Id')])).toEqual(report.findings.map((f) => f.Id));
    const nasty = body.find((r) => r[at('Check')] === 'invalid-key-saved');
    expect(nasty?.[at('Profile')]).toBe(`'${NASTY_PROFILE}`);
    expect(JSON.parse(nasty?.[at('Evidence')] ?? '')).toMatchObject({ LastCheckCategory: 'invalid-secret' });
    const muted = body.find((r) => r[at('Check')] === 'multiple-active-keys');
    expect([muted?.[at('Muted')], muted?.[at('MutedReason')], muted?.[at('CIS-5.0')]]).toEqual(['true', 'rotation under way', '1.12']);
    expect(formatCsv(report)).toMatch(/\r\n$/);
    expect(guardCell('-1')).toBe("'-1");
    expect(guardCell('alice')).toBe('alice');
  });

  it('neutralises a formula behind leading whitespace, which some spreadsheets trim before evaluating', () => {
    for (const cell of [' =cmd|\' /C calc\'!A0', '  +1', '\u00A0-2', '\n@SUM(A1)', ' \t=1', '\u3000=1']) expect(guardCell(cell), JSON.stringify(cell)).toBe(`'${cell}`);
    for (const cell of [' alice', 'a =b', ' ', '']) expect(guardCell(cell), JSON.stringify(cell)).toBe(cell);
  });

  it('writes Markdown a reviewer can hand on, with values escaped', () => {
    const md = formatMarkdown(report);
    expect(md).toMatch(/^# keyscope security review\n/);
    expect(md).toContain('| thresholds.csv | credential-report | 2025-06-30T00:00:00Z (--as-of) | 12 |');
    expect(md).toContain('| Critical | 1 |');
    expect(md).toContain('| Muted | 1 |');
    expect(md).toContain('Compared with the review of 2025-05-30: 2 new, 8 unchanged, 1 resolved.');
    // Findings of the earlier review about what this one did not read: neither resolved nor new, and counted.
    const carried = formatMarkdown({ ...report, notReviewed: [...report.resolved, ...report.resolved] });
    expect(carried).toContain('Compared with the review of 2025-05-30: 2 new, 8 unchanged, 1 resolved, 2 not reviewed this time (about what this review did not read or could not tell: kept for the next review that tells them).');
    expect(md.indexOf('### Critical (1)')).toBeLessThan(md.indexOf('### High (2)'));
    expect(md).toContain('- **Remediation:** Sign in as the root user');
    expect(md).toContain('- **CIS AWS Foundations Benchmark:** v3.0 1.4 · v4.0 1.4 · v5.0 1.3 · v6.0 2.3');
    expect(md).toContain('- **Muted:** rotation under way (until 2025-07-15)');
    expect(md).toContain('- **Note:** A suppression (old exception) expired on 2025-01-01; the finding counts again.');
    expect(md).toContain('## Resolved since the last review');
    expect(md).toContain('user \\<root\\_account\\>');
    expect(md).toContain(escapeMarkdown(NASTY_PROFILE));
    expect(md).not.toContain('[a](http://e)');
    expect(md).not.toContain('http://');
    expect(md).not.toContain('<b>');
    expect(escapeMarkdown('a|b\nc')).toBe('a\\|b c');
  });

  it('writes SARIF 2.1.0 with a rule per check, severities, levels, fingerprints and suppressions', () => {
    const log = toSarif(report);
    const run = log.runs[0];
    expect(log.version).toBe('2.1.0');
    expect(run?.tool.driver.rules?.map((r) => r.id)).toEqual([...CHECKS]);
    const sev = Object.fromEntries((run?.tool.driver.rules ?? []).map((r) => [r.id, r.properties?.['security-severity']]));
    expect(sev).toMatchObject({ 'root-access-key': '9.0', 'canary-key': '7.0', 'access-key-unused': '4.0', 'access-key-at-setup': '2.0', 'stale-check': '0.0' });
    const levels = Object.fromEntries((run?.results ?? []).map((r) => [r.ruleId, r.level]));
    expect(levels).toMatchObject({ 'root-access-key': 'error', 'canary-key': 'error', 'access-key-unused': 'warning', 'access-key-at-setup': 'note', 'stale-check': 'note' });
    expect(run?.results?.map((r) => r.partialFingerprints?.[FINGERPRINT])).toEqual(report.findings.map((f) => f.Id));
    const muted = run?.results?.find((r) => r.ruleId === 'multiple-active-keys');
    expect(muted?.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'rotation under way' }]);
    expect(run?.results?.find((r) => r.ruleId === 'canary-key')?.baselineState).toBe('new');
  });

  it('writes OCSF Detection Findings', () => {
    const events = toOcsf(report);
    expect(events).toHaveLength(report.findings.length);
    const root = events.find((e) => e.finding_info.types[0] === 'root-access-key');
    expect(root).toMatchObject({ class_uid: 2004, category_uid: 2, type_uid: 200401, activity_id: 1, severity_id: 5, severity: 'Critical', status_id: 1, time: Date.parse(AS_OF), cloud: { provider: 'AWS', account: { uid: '111122223333' } }, metadata: { version: '1.3.0', product: { name: 'keyscope' } } });
    expect(root?.finding_info.uid).toBe(report.findings[0]?.Id);
    expect(events.find((e) => e.finding_info.types[0] === 'multiple-active-keys')).toMatchObject({ status_id: 3, status: 'Suppressed', severity_id: 3 });
    expect(events.find((e) => e.finding_info.types[0] === 'stale-check')?.severity_id).toBe(1);
    expect(JSON.parse(formatOcsf(report))).toHaveLength(events.length);
  });

  it('shows control and bidi characters from any source as visible escapes in Markdown and CSV, as the table does', () => {
    const hostile = hostileFixture();
    for (const unmask of [false, true]) {
      expect(formatMarkdown(hostile, { unmask })).not.toMatch(RAW);
      // RFC 4180 ends rows with CRLF; nothing else may hold a CR.
      expect(formatCsv(hostile, { unmask }).replace(/\r\n/g, '\n')).not.toMatch(RAW);
    }
    const rows = parseCsv(formatCsv(hostile, { unmask: true }));
    if (!rows.ok) throw new Error(rows.error.message);
    const [header = [], ...body] = rows.value;
    const cell = (check: string, column: (typeof CSV_COLUMNS)[number]) => body.find((r) => r[header.indexOf('Check')] === check)?.[header.indexOf(column)];
    expect([cell('access-key-unused', 'User'), cell('access-key-unused', 'Profile'), cell('access-key-not-rotated', 'MutedReason'), cell('invalid-key-saved', 'AccessKeyId')]).toEqual([HOSTILE_SHOWN, HOSTILE_SHOWN, HOSTILE_SHOWN, `${HOSTILE_SHOWN}AKIA`]);
    expect(cell('access-key-unused', 'Notes')).toBe(`A suppression (${HOSTILE_SHOWN}) expired on 2025-01-01; the finding counts again.`);
    // Evidence stays JSON, its values exact: the escapes are JSON's own.
    expect(JSON.parse(cell('access-key-unused', 'Evidence') ?? '')).toMatchObject({ LastUsedService: HOSTILE, LastUsedRegion: HOSTILE });
    // Escaping does not undo the formula guard.
    expect(formatCsv(runReview({ sources: [{ kind: 'key-list', label: `=1+1${HOSTILE}`, dataAsOf: AS_OF, keys: [] }], idKey: 'k', generatedAt: AS_OF, offline: true }))).not.toMatch(/(^|,)=1\+1/m);
  });

  it('writes C1 and bidi characters as \\u escapes in JSON, SARIF and OCSF, as the README promises, the values unchanged', () => {
    const hostile = hostileFixture();
    const objects = { json: toReviewDocument(hostile, { unmask: true }), sarif: toSarif(hostile, { unmask: true }), ocsf: toOcsf(hostile, { unmask: true }) };
    for (const [format, object] of Object.entries(objects)) {
      const text = formatReport(hostile, format as keyof typeof objects, { unmask: true });
      expect(text, format).not.toMatch(RAW);
      expect(text, format).toContain('x\\u202e\\u001b[31m\\u0085\\u2066\\u061cy');
      expect(JSON.parse(text), format).toEqual(JSON.parse(JSON.stringify(object)));
    }
    const doc = JSON.parse(formatJson(hostile, { unmask: true }));
    expect(doc.Findings.find((f: { Check: string }) => f.Check === 'access-key-unused').Resource).toMatchObject({ User: HOSTILE, Profile: HOSTILE });
    expect([doc.Review.Sources[0].Label, doc.Review.ComparedWith, doc.Resolved[0].Title]).toEqual([HOSTILE, HOSTILE, HOSTILE]);
  });
});
