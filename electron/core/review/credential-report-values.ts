/**
 * The credential report's columns and the values AWS writes in each (DESIGN.md): `N/A` for unused or absent values,
 * `no_information` for a password used before AWS tracked it, `not_supported` for the root user's password fields.
 */

import { err, ok, type Result } from '../../../shared/result.js';
import { isZonedIsoTime } from './iso-time.js';

/** The 22 columns of an IAM credential report, in AWS's order. */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/** Why a credential report cannot be read: what happened and what to do. */
export interface ReportProblem {
  readonly kind: 'too-large' | 'encoding' | 'csv' | 'empty' | 'columns' | 'value';
  readonly message: string;
  readonly hint: string;
}

/** Builds a ReportProblem. */
export const reportProblem = (kind: ReportProblem['kind'], message: string, hint: string): ReportProblem => ({ kind, message, hint });

type Rule = 'user|<root_account>' | 'arn' | 'date' | 'bool' | 'date|N/A' | 'date|N/A|no_information' | 'date|N/A|not_supported' | 'bool|not_supported' | 'text|N/A';

const RULES: Readonly<Record<(typeof CREDENTIAL_REPORT_COLUMNS)[number], Rule>> = {
  user: 'user|<root_account>',
  arn: 'arn',
  user_creation_time: 'date',
  password_enabled: 'bool|not_supported',
  password_last_used: 'date|N/A|no_information',
  password_last_changed: 'date|N/A|not_supported',
  password_next_rotation: 'date|N/A|not_supported',
  mfa_active: 'bool',
  access_key_1_active: 'bool',
  access_key_1_last_rotated: 'date|N/A',
  access_key_1_last_used_date: 'date|N/A',
  access_key_1_last_used_region: 'text|N/A',
  access_key_1_last_used_service: 'text|N/A',
  access_key_2_active: 'bool',
  access_key_2_last_rotated: 'date|N/A',
  access_key_2_last_used_date: 'date|N/A',
  access_key_2_last_used_region: 'text|N/A',
  access_key_2_last_used_service: 'text|N/A',
  cert_1_active: 'bool',
  cert_1_last_rotated: 'date|N/A',
  cert_2_active: 'bool',
  cert_2_last_rotated: 'date|N/A',
};

/**
 * A root or user ARN, its account captured. IAM paths and names are printable ASCII (IAM's API reference): anything
 * else, a right-to-left override or a terminal escape, was written by something other than AWS.
 */
export const REPORT_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):(?:root|user\/[\x21-\x7e]+)$/;

/** An IAM user name as IAM's API reference gives it: 1 to 64 ASCII letters, digits and _+=,.@- . */
const USER_NAME = /^[A-Za-z0-9_+=,.@-]{1,64}$/;
/** The first character no user name holds. */
const NOT_IN_USER_NAME = /[^A-Za-z0-9_+=,.@-]/;
/** The first character of any other value that is neither printable ASCII nor a space. */
const NOT_PRINTABLE = /[^\x20-\x7e]/;
/** Service and region names, as AWS writes them: printable ASCII, no space. */
const NAME = /^[\x21-\x7e]+$/;

// A real day and time with its zone: Date.parse alone rolled 2025-02-30 over to March 2.
const isDate = (v: string): boolean => /T\d{2}:\d{2}:\d{2}/.test(v) && isZonedIsoTime(v);

/** Each rule read once: its base and the special values it also takes. */
const PARTS = new Map<string, { base: string; specials: readonly string[] }>();
function partsOf(rule: Rule): { base: string; specials: readonly string[] } {
  let parts = PARTS.get(rule);
  if (!parts) {
    const [base = '', ...specials] = rule.split('|');
    parts = { base, specials };
    PARTS.set(rule, parts);
  }
  return parts;
}

function fits(rule: Rule, value: string): boolean {
  const { base, specials } = partsOf(rule);
  if (specials.includes(value)) return true;
  switch (base) {
    case 'user':
      return USER_NAME.test(value);
    case 'text':
      return NAME.test(value);
    case 'arn':
      return REPORT_ARN.test(value);
    case 'date':
      return isDate(value);
    default:
      return value === 'true' || value === 'false';
  }
}

function expected(rule: Rule): string {
  const [base, ...specials] = rule.split('|');
  const words: Readonly<Record<string, string>> = {
    user: 'an IAM user name (1 to 64 ASCII letters, digits and _+=,.@-)',
    text: 'a name in printable ASCII',
    arn: 'an IAM user or root ARN (printable ASCII)',
    date: 'an ISO 8601 date',
    bool: 'true or false',
  };
  return [words[base ?? ''] ?? base, ...specials].join(' or ');
}

// A column is named only when it reads as one (AWS's are snake_case words): a file of ID,SECRET pairs given as a
// report has a key id and a secret for a header. A run of 16 letters and digits is a key id or part of a secret.
const mayBeSecret = (text: string): boolean => /[A-Za-z0-9]{16}/.test(text);
const columnShown = (name: string): boolean => /^[A-Za-z][A-Za-z0-9_ ]{0,59}$/.test(name) && !mayBeSecret(name);

