/**
 * The part of a review that holds the CPU (reading credential reports and key lists, finding, comparing, saving), as
 * steps a review job sends one at a time to a worker thread (review-worker.ts): a 100,000-user report takes seconds,
 * and in the main process those seconds froze every window and every other request. The job keeps the order of the
 * steps (a report that cannot be read stops the review before anything is sent), so sources, notes and failures
 * come out as they did when the job ran them itself. The sources gathered so far stay in the worker; the finished
 * review goes to a worker of its own, which holds it alone (review-held.ts): main asks that one for the findings the
 * page lists, for mutes and for exports.
 */
import { join } from 'node:path';
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { inputFailure, type Failure } from '../../shared/failure.js';
import { err, ok, type Result } from '../../shared/result.js';
import { MAX_REPORT_BYTES } from '../core/review/credential-report.js';
import type { FindingsPageView, FindingsQueryView, ReviewFindingView, ReviewMutedView } from '../../shared/review-model.js';
import type { ReportFormat } from '../core/review/formats.js';
import { fetchedReportSource, keepReview, keyListSummaryText, newestReportPerAccount, notReviewedText, previousSavedReview, REPORT_FILE_WRITE, reportTextSource, type KeptReport } from '../core/review/gather.js';
import type { SourceData, Thresholds } from '../core/review/model.js';
import { isOwnerRefusal } from '../core/review/home-owner.js';
import { loadMutes } from '../core/review/mutes.js';
import { runReview } from '../core/review/report.js';
import type { SavedKeyChecks } from '../core/review/report-own-use.js';
import { parseKeyList } from '../core/review/sources/key-list.js';
import { readStoredReport, REPORTS_DIR, storedReportInfo } from '../core/review/sources/stored-reports.js';
import type { Suppression } from '../core/review/suppressions.js';
import { errorCode, writeFileAtomic } from '../core/vault/atomic-file.js';
import type { ReviewReport } from '../core/review/finding.js';
import { holdReview, reviewSummary, type HeldFindings, type ReviewSummary } from './review-held.js';
import type { HeldReport } from './review-job.js';

/**
 * One step, in the order the job takes them; then, once the review is finished, what main asks of it. Apart from
 * any review, an imported report is read in a worker of its own (review-handlers.ts), to say how many keys it holds.
 */
export type ReviewStep =
  | { readonly op: 'report-keys'; readonly label: string; readonly text: string; readonly now: string }
  | { readonly op: 'source'; readonly source: SourceData }
  | { readonly op: 'stored-report'; readonly home: string; readonly name: string; readonly now: string; readonly asOf?: string; readonly savedKeys: readonly SavedKeyChecks[] }
  | { readonly op: 'imported-report'; readonly held: HeldReport; readonly now: string; readonly asOf?: string; readonly savedKeys: readonly SavedKeyChecks[] }
  | { readonly op: 'keys'; readonly text: string; readonly now: string }
  | { readonly op: 'fetched-report'; readonly fetched: KeptReport; readonly name: string; readonly savedKeys: readonly SavedKeyChecks[] }
  | { readonly op: 'note'; readonly text: string }
  | { readonly op: 'finish'; readonly home: string; readonly idKey: string; readonly now: string; readonly offline: boolean; readonly thresholds: Partial<Thresholds>; readonly to: MessagePort }
  | { readonly op: 'hold'; readonly from: MessagePort }
  | { readonly op: 'findings'; readonly query: Omit<FindingsQueryView, 'reviewId'> }
  | { readonly op: 'finding'; readonly id: string }
  | { readonly op: 'suppress'; readonly suppressions: readonly Suppression[]; readonly now: string; readonly id: string }
  | { readonly op: 'export'; readonly format: ReportFormat; readonly unmask: boolean }
  | { readonly op: 'export-to'; readonly format: ReportFormat; readonly unmask: boolean; readonly path: string };

/** The finished review as main keeps it, where it was saved, and what the sources said. */
export interface ReviewOutcome {
  readonly summary: ReviewSummary;
  readonly savedAs: string | null;
  readonly notes: readonly string[];
}

/** What each step answers when it goes well. */
export interface StepValues {
  /** How many keys the report holds. */
  readonly 'report-keys': number;
  readonly source: null;
  readonly 'stored-report': null;
  readonly 'imported-report': null;
  readonly keys: null;
  readonly 'fetched-report': null;
  readonly note: null;
  readonly finish: ReviewOutcome;
  readonly hold: null;
  readonly findings: FindingsPageView;
  readonly finding: ReviewFindingView | null;
  readonly suppress: ReviewMutedView | null;
  /** The text of the export. */
  readonly export: string;
  /** The export written to its path, or the error code of the write that failed (nothing changed there). */
  readonly 'export-to': { readonly writeError: string | null };
}

/** A step's answer: its value, or the failure that stops the review. */
export type StepAnswer<S extends ReviewStep = ReviewStep> = Result<StepValues[S['op']], Failure>;

const asInput = (field: string, label: string, p: { message: string; hint: string }): Failure => inputFailure(field, `${label}: ${p.message}`, p.hint);

