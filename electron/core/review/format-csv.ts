/**
 * The CSV report: RFC 4180 (through csv.ts), one row per finding, fixed columns in a fixed order. Evidence is a JSON
 * object in one cell. A cell that a spreadsheet would run as a formula (starting with = + - @, a tab or CR, or with
 * = + - @ after whitespace) gets a leading apostrophe, as OWASP advises: names in a report come from other people's
 * accounts. Control and bidi characters are written as visible escapes (`\x1b`, `\u202e`), as the terminal table
 * shows them: a reviewer may `cat` the file, and a right-to-left override reorders a name in a spreadsheet. Evidence's
 * JSON uses JSON's own escapes, so it stays JSON.
 */

import { escapeControls, safeJson } from '../safe-text.js';
import { stringifyCsv } from './csv.js';
import type { ReviewFinding, ReviewReport } from './finding.js';
import { type FormatOptions, presentReport } from './present.js';

/** The columns, in order. */
export const CSV_COLUMNS = [
  'Id',
  'Status',
  'Muted',
  'MutedReason',
  'MutedExpires',
  'Severity',
  'Check',
  'Title',
  'Account',
  'User',
  'AccessKeyId',
  'KeySlot',
  'Profile',
  'Detail',
  'Evidence',
  'Remediation',
  'CIS-3.0',
  'CIS-4.0',
  'CIS-5.0',
  'CIS-6.0',
  'DataAsOf',
  'Source',
  'Notes',
] as const;

/**
 * A cell a spreadsheet would evaluate: starting with = + - @, a tab or CR (OWASP CSV injection), or with = + - @ after
 * leading whitespace, which some trim before evaluating (Google Sheets; LibreOffice with its trim-spaces import option).
 * https://owasp.org/www-community/attacks/CSV_Injection
 */
const FORMULA = /^(?:[\t\r]|\s*[=+\-@])/;

/** Neutralises a cell a spreadsheet would evaluate. */
export function guardCell(value: string): string {
  return FORMULA.test(value) ? `'${value}` : value;
}

function row(f: ReviewFinding): string[] {
  const cis = (v: string): string => (f.Compliance[`CIS-${v}`] ?? []).join(' ');
  const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
    Id: f.Id,
    Status: f.Status,
    Muted: f.Muted ? 'true' : 'false',
    MutedReason: f.Muted?.Reason ?? '',
    MutedExpires: f.Muted?.Expires ?? '',
    Severity: f.Severity,
    Check: f.Check,
    Title: f.Title,
    Account: f.Resource.Account ?? '',
    User: f.Resource.User ?? '',
    AccessKeyId: f.Resource.AccessKeyId ?? '',
    KeySlot: f.Resource.KeySlot ?? '',
    Profile: f.Resource.Profile ?? '',
    Detail: f.Detail,
    // JSON's own escapes, so the cell stays JSON (a C1 control as \x85 would not be).
    Evidence: safeJson(f.Evidence, 0),
    Remediation: f.Remediation,
    'CIS-3.0': cis('3.0'),
    'CIS-4.0': cis('4.0'),
    'CIS-5.0': cis('5.0'),
    'CIS-6.0': cis('6.0'),
    DataAsOf: f.DataAsOf,
    Source: f.Source,
    Notes: f.Notes.join(' '),
  };
  return CSV_COLUMNS.map((c) => guardCell(escapeControls(cells[c])));
}

/** The CSV report: a header row, then one row per finding (masked unless `unmask`). */
export function formatCsv(report: ReviewReport, options: FormatOptions = {}): string {
  const shown = presentReport(report, options);
  return stringifyCsv([[...CSV_COLUMNS], ...shown.findings.map(row)]);
}
