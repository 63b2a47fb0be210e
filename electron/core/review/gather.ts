/**
 * Gathering a review's sources, the same way in both fronts: a credential report's text and the time it describes,
 * a key list's summary, a report fetched with a saved profile (and kept under reports/), the passive audit, and the
 * previous saved review. The fronts read files and flags (CLI) or requests (app), and say what happened their way.
 */
import type { Failure, StorageFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import type { QueryClient } from '../aws/client.js';
import { getCallerIdentity } from '../aws/sts.js';
import type { ProfileMeta } from '../vault/store-doc.js';
import { parseCredentialReport, reportAccounts, type ReportProblem } from './credential-report.js';
import type { SavedKeyChecks } from './report-own-use.js';
import type { PriorFinding, ReviewReport } from './finding.js';
import { formatJson } from './format-json.js';
import type { SourceData } from './model.js';
import { isOwnerRefusal } from './home-owner.js';
import { otherIdKey, priorReviewTime, readPriorReviewFile } from './prior-review.js';
import { planAudit, runAudit, type AuditPlan, type AuditResult } from './sources/audit.js';
import { fetchCredentialReport, type FetchReportOptions } from './sources/fetch-report.js';
import type { KeyListSummary } from './sources/key-list.js';
import { storeReport, type StoredReport } from './sources/stored-reports.js';
import { latestReview, savedReviews, saveReview } from './store.js';
import type { AtomicWriteOptions } from '../vault/atomic-file.js';

/**
 * A credential report's text as a source (`savedKeys`: the saved keys' checks, so that a row's last use that is one
 * of keyscope's own checks is not taken for its owner's; report-own-use.ts): its data time is `asOf`, else the GeneratedTime in the name keyscope
 * stored it under (`stored`, only for its own reports under KEYSCOPE_HOME/reports/), else `now`. A stored report
 * must hold the users of the account its name gives, or it is not the report kept under that name.
 */
export function reportTextSource(text: string | Uint8Array, options: { label: string; stored?: StoredReport | null; asOf?: string; now: string; savedKeys?: readonly SavedKeyChecks[] }): Result<SourceData, ReportProblem> {
  const stored = options.stored ?? null;
  const dataAsOf = options.asOf ?? stored?.generatedTime ?? options.now;
  const asOfOrigin = options.asOf ? '--as-of' : stored ? 'GeneratedTime' : 'the time of the review, no --as-of given';
  const parsed = parseCredentialReport(text, { label: options.label, dataAsOf, asOfOrigin, ...(options.savedKeys ? { savedKeys: options.savedKeys } : {}) });
  if (!parsed.ok || !stored) return parsed;
  const other = reportAccounts(parsed.value).find((account) => account !== stored.account);
  if (other === undefined) return ok({ ...parsed.value, generatedTime: stored.generatedTime });
  return err({
    kind: 'value',
    message: `It is named for account ${stored.account ?? 'unknown'} but holds the users of account ${other}: it is not the report keyscope kept under that name, and its name's time cannot be its data time.`,
    hint: 'Move it out of KEYSCOPE_HOME/reports/ and give it as a file with --as-of, or fetch the report again (--fetch-credential-report --profile NAME).',
  });
}

/** The credential reports a review reads: of each account, only the newest by data time (what `stored` does too). */
export interface NewestReports {
  readonly sources: SourceData[];
  /** One sentence per report set aside. */
  readonly setAside: string[];
}

/** AWS's GeneratedTime of a report, when known (a stored or fetched one, whatever --as-of says). */
const generatedOf = (s: SourceData): string | undefined => s.generatedTime ?? (s.asOfOrigin === 'GeneratedTime' ? s.dataAsOf : undefined);

const timeOf = (s: SourceData): number => Date.parse(generatedOf(s) ?? s.dataAsOf);

/** A report's time as the set-aside sentence gives it. */
const whenOf = (s: SourceData): string => (generatedOf(s) && s.asOfOrigin !== 'GeneratedTime' ? `generated ${generatedOf(s)}` : `data as of ${s.dataAsOf}`);

/**
 * Keeps, of the credential reports of each account among `sources`, the newest: an older report's findings would
 * stand beside the newer one's, which may refute them (a key made Inactive since). A report keyscope fetched or
 * stored is as new as its GeneratedTime, even with --as-of; any other as its data time (--as-of, or the time of the
 * review). Two with the same GeneratedTime are the same report, read once; two others of one account as of the same
 * time cannot be told apart (two files, both as of --as-of or now): refused.
 */
export function newestReportPerAccount(sources: readonly SourceData[]): Result<NewestReports, { message: string; hint: string }> {
  const newest = new Map<string, SourceData>();
  const setAside: string[] = [];
  for (const source of sources) {
    const account = source.kind === 'credential-report' ? reportAccounts(source)[0] : undefined;
    if (!account) continue;
    const held = newest.get(account);
    if (!held) {
      newest.set(account, source);
      continue;
    }
    const [a, b] = [timeOf(held), timeOf(source)];
    if (a === b && generatedOf(held) !== undefined && generatedOf(source) !== undefined) {
      // AWS's own stamp: the same report (AWS makes one at most every 4 hours), fetched and stored, or given twice.
      setAside.push(`${source.label} is set aside: it is the report of account ${account} generated ${generatedOf(source)}, as ${held.label} is.`);
      continue;
    }
    if (a === b) {
      return err({
        message: `${held.label} and ${source.label} are both credential reports of account ${account} as of ${source.dataAsOf}: keyscope cannot tell which is newer, and the older one's findings would stand beside the newer one's.`,
        hint: 'Give only the newest report of each account (--credential-report stored picks it among those keyscope fetched).',
      });
    }
    const [keep, drop] = b > a ? [source, held] : [held, source];
    newest.set(account, keep);
    setAside.push(`${drop.label} (${whenOf(drop)}) is set aside: ${keep.label} is a newer report of account ${account} (${whenOf(keep)}).`);
  }
  const kept = new Set(newest.values());
  return ok({ sources: sources.filter((s) => s.kind !== 'credential-report' || kept.has(s) || reportAccounts(s).length === 0), setAside });
}

/** "keys.txt: 3 key ids (2 long-term, 1 temporary), 1 repeated; 1 secret ignored (never kept, never sent)." */
export function keyListSummaryText(label: string, s: KeyListSummary): string {
  const types = Object.entries(s.types).map(([t, n]) => `${n} ${t}`).join(', ');
  const repeated = s.duplicates ? `, ${s.duplicates} repeated` : '';
  const secrets = s.withSecret ? `; ${s.withSecret} secret${s.withSecret === 1 ? '' : 's'} ignored (never kept, never sent)` : '';
  return `${label}: ${s.ids} key id${s.ids === 1 ? '' : 's'} (${types})${repeated}${secrets}.`;
}

/** A fetched report as a source, and where it was kept (or why it was not). */
export interface FetchedSource {
  readonly source: SourceData;
  readonly kept: Result<StoredReport, StorageFailure>;
}

/** A fetched report's text and time, and where it was kept (or why it was not), before it is read. */
export interface KeptReport {
  readonly csv: Uint8Array;
  readonly generatedTime: string;
  readonly kept: Result<StoredReport, StorageFailure>;
}

/** Generates, waits for and fetches the account's credential report with `client`, and keeps it. */
export async function fetchAndKeepReport(client: QueryClient, home: string, options: FetchReportOptions): Promise<Result<KeptReport, Failure>> {
  const fetched = await fetchCredentialReport(client, options);
  if (!fetched.ok) return fetched;
  const { csv, generatedTime } = fetched.value;
  return ok({ csv, generatedTime, kept: storeReport(home, csv, generatedTime) });
}

/** Reads a report fetched with profile `name` (fetchAndKeepReport) as a source; `savedKeys` as reportTextSource. */
export function fetchedReportSource(fetched: KeptReport, name: string, savedKeys: readonly SavedKeyChecks[] = []): Result<FetchedSource, Failure> {
  const { kept } = fetched;
  const generatedTime = new Date(fetched.generatedTime).toISOString();
  const parsed = parseCredentialReport(fetched.csv, { label: `credential report fetched with ${name}`, dataAsOf: generatedTime, asOfOrigin: 'GeneratedTime', savedKeys });
  if (!parsed.ok) {
    const hint = kept.ok ? `It is kept in ${kept.value.path} to look at. ${parsed.error.hint}` : parsed.error.hint;
    return err({ kind: 'parse', category: 'service', httpStatus: 200, bodyStart: '', operation: 'GetCredentialReport', message: `The fetched credential report cannot be read: ${parsed.error.message}`, hint });
  }
  return ok({ source: { ...parsed.value, generatedTime }, kept });
}

/** Generates, waits for and fetches the account's credential report with `client` (profile `name`), keeps it, reads it. */
export async function fetchReportSource(client: QueryClient, home: string, name: string, options: FetchReportOptions, savedKeys: readonly SavedKeyChecks[] = []): Promise<Result<FetchedSource, Failure>> {
  const fetched = await fetchAndKeepReport(client, home, options);
  return fetched.ok ? fetchedReportSource(fetched.value, name, savedKeys) : fetched;
}

/** A passive audit's outcome: the auditor's account, which keys were looked at, and what was learnt. */
export interface AuditOutcome {
  readonly account: string;
  readonly plan: AuditPlan;
  readonly result: AuditResult;
}

/** The passive audit with the auditor's `client`: every request signed by the auditor, none by a reviewed key. */
export async function passiveAudit(
  client: QueryClient,
  auditor: ProfileMeta,
  profiles: readonly ProfileMeta[],
  now: string,
  onStart?: (plan: AuditPlan, account: string) => void,
  onProgress?: (done: number, total: number) => void,
): Promise<Result<AuditOutcome, Failure>> {
  const me = await getCallerIdentity(client);
  if (!me.ok) return me;
  const account = me.value.value.Account;
  const plan = planAudit(profiles, auditor, account);
  onStart?.(plan, account);
  const result = await runAudit(client, plan, auditor.name, account, now, onProgress);
  return ok({ account, plan, result });
}

/** What a review compares with when no baseline is given: the newest saved review, and a warning if it cannot serve. */
export interface SavedPrevious {
  readonly previous: { readonly findings: PriorFinding[]; readonly label: string } | null;
  readonly warning: string | null;
  /** Saved reviews another user could have written (home-owner.ts): the review stops, as with the store. */
  readonly refused: StorageFailure | null;
}

/** The most saved reviews tried, newest first, when the newer ones cannot serve: each may be hundreds of MB. */
const MOST_TRIED = 5;

/**
 * The newest saved review under `home` that can serve as the previous one (null for a first review), however large
 * (prior-review.ts). One dated later than this machine's clock is left out; one that cannot be read, or was made with
 * another id key, is passed over for the one before it. Each is said in the warning; none is removed.
 */
export function previousSavedReview(home: string, idKey: string): SavedPrevious {
  const saved = savedReviews(home);
  if (!saved.ok) return isOwnerRefusal(saved.error) ? { previous: null, warning: null, refused: saved.error } : { previous: null, warning: `${saved.error.message} This review is compared with nothing.`, refused: null };
  const notes = saved.value.future.map(({ path, at }) => `The saved review ${path} is dated ${at}, later than this machine's clock (${new Date().toISOString()}): it was saved while the clock was ahead, and is left out (it is kept; move it out of the folder once it is of no use).`);
  const tried = saved.value.paths.slice(0, MOST_TRIED);
  for (const path of tried) {
    const prior = readPriorReviewFile(path);
    if (!prior.ok) {
      const p = prior.error;
      notes.push(p.kind === 'file' ? `The saved review ${path} ${p.error.detail}.` : `The saved review ${path} cannot be read (${p.message})`);
      continue;
    }
    const other = otherIdKey(prior.value, idKey);
    if (other) {
      notes.push(`The saved review ${path} cannot be compared with: ${other.message}`);
      continue;
    }
    const previous = { findings: prior.value.findings, label: `the previous review (${prior.value.generatedAt ?? path})` };
    const instead = path === saved.value.paths[0] ? '' : ` This review is compared with ${path} instead.`;
    return { previous, warning: notes.length > 0 ? `${notes.join(' ')}${instead}` : null, refused: null };
  }
  if (notes.length === 0) return { previous: null, warning: null, refused: null };
  const more = saved.value.paths.length > tried.length ? ' Older saved reviews were not tried.' : '';
  return { previous: null, warning: `${notes.join(' ')}${more} This review is compared with nothing.`, refused: null };
}

/** When the newest saved review under `home` ran, from the head of its file; null before the first (or if unsaid). */
export function lastReviewTime(home: string): string | null {
  const latest = latestReview(home);
  return latest.ok && latest.value ? priorReviewTime(latest.value) : null;
}

/**
 * What a review says of the earlier findings it did not examine (compare.ts), or null when there are none:
 * "5 findings of the previous review (…) are about what this review did not read, or could not tell from what it read
 * (…) (account 123456789012): …": compare.ts holds back both alike.
 */
export function notReviewedText(report: ReviewReport): string | null {
  const n = report.notReviewed.length;
  if (n === 0) return null;
  const accounts = [...new Set(report.notReviewed.map((f) => f.Resource.Account).filter((a): a is string => a !== null))].sort();
  const shown = accounts.slice(0, 5).join(', ') + (accounts.length > 5 ? ` and ${accounts.length - 5} more` : '');
  const which = accounts.length > 0 ? ` (account${accounts.length === 1 ? '' : 's'} ${shown})` : '';
  return `${n} finding${n === 1 ? '' : 's'} of ${report.comparedWith ?? 'the previous review'} ${n === 1 ? 'is' : 'are'} about what this review did not read, or could not tell from what it read (a key not checked, an audit that failed, a last use that was keyscope's own check)${which}: ${n === 1 ? 'it is' : 'they are'} neither resolved nor new, and ${n === 1 ? 'is' : 'are'} kept for the next review that tells ${n === 1 ? 'it' : 'them'} ("NotReviewed" in JSON).`;
}

/**
 * How a report is written to a file the user names (review --output-file, the app's export): through a symbolic
 * link to its target, as a shell's `>` writes, and keeping an existing file's permission bits (atomic-file.ts).
 */
export const REPORT_FILE_WRITE: AtomicWriteOptions = { throughLink: true, keepMode: true };

/** Keeps a review under reviews/ (key ids whole, see store.ts): the next review compares with it. */
export function keepReview(home: string, report: ReviewReport): Result<string, StorageFailure> {
  return saveReview(home, formatJson(report, { unmask: true }), report.generatedAt);
}
