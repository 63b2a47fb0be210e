/**
 * The sources of a CLI review: saved profiles (from the store alone), credential report files or stored reports,
 * key lists, a report fetched with a saved profile, and the passive audit. Only the last two use the network.
 */
import { storageFailure, type Failure } from '../../shared/failure.js';
import { MIB, readBoundedFile } from '../core/aws/read-bounded.js';
import { MAX_REPORT_BYTES } from '../core/review/credential-report.js';
import { fetchReportSource, keyListSummaryText, passiveAudit, reportTextSource } from '../core/review/gather.js';
import type { ReviewedKey, SourceData } from '../core/review/model.js';
import { verifyCredential } from '../core/verify.js';
import { keyPairsOf, parseKeyList, type KeyPair } from '../core/review/sources/key-list.js';
import { savedKeyChecks, type SavedKeyChecks } from '../core/review/report-own-use.js';
import { profilesSource } from '../core/review/sources/profiles.js';
import { folderFailure, REPORT_FILES } from '../core/review/home-owner.js';
import { latestStoredReports, readHint, readStoredReport, REPORTS_DIR, storedReportAt, type StoredReport } from '../core/review/sources/stored-reports.js';
import { quotedName } from '../core/vault/new-profile.js';
import type { ProfileMeta } from '../core/vault/store-doc.js';
import type { Vault } from '../core/vault/vault.js';
import { makeContext, type GlobalOptions } from './context.js';
import { readStdinWithin, UsageError, type CliIo } from './io.js';
import { escapeControls } from './output.js';

/** A failure that stops the review (printed by the caller, exit code from it). */
export class SourceFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

/** The largest key list read (16 MiB: hundreds of thousands of ids). */
const MAX_KEY_LIST_BYTES = 16 * 1024 * 1024;

const say = (io: CliIo, line: string): void => io.stderr(`keyscope: ${escapeControls(line)}\n`);

async function readInput(io: CliIo, flag: string, value: string, maxBytes: number): Promise<string> {
  if (value === '-') return readStdinWithin(io, maxBytes, new UsageError(`${flag} -: standard input holds more than ${maxBytes / MIB} MiB.`));
  const read = readBoundedFile(value, maxBytes);
  if (!read.ok) throw unreadFile(flag, value, read.error.detail);
  return read.value;
}

const unreadFile = (flag: string, path: string, detail: string): UsageError => new UsageError(`${flag}: the file ${path} ${detail}.`, 'Give the path of a regular file (or - for standard input).');

/** A stored report: keyscope's own file, so one it cannot read is no fault of the command line (exit 3, not 2). */
function readStored(path: string): string {
  const read = readStoredReport(path, MAX_REPORT_BYTES);
  if (read.ok) return read.value;
  if ('kind' in read.error) throw new SourceFailure(read.error);
  const hint = read.error.reason === 'unreadable' ? readHint(path) : 'Fetch it again (keyscope review --fetch-credential-report --profile NAME), or move it out of the folder.';
  throw new SourceFailure(storageFailure('io', path, `The stored credential report ${path} ${read.error.detail}.`, hint));
}

/**
 * A file given by path that is one of keyscope's stored reports (storedReportAt: it is dated by its name): judged as
 * `stored` is, its folder and the file opened, another user's refused unread (exit 3). One that is not there or cannot
 * be read is the command line's fault, as any file's.
 */
function readStoredByPath(home: string, path: string): string {
  const refused = folderFailure(home, REPORTS_DIR, REPORT_FILES);
  if (refused) throw new SourceFailure(refused);
  const read = readStoredReport(path, MAX_REPORT_BYTES);
  if (read.ok) return read.value;
  if ('kind' in read.error) throw new SourceFailure(read.error);
  throw unreadFile('--credential-report', path, read.error.detail);
}

