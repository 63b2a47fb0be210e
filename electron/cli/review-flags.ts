/** `keyscope review`'s flags, read and checked before anything is opened or sent (bad usage is exit 2). */
import { parseFailOn, type FailOn } from '../core/review/compare.js';
import { REPORT_FORMATS, type ReportFormat } from '../core/review/formats.js';
import { isoTimeAdvice, parseIsoTime } from '../core/review/iso-time.js';
import type { Thresholds } from '../core/review/model.js';
import { intValue } from './args.js';
import { UsageError } from './io.js';

/** The flags as commander gives them. */
export interface ReviewFlags {
  readonly offline?: boolean;
  readonly outputFile?: string;
  readonly failOn?: string;
  readonly unusedDays?: string;
  readonly rotationDays?: string;
  readonly staleDays?: string;
  readonly accounts?: string;
  readonly asOf?: string;
  readonly baseline?: string;
  readonly suppressions?: string;
  readonly credentialReport?: readonly string[];
  readonly keys?: string;
  readonly fetchCredentialReport?: boolean;
  readonly profile?: string;
  readonly auditWith?: string;
  /** --no-profiles sets it false. */
  readonly profiles?: boolean;
  readonly listReports?: boolean;
  readonly recheck?: boolean;
  readonly check?: boolean;
}

/** The review's output formats: the terminal table and every file format. */
export type ReviewFormat = ReportFormat | 'table';
export const REVIEW_FORMATS: readonly ReviewFormat[] = ['table', ...REPORT_FORMATS];

/** What the flags ask for, checked. */
export interface ReviewPlan {
  readonly format: ReviewFormat;
  readonly failOn: FailOn;
  readonly thresholds: Partial<Thresholds>;
  readonly asOf?: string;
  /** Whether anything would use the network. */
  readonly online: boolean;
}

function days(flag: string, value: string | undefined): number | undefined {
  const n = intValue(flag, value);
  if (n !== undefined && (n < 1 || n > 36500)) throw new UsageError(`${flag} must be a whole number of days from 1 to 36500; got "${value}".`);
  return n;
}

function accountsOf(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(/[\s,]+/).filter(Boolean);
  const bad = list.find((a) => !/^\d{12}$/.test(a));
  if (list.length === 0 || bad !== undefined) throw new UsageError(`--accounts takes 12-digit account ids separated by commas${bad !== undefined ? `; "${bad}" is not one` : ''}.`, 'For example: --accounts 111122223333,444455556666');
  return list;
}

/**
 * Checks the flags. `format` is the --output given on the command line, or undefined: then table on a terminal
 * (unless --output-file), json otherwise.
 */
export function readReviewFlags(flags: ReviewFlags, given: string | undefined, stdoutIsTTY: boolean): ReviewPlan {
  // The table is for a terminal: a report written to a file is JSON unless --output says otherwise.
  const format = (given ?? (stdoutIsTTY && !flags.outputFile ? 'table' : 'json')) as ReviewFormat;
  if (!REVIEW_FORMATS.includes(format)) throw new UsageError(`keyscope review writes ${REVIEW_FORMATS.join(', ')}; not "${given}".`, 'Pick one of them with --output.');
  if (format === 'table' && flags.outputFile) throw new UsageError('The table is for the terminal: --output-file needs json, csv, markdown, sarif or ocsf.', 'Add --output markdown (or another file format).');
  const failOn = parseFailOn(flags.failOn ?? 'none');
  if (failOn === null) throw new UsageError(`--fail-on takes none, critical, high, medium, low or info; got "${flags.failOn}".`);
  const online = Boolean(flags.fetchCredentialReport || flags.auditWith || flags.recheck || flags.check);
  if (flags.check && flags.keys === undefined) throw new UsageError('--check verifies the id/secret pairs of --keys: give --keys too.');
  if (flags.offline && online) {
    const which = flags.fetchCredentialReport ? '--fetch-credential-report' : flags.auditWith ? '--audit-with' : flags.recheck ? '--recheck' : '--check';
    throw new UsageError(`--offline promises that nothing is sent, but ${which} needs the network.`, 'Drop --offline, or review stored reports offline with --credential-report stored.');
  }
  if (flags.fetchCredentialReport && !flags.profile) throw new UsageError('--fetch-credential-report needs --profile NAME: the saved profile that fetches the report.', 'It needs iam:GenerateCredentialReport and iam:GetCredentialReport.');
  if (flags.recheck && flags.profiles === false) throw new UsageError('--recheck checks saved profiles, but --no-profiles leaves them out.', 'Drop one of the two.');
  if (flags.profile && !flags.fetchCredentialReport) throw new UsageError('--profile names the profile that fetches a credential report: add --fetch-credential-report.', 'To review only some saved profiles, name them: keyscope review NAME…');
  const stdin = [...(flags.credentialReport ?? []), flags.keys].filter((v) => v === '-').length;
  if (stdin > 1) throw new UsageError('Only one source can be read from standard input (-).', 'Give the others as files.');
  let asOf: string | undefined;
  if (flags.asOf !== undefined) {
    const t = parseIsoTime(flags.asOf);
    if (!t.ok) throw new UsageError(`--as-of "${flags.asOf.slice(0, 40)}": ${isoTimeAdvice(t.error)}.`, 'Give the time the credential report describes: when it was generated.');
    asOf = t.value;
  }
  const thresholds: Partial<Thresholds> = {
    ...(days('--unused-days', flags.unusedDays) !== undefined ? { unusedDays: days('--unused-days', flags.unusedDays) } : {}),
    ...(days('--rotation-days', flags.rotationDays) !== undefined ? { rotationDays: days('--rotation-days', flags.rotationDays) } : {}),
    ...(days('--stale-days', flags.staleDays) !== undefined ? { staleDays: days('--stale-days', flags.staleDays) } : {}),
    ...(flags.accounts !== undefined ? { accounts: accountsOf(flags.accounts) } : {}),
  };
  return { format, failOn, thresholds, ...(asOf ? { asOf } : {}), online };
}