/** A review's steps, taken one at a time; `say` tells the job what is under way. */
export function reviewWork(say: (message: string) => void): (step: ReviewStep) => StepAnswer {
  const sources: SourceData[] = [];
  const notes: string[] = [];
  let held: HeldFindings | null = null;
  const add = (source: SourceData): StepAnswer => {
    sources.push(source);
    return ok(null);
  };
  const finished = (): HeldFindings => {
    if (!held) throw new Error('no finished review in this worker');
    return held;
  };
  return (step) => {
    switch (step.op) {
      case 'report-keys': {
        const parsed = reportTextSource(step.text, { label: step.label, now: step.now });
        return parsed.ok ? ok(parsed.value.keys.length) : err(asInput('text', step.label, parsed.error));
      }
      case 'source':
        return add(step.source);
      case 'note':
        notes.push(step.text);
        return ok(null);
      case 'stored-report': {
        const path = join(step.home, REPORTS_DIR, step.name);
        const info = storedReportInfo(path);
        const label = `stored credential report of ${info?.account ?? 'an unknown account'} (${info?.generatedTime ?? step.name})`;
        say('Reading the credential report…');
        const read = readStoredReport(path, MAX_REPORT_BYTES);
        if (!read.ok) {
          if ('kind' in read.error) return err(read.error); // another user's: refused, in words
          return err(inputFailure('storedReports', `The stored credential report ${path} ${read.error.detail}.`, 'Reload the Review view: the list shows the reports kept now.'));
        }
        const parsed = reportTextSource(read.value, { label, stored: info, now: step.now, savedKeys: step.savedKeys, ...(step.asOf ? { asOf: step.asOf } : {}) });
        return parsed.ok ? add(parsed.value) : err(asInput('storedReports', label, parsed.error));
      }
      case 'imported-report': {
        const { label, text } = step.held;
        say('Reading the credential report…');
        const parsed = reportTextSource(text, { label, now: step.now, savedKeys: step.savedKeys, ...(step.asOf ? { asOf: step.asOf } : {}) });
        return parsed.ok ? add(parsed.value) : err(asInput('importedReports', label, parsed.error));
      }
      case 'keys': {
        const parsed = parseKeyList(step.text, 'pasted key ids', step.now);
        if (!parsed.ok) return err(inputFailure('keys', parsed.error.message, parsed.error.hint));
        notes.push(keyListSummaryText('pasted key ids', parsed.value.summary));
        return add(parsed.value.source);
      }
      case 'fetched-report': {
        say('Reading the credential report…');
        const read = fetchedReportSource(step.fetched, step.name, step.savedKeys);
        if (!read.ok) return read;
        const { kept } = read.value;
        notes.push(kept.ok ? `The credential report generated ${kept.value.generatedTime} was kept in ${kept.value.path}; later reviews can use it offline.` : `${kept.error.message} ${kept.error.hint}`);
        return add(read.value.source);
      }
      case 'finish': {
        const newest = newestReportPerAccount(sources);
        if (!newest.ok) {
          step.to.close();
          return err(inputFailure('sources', newest.error.message, newest.error.hint));
        }
        notes.push(...newest.value.setAside);
        const { previous, warning, refused } = previousSavedReview(step.home, step.idKey);
        if (refused) return err(refused);
        if (warning) notes.push(warning);
        const mutes = loadMutes(step.home);
        if (!mutes.ok && isOwnerRefusal(mutes.error)) return err(mutes.error);
        if (!mutes.ok) notes.push(`${mutes.error.message} Nothing is muted in this review. ${mutes.error.hint}`);
        say('Finding and comparing with the previous review…');
        const report = runReview({ sources: newest.value.sources, thresholds: step.thresholds, idKey: step.idKey, generatedAt: step.now, offline: step.offline, previous, suppressions: mutes.ok ? mutes.value : [] });
        const unreviewed = notReviewedText(report);
        if (unreviewed) notes.push(unreviewed);
        say('Saving the review for the next comparison…');
        const saved = keepReview(step.home, report);
        if (!saved.ok) notes.push(`${saved.error.message} The next review will compare with an older one. ${saved.error.hint}`);
        // Held by another thread: this one keeps all the run made (V8 collects nothing in a thread gone idle).
        step.to.postMessage(report);
        step.to.close();
        return ok({ summary: reviewSummary(report), savedAs: saved.ok ? saved.value : null, notes });
      }
      case 'hold': {
        // Sent before the run's worker answered `finish`: it is there.
        const sent = receiveMessageOnPort(step.from);
        step.from.close();
        if (!sent) throw new Error('no finished review was sent to this worker');
        held = holdReview(sent.message as ReviewReport);
        return ok(null);
      }
      case 'findings':
        return ok(finished().findings(step.query));
      case 'finding':
        return ok(finished().finding(step.id));
      case 'suppress':
        return ok(finished().suppress(step.suppressions, step.now, step.id));
      case 'export':
        return ok(finished().export(step.format, step.unmask));
      case 'export-to': {
        const text = finished().export(step.format, step.unmask);
        try {
          writeFileAtomic(step.path, text, undefined, REPORT_FILE_WRITE);
          return ok({ writeError: null });
        } catch (e) {
          return ok({ writeError: errorCode(e) });
        }
      }
    }
  };
}