/** The saved profiles, all or those named. */
export function savedProfiles(vault: Vault, names: readonly string[]): ProfileMeta[] {
  const all = vault.list();
  if (!all.ok) throw new SourceFailure(all.error);
  const unknown = names.filter((n) => !all.value.some((p) => p.name === n));
  if (unknown.length > 0) throw new UsageError(`No saved profile is named ${unknown.map(quotedName).join(', ')}.`, '`keyscope profiles list` shows the saved profiles.');
  return names.length === 0 ? [...all.value] : all.value.filter((p) => names.includes(p.name));
}

/**
 * The saved keys' checks, for telling keyscope's own checks from their owners' uses in credential reports: from the
 * store alone (no keychain), read even with --no-profiles. A store that cannot be read only loses that: said, and
 * the reports' last uses then count as their owners'.
 */
export function savedKeysOf(io: CliIo, vault: Vault): SavedKeyChecks[] {
  const all = vault.list();
  if (all.ok) return savedKeyChecks(all.value);
  say(io, `warning: ${all.error.message} keyscope's own checks cannot be told apart in the credential reports: each row's last use counts as its owner's.`);
  return [];
}

/** The profiles source; `all` when no profile was named (every saved profile was examined). */
export const profilesAsSource = (profiles: readonly ProfileMeta[], now: string, all: boolean): SourceData => profilesSource(profiles, now, all);

/** Each --credential-report: a file, - (standard input) or `stored` (the newest stored report of each account). */
export async function reportSources(io: CliIo, home: string, values: readonly string[], asOf: string | undefined, now: string, savedKeys: readonly SavedKeyChecks[]): Promise<SourceData[]> {
  const out: SourceData[] = [];
  for (const value of values) {
    const files = value === 'stored' ? storedOrFail(home) : [{ path: value, label: value === '-' ? 'credential report (standard input)' : value, stored: value === '-' ? null : storedReportAt(home, value) }];
    for (const file of files) {
      const text = value === 'stored' ? readStored(file.path) : file.stored ? readStoredByPath(home, file.path) : await readInput(io, '--credential-report', file.path, MAX_REPORT_BYTES);
      const parsed = reportTextSource(text, { label: file.label, stored: file.stored, ...(asOf ? { asOf } : {}), now, savedKeys });
      if (!parsed.ok) throw new UsageError(`${file.label}: ${parsed.error.message}`, parsed.error.hint);
      out.push(parsed.value);
    }
  }
  return out;
}

function storedOrFail(home: string): Array<{ path: string; label: string; stored: StoredReport }> {
  const stored = latestStoredReports(home);
  if (!stored.ok) throw new SourceFailure(stored.error);
  if (stored.value.length === 0) throw new UsageError('No credential report is stored yet.', 'Fetch one first: keyscope review --fetch-credential-report --profile NAME (kept under KEYSCOPE_HOME/reports/).');
  return stored.value.map((r) => ({ path: r.path, label: `stored credential report of ${r.account ?? 'an unknown account'} (${r.generatedTime})`, stored: r }));
}

/** --keys FILE|-: secrets in the list are dropped as it is read; a line on standard error says what was found. */
export async function keyListSource(io: CliIo, value: string, now: string, check?: { readonly options: GlobalOptions }): Promise<SourceData> {
  const text = await readInput(io, '--keys', value, MAX_KEY_LIST_BYTES);
  const label = value === '-' ? 'key list (standard input)' : value;
  const parsed = parseKeyList(text, label, now);
  if (!parsed.ok) throw new UsageError(parsed.error.message, parsed.error.hint);
  say(io, keyListSummaryText(label, parsed.value.summary));
  if (!check) return parsed.value.source;
  const checked = await checkPairs(io, check.options, keyPairsOf(text));
  const keys = parsed.value.source.keys.map((k) => (k.accessKeyId && checked.get(k.accessKeyId)) || k);
  return { ...parsed.value.source, keys };
}

/**
 * --check: each id/secret pair verified online (GetCallerIdentity; the canary guard applies, so a canary key is never
 * sent), its identity added to what the review knows of the key. The secrets stay in memory for the check only.
 */