function unknownColumns(unknown: readonly string[]): string {
  const shown = unknown.filter(columnShown).map((u) => JSON.stringify(u));
  const hidden = unknown.length - shown.length;
  const withheld = hidden === 0 ? [] : [`${hidden} not shown (${hidden === 1 ? 'it does' : 'they do'} not read as a column name and may hold a key id or a secret)`];
  return `${unknown.length === 1 ? 'a column' : 'columns'} keyscope does not know: ${[...shown, ...withheld].join(', ')}`;
}

/** Checks the header: every column AWS writes, and no other. Returns the header's names in file order. */
export function checkHeader(header: readonly string[]): Result<string[], ReportProblem> {
  const names = header.map((h) => h.trim());
  const known = new Set<string>(CREDENTIAL_REPORT_COLUMNS);
  const missing = CREDENTIAL_REPORT_COLUMNS.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => !known.has(n));
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (missing.length + unknown.length + repeated.length === 0) return ok(names);
  const parts: string[] = [];
  if (missing.length) parts.push(`missing ${missing.length === 1 ? 'column' : 'columns'} ${missing.join(', ')}`);
  if (unknown.length) parts.push(unknownColumns(unknown));
  if (repeated.length) parts.push(`repeated ${repeated.length === 1 ? 'column' : 'columns'} ${repeated.join(', ')}`);
  const keyList = unknown.some((u) => !columnShown(u)) ? ' A list of key ids or of ID,SECRET pairs is a key list, not a report: give it as a key list (review --keys).' : '';
  return err(reportProblem('columns', `This is not an IAM credential report as keyscope knows it: ${parts.join('; ')}.`, `Give the CSV file exactly as AWS produces it, with its ${CREDENTIAL_REPORT_COLUMNS.length} columns (aws iam get-credential-report).${keyList}`));
}

// A user is named only once it reads as a user name: a value that does not may be a secret, or reorder the line.
const whoOf = (row: Readonly<Record<string, string>>): string => (row.user && fits(RULES.user, row.user) ? ` (user ${JSON.stringify(row.user)})` : '');

const codePoint = (c: string): string => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * How a value that does not fit is named. A user is never quoted, nor a value that reads as a key id or a secret (as
 * header cells), so a secret pasted in its place is not repeated; nor a value holding a character that would not show
 * as it is (a control or bidi character, a line break): the first such character is named by its code point.
 */
function foundValue(column: string, value: string): string {
  if (value === '') return 'an empty value';
  const odd = (column === 'user' ? NOT_IN_USER_NAME : NOT_PRINTABLE).exec(value)?.[0];
  if (odd !== undefined) return `a value holding ${codePoint(odd)} (not quoted)`;
  if (column === 'user' || mayBeSecret(value)) return `a value of ${value.length} characters (not quoted)`;
  return JSON.stringify(value.slice(0, 40));
}

/** Checks one row's values against what AWS writes; `line` is the row's line in the file. */
export function checkRow(row: Readonly<Record<string, string>>, line: number): Result<void, ReportProblem> {
  for (const column of CREDENTIAL_REPORT_COLUMNS) {
    const value = row[column] ?? '';
    const rule = RULES[column];
    if (fits(rule, value)) continue;
    return err(reportProblem('value', `Line ${line}${whoOf(row)} of the credential report has ${foundValue(column, value)} in column ${column}, where AWS writes ${expected(rule)}.`, 'Give the CSV file exactly as AWS produces it; a file edited by hand or by a spreadsheet may have changed its values.'));
  }
  return ok(undefined);
}

/** The columns that record something done, so never later than the report's own time (not password_next_rotation). */
const PAST_DATES = CREDENTIAL_REPORT_COLUMNS.filter((c) => RULES[c].startsWith('date') && c !== 'password_next_rotation');

/** How much later than the data's time a date may be: a date-only --as-of is midnight UTC, AWS's times that day later. */
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Checks that no date of a row is more than a day later than the time ages count from (`asOf`): ages counted from an
 * earlier time are negative, and a review with no age finding would look clean. Only a time the user can change is
 * checked, --as-of or this machine's clock (`origin` says which); a fetched report's GeneratedTime is AWS's own stamp
 * and is taken as it is given (moto gives 2015-02-02T20:02:02Z for every report).
 */
export function checkRowDates(row: Readonly<Record<string, string>>, line: number, asOf: string, origin: 'as-of' | 'clock'): Result<void, ReportProblem> {
  const limit = Date.parse(asOf) + DAY_MS;
  for (const column of PAST_DATES) {
    const value = row[column] ?? '';
    if (!isDate(value) || !(Date.parse(value) > limit)) continue;
    const [from, hint] =
      origin === 'as-of'
        ? ['--as-of', 'Give an --as-of on or after the day AWS generated the report, or leave it out to count from now.']
        : ['the time of the review', "Check this machine's clock (date -u), or give --as-of with the time AWS generated the report."];
    return err(reportProblem('value', `Line ${line}${whoOf(row)} of the credential report has ${value} in column ${column}, later than ${from} (${asOf}): ages counted from it would be negative, so no finding on age or use could fire.`, hint));
  }
  return ok(undefined);
}
