/**
 * Reads an IAM credential report (the CSV of GetCredentialReport, or a file saved from the console or the CLI) into
 * reviewed keys. Columns are found by name; every value the engine relies on is checked against what AWS writes,
 * so a damaged or foreign file is refused with the row and column named instead of producing wrong findings.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 */

import { err, ok, type Result } from '../../../shared/result.js';
import { parseCsvRecords } from './csv.js';
import { checkHeader, checkRow, checkRowDates, REPORT_ARN, type ReportProblem, reportProblem } from './credential-report-values.js';
import type { LastUse, ReviewedKey, SourceData } from './model.js';
import { type SavedKeyChecks, withOwnChecks } from './report-own-use.js';

export type { ReportProblem } from './credential-report-values.js';
export { CREDENTIAL_REPORT_COLUMNS } from './credential-report-values.js';

/** The largest report read (20 MiB): far above a 5,000-user account's report, small enough to hold in memory. */
export const MAX_REPORT_BYTES = 20 * 1024 * 1024;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The root user's row names it this way. */
export const ROOT_ACCOUNT_USER = '<root_account>';

/** What the caller knows about the report besides its text. */
export interface CredentialReportOptions {
  /** How the report is named in the review (a file name, "fetched with NAME"). */
  readonly label: string;
  /** The report's own time: GeneratedTime when fetched, --as-of for a file, else the time of the review. */
  readonly dataAsOf: string;
  readonly asOfOrigin?: string;
  /** The saved keys' checks (savedKeyChecks): a row's last use that is one of them is keyscope's own, not the owner's. */
  readonly savedKeys?: readonly SavedKeyChecks[];
}

function decode(input: string | Uint8Array): Result<string, ReportProblem> {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > MAX_REPORT_BYTES) {
    const mib = (size / 1024 / 1024).toFixed(1);
    return err(reportProblem('too-large', `The credential report is ${mib} MiB; keyscope reads reports up to 20 MiB.`, 'Check that this is an IAM credential report; split a larger file by users if it really is one.'));
  }
  if (typeof input === 'string') return ok(input);
  try {
    // TextDecoder drops a UTF-8 byte order mark itself; csv-parse drops one left in a string.
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(input));
  } catch {
    return err(reportProblem('encoding', 'The credential report is not UTF-8 text.', 'Give the CSV file as AWS produces it (aws iam get-credential-report, then base64-decode Content).'));
  }
}

const na = (value: string): string | null => (value === 'N/A' ? null : value);

function keysOfRow(row: Readonly<Record<string, string>>): ReviewedKey[] {
  const user = row.user ?? '';
  const account = REPORT_ARN.exec(row.arn ?? '')?.[1];
  const isRoot = user === ROOT_ACCOUNT_USER;
  const password = row.password_enabled;
  const keys: ReviewedKey[] = [];
  for (const slot of [1, 2] as const) {
    const active = row[`access_key_${slot}_active`] === 'true';
    const lastRotatedAt = na(row[`access_key_${slot}_last_rotated`] ?? 'N/A');
    // An inactive slot without a date holds no key at all.
    if (!active && lastRotatedAt === null) continue;
    const lastUsed: LastUse = {
      date: na(row[`access_key_${slot}_last_used_date`] ?? 'N/A'),
      service: na(row[`access_key_${slot}_last_used_service`] ?? 'N/A'),
      region: na(row[`access_key_${slot}_last_used_region`] ?? 'N/A'),
    };
    keys.push({
      source: 'credential-report',
      slot,
      user,
      isRoot,
      active,
      lastUsed,
      ...(account ? { account } : {}),
      ...(lastRotatedAt ? { lastRotatedAt } : {}),
      // The root row says not_supported: whether root has a password is not reported.
      ...(password === 'true' || password === 'false' ? { passwordEnabled: password === 'true' } : {}),
    });
  }
  return keys;
}

/** The accounts a credential report's rows name (its keys' accounts, for a source that does not list them). */
export function reportAccounts(source: SourceData): readonly string[] {
  return source.accounts ?? [...new Set(source.keys.flatMap((k) => (k.account ? [k.account] : [])))];
}

/** Parses a credential report into a review source, or says plainly what is wrong with it. */
export function parseCredentialReport(input: string | Uint8Array, options: CredentialReportOptions): Result<SourceData, ReportProblem> {
  const text = decode(input);
  if (!text.ok) return text;
  const rows = parseCsvRecords(text.value);
  if (!rows.ok) return err(reportProblem('csv', rows.error.message.replace('The file', 'The credential report'), 'Give the CSV file exactly as AWS produces it.'));
  const [head, ...body] = rows.value;
  const header = head?.cells;
  if (!header) return err(reportProblem('empty', 'The credential report is empty.', 'Give the CSV file as AWS produces it: a header row, then one row per user.'));
  const columns = checkHeader(header);
  if (!columns.ok) return columns;
  const keys: ReviewedKey[] = [];
  // The latest time the report can be of: AWS's GeneratedTime as given; a day past --as-of, which may be a date's midnight.
  const latest = Date.parse(options.dataAsOf) + (options.asOfOrigin === 'GeneratedTime' ? 0 : DAY_MS);
  // AWS writes one row per user; a second would be read as the user's other key (a false multiple-active-keys).
  const lineOf = new Map<string, number>();
  const accounts = new Set<string>();
  for (const { line, cells } of body) {
    const row: Record<string, string> = {};
    for (const [i, name] of columns.value.entries()) row[name] = cells[i] ?? '';
    const checked = checkRow(row, line);
    if (!checked.ok) return checked;
    const dated = options.asOfOrigin === 'GeneratedTime' ? ok(undefined) : checkRowDates(row, line, options.dataAsOf, options.asOfOrigin === '--as-of' ? 'as-of' : 'clock');
    if (!dated.ok) return dated;
    // By account and name, as the checks group keys (a name is unique in an account, whatever the ARN's path).
    const account = REPORT_ARN.exec(row.arn ?? '')?.[1];
    const who = `${account ?? ''}/${row.user ?? ''}`;
    const first = lineOf.get(who);
    if (first !== undefined) {
      return err(reportProblem('value', `Line ${line} of the credential report repeats user ${JSON.stringify((row.user ?? '').slice(0, 64))} of line ${first}; AWS writes one row per user.`, 'Give the CSV file exactly as AWS produces it; a file edited by hand or joined from several may repeat rows. Review two accounts\' reports as two files.'));
    }
    lineOf.set(who, line);
    if (account) accounts.add(account);
    keys.push(...withOwnChecks(keysOfRow(row), account, row.user ?? '', latest, options.savedKeys ?? []));
  }
  return ok({ kind: 'credential-report', label: options.label, dataAsOf: options.dataAsOf, ...(options.asOfOrigin ? { asOfOrigin: options.asOfOrigin } : {}), keys, accounts: [...accounts] });
}