async function checkPairs(io: CliIo, options: GlobalOptions, pairs: readonly KeyPair[]): Promise<Map<string, ReviewedKey>> {
  const out = new Map<string, ReviewedKey>();
  if (pairs.length === 0) {
    say(io, '--check: the key list holds no id/secret pairs: nothing was checked.');
    return out;
  }
  const context = makeContext(options, io, undefined);
  const counts = { valid: 0, invalid: 0, undecided: 0 };
  try {
    for (const pair of pairs) {
      const report = await verifyCredential(context.clientFor(pair), pair, { lastUsed: false });
      const at = report.CheckedAt;
      if (report.Valid === true) {
        counts.valid += 1;
        out.set(pair.accessKeyId, { source: 'key-list', accessKeyId: pair.accessKeyId, account: report.Account, ...(report.UserName ? { user: report.UserName } : {}), isRoot: report.Arn.endsWith(':root'), lastDecided: { valid: true, category: null, at } });
      } else if (report.Valid === false) {
        counts.invalid += 1;
        out.set(pair.accessKeyId, { source: 'key-list', accessKeyId: pair.accessKeyId, lastDecided: { valid: false, category: report.Error.Category, at } });
      } else counts.undecided += 1;
    }
  } finally {
    context.close();
  }
  say(io, `--check: ${pairs.length} pairs checked: ${counts.valid} valid, ${counts.invalid} rejected, ${counts.undecided} could not be checked.`);
  return out;
}

async function credentialsOf(vault: Vault, name: string): Promise<{ meta: ProfileMeta; credentials: Parameters<typeof makeContext>[2] }> {
  const meta = vault.find(name);
  if (!meta.ok) throw new SourceFailure(meta.error);
  const credentials = await vault.credentials(meta.value);
  if (!credentials.ok) throw new SourceFailure(credentials.error);
  return { meta: meta.value, credentials: credentials.value };
}

/** --fetch-credential-report --profile NAME: generated, waited for, fetched, kept under reports/. */
export async function fetchedReportSource(options: GlobalOptions, io: CliIo, vault: Vault, home: string, name: string, savedKeys: readonly SavedKeyChecks[]): Promise<SourceData> {
  const { meta, credentials } = await credentialsOf(vault, name);
  const context = makeContext(options, io, credentials, meta.region);
  let fetched;
  try {
    say(io, `asking IAM for the credential report with "${name}"`);
    fetched = await fetchReportSource(context.client, home, name, { sleep: (ms) => new Promise((r) => setTimeout(r, ms)), onProgress: (m) => say(io, m) }, savedKeys);
  } finally {
    context.close();
  }
  if (!fetched.ok) throw new SourceFailure(fetched.error);
  const kept = fetched.value.kept;
  if (kept.ok) say(io, `credential report generated ${kept.value.generatedTime} kept in ${kept.value.path} (use it offline with --credential-report stored)`);
  else say(io, `warning: ${kept.error.message} ${kept.error.hint}`);
  return fetched.value.source;
}

/** --audit-with NAME: every request signed by the auditor, none by a reviewed key. */
export async function auditSource(options: GlobalOptions, io: CliIo, vault: Vault, profiles: readonly ProfileMeta[], name: string, now: string): Promise<SourceData> {
  const { meta, credentials } = await credentialsOf(vault, name);
  const context = makeContext(options, io, credentials, meta.region);
  try {
    const audited = await passiveAudit(
      context.client,
      meta,
      profiles,
      now,
      (plan, account) => {
        for (const s of plan.skipped) say(io, `audit: "${s.profile}" left out: ${s.reason}`);
        say(io, `audit: ${plan.audited.length} saved key${plan.audited.length === 1 ? '' : 's'} of account ${account}, asked with "${name}" only`);
      },
      (done, total) => {
        if (io.stderrIsTTY) io.stderr(done < total ? `\r\u001b[Kaudit ${done + 1}/${total}` : '\r\u001b[K');
      },
    );
    if (!audited.ok) throw new SourceFailure(audited.error);
    for (const f of audited.value.result.failures) say(io, `audit: "${f.profile}": ${f.failure.message} ${f.failure.hint}`);
    return audited.value.result.source;
  } finally {
    context.close();
  }
}
