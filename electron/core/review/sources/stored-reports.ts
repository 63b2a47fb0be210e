/**
 * Credential reports fetched with a saved profile, kept under KEYSCOPE_HOME/reports/ so that later reviews can use
 * them offline. The file name holds the account and the report's GeneratedTime (its data time), so nothing else
 * needs to be kept beside it: credential-report-123456789012-20250630T000000Z.csv.
 */
import { mkdirSync, readdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { storageFailure, type StorageFailure } from '../../../../shared/failure.js';
import { err, ok, type Result } from '../../../../shared/result.js';
import { describeFileError } from '../../errno-name.js';
import { readBoundedFile, type BoundedReadError } from '../../aws/read-bounded.js';
import { errorCode, STALE_TEMP_MS, sweepOwnFolder, writeFileAtomic } from '../../vault/atomic-file.js';
import { folderFailure, listedFailure, readOwnFile, REPORT_FILES } from '../home-owner.js';

/** The folder, under KEYSCOPE_HOME. */
export const REPORTS_DIR = 'reports';

/** A stored report. */
export interface StoredReport {
  readonly path: string;
  readonly account: string | null;
  readonly generatedTime: string;
}

const NAME = /^credential-report-(\d{12}|unknown)-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.csv$/;
const ACCOUNT_IN_ARN = /arn:aws[\w-]*:iam::(\d{12}):/;

const stamp = (iso: string): string => new Date(iso).toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');

function writeFailure(e: unknown, path: string, what: string): StorageFailure {
  const hint = `Check that ${dirname(path)} is writable and the disk has room, then run the review again.`;
  return storageFailure('io', path, `${what} (${describeFileError(errorCode(e))}).`, hint);
}

/** The hint of a stored report (or their folder) keyscope may not read: no space or writing is at stake. */
export const readHint = (path: string): string => `Check the permissions of ${path} and of the folders above it.`;

/** The account the report is of, from its ARNs. */
export function reportAccount(csv: string): string | null {
  return ACCOUNT_IN_ARN.exec(csv)?.[1] ?? null;
}

/** Keeps a fetched report (atomically, readable by the owner only); returns where. */
export function storeReport(home: string, csv: Uint8Array, generatedTime: string): Result<StoredReport, StorageFailure> {
  const dir = join(home, REPORTS_DIR);
  if (Number.isNaN(Date.parse(generatedTime))) {
    return err({ kind: 'storage', category: 'service', problem: 'corrupt', message: `The report's GeneratedTime (${generatedTime.slice(0, 40)}) is not a date.`, hint: 'The answer did not come from IAM as expected: check --endpoint-url.' });
  }
  const account = reportAccount(Buffer.from(csv).toString('utf8'));
  const path = join(dir, `credential-report-${account ?? 'unknown'}-${stamp(generatedTime)}.csv`);
  const refused = folderFailure(home, REPORTS_DIR, REPORT_FILES);
  if (refused) return err(refused);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    sweepOwnFolder(dir, STALE_TEMP_MS);
    writeFileAtomic(path, csv);
  } catch (e) {
    return err(writeFailure(e, path, `The credential report could not be kept in ${path}`));
  }
  return ok({ path, account, generatedTime: new Date(generatedTime).toISOString() });
}

/** What a stored report's name says, or null for a file keyscope did not name. */
export function storedReportInfo(path: string): StoredReport | null {
  const m = NAME.exec(basename(path));
  if (!m) return null;
  const [, account, y, mo, d, h, mi, s] = m;
  return { path, account: account === 'unknown' ? null : (account ?? null), generatedTime: `${y}-${mo}-${d}T${h}:${mi}:${s}.000Z` };
}

/**
 * What a report file's name says when it is one of keyscope's own, under `home`/reports/ (the folder compared by its
 * real path); null for any other file, whatever its name: a name anyone can give a copy sets no data time.
 */
export function storedReportAt(home: string, path: string): StoredReport | null {
  const info = storedReportInfo(path);
  if (!info) return null;
  try {
    return realpathSync(dirname(resolve(path))) === realpathSync(join(home, REPORTS_DIR)) ? { ...info, path: resolve(path) } : null;
  } catch {
    return null; // either folder is not there: not a stored report
  }
}

/** The stored reports, newest first; one another user wrote there (home-owner.ts) is refused, not reviewed. */
export function listStoredReports(home: string): Result<StoredReport[], StorageFailure> {
  const dir = join(home, REPORTS_DIR);
  const refused = folderFailure(home, REPORTS_DIR, REPORT_FILES);
  if (refused) return err(refused);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok([]);
    const message = `The folder of stored reports ${dir} cannot be read (${describeFileError(errorCode(e), 'read')}).`;
    return err(storageFailure('io', dir, message, readHint(dir)));
  }
  const found = names.flatMap((n) => {
    const info = storedReportInfo(resolve(dir, n));
    return info ? [info] : [];
  });
  const theirs = listedFailure(found.map((r) => r.path), REPORT_FILES);
  if (theirs) return err(theirs);
  return ok(found.sort((a, b) => (a.generatedTime < b.generatedTime ? 1 : a.generatedTime > b.generatedTime ? -1 : 0)));
}

/** A stored report's text (at most `maxBytes`), judged on the file opened: another user's is refused, unread. */
export function readStoredReport(path: string, maxBytes: number): Result<string, BoundedReadError | StorageFailure> {
  return readOwnFile<string, BoundedReadError>(path, REPORT_FILES, err({ reason: 'not-found', detail: 'does not exist' }), () => readBoundedFile(path, maxBytes));
}

/** The newest stored report of each account. */
export function latestStoredReports(home: string): Result<StoredReport[], StorageFailure> {
  const all = listStoredReports(home);
  if (!all.ok) return all;
  const seen = new Set<string>();
  return ok(all.value.filter((r) => {
    const key = r.account ?? r.path;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }));
}
