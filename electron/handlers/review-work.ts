/**
 * The part of a review that holds the CPU (reading credential reports and key lists, finding, comparing, saving), as
 * steps a review job sends one at a time to a worker thread (review-worker.ts): a 100,000-user report takes seconds,
 * and in the main process those seconds froze every window and every other request. The job keeps the order of the
 * steps (a report that cannot be read stops the review before anything is sent), so sources, notes and failures
 * come out as they did when the job ran them itself. The sources gathered so far stay in the worker.
 */
import { join } from 'node:path';
import { inputFailure, type Failure } from '../../shared/failure.js';
import { err, ok, type Result } from '../../shared/result.js';
import { readBoundedFile } from '../core/aws/read-bounded.js';
import { MAX_REPORT_BYTES } from '../core/review/credential-report.js';
import type { ReviewReport } from '../core/review/finding.js';
import { fetchedReportSource, keepReview, keyListSummaryText, previousSavedReview, reportTextSource, type KeptReport } from '../core/review/gather.js';
import type { SourceData, Thresholds } from '../core/review/model.js';
import { loadMutes } from '../core/review/mutes.js';
import { runReview } from '../core/review/report.js';
import { parseKeyList } from '../core/review/sources/key-list.js';
import { REPORTS_DIR, storedReportInfo } from '../core/review/sources/stored-reports.js';
import type { HeldReport } from './review-job.js';

/** One step, in the order the job takes them. */
export type ReviewStep =
  | { readonly op: 'source'; readonly source: SourceData }
  | { readonly op: 'stored-report'; readonly home: string; readonly name: string; readonly now: string; readonly asOf?: string }
  | { readonly op: 'imported-report'; readonly held: HeldReport; readonly now: string; readonly asOf?: string }
  | { readonly op: 'keys'; readonly text: string; readonly now: string }
  | { readonly op: 'fetched-report'; readonly fetched: KeptReport; readonly name: string }
  | { readonly op: 'note'; readonly text: string }
  | { readonly op: 'finish'; readonly home: string; readonly idKey: string; readonly now: string; readonly offline: boolean; readonly thresholds: Partial<Thresholds> };

/** The finished review, where it was saved, and what the sources said. */
export interface ReviewOutcome {
  readonly report: ReviewReport;
  readonly savedAs: string | null;
  readonly notes: readonly string[];
}

/** A step's answer: nothing more to say, the finished review, or the failure that stops the review. */
export type StepAnswer = Result<ReviewOutcome | null, Failure>;

const asInput = (field: string, label: string, p: { message: string; hint: string }): Failure => inputFailure(field, `${label}: ${p.message}`, p.hint);

/** A review's steps, taken one at a time; `say` tells the job what is under way. */
export function reviewWork(say: (message: string) => void): (step: ReviewStep) => StepAnswer {
  const sources: SourceData[] = [];
  const notes: string[] = [];
  const add = (source: SourceData): StepAnswer => {
    sources.push(source);
    return ok(null);
  };
  return (step) => {
    switch (step.op) {
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
        const read = readBoundedFile(path, MAX_REPORT_BYTES);
        if (!read.ok) return err(inputFailure('storedReports', `The stored credential report ${path} ${read.error.detail}.`, 'Reload the Review view: the list shows the reports kept now.'));
        const parsed = reportTextSource(read.value, { label, path, now: step.now, ...(step.asOf ? { asOf: step.asOf } : {}) });
        return parsed.ok ? add(parsed.value) : err(asInput('storedReports', label, parsed.error));
      }
      case 'imported-report': {
        const { label, text } = step.held;
        say('Reading the credential report…');
        const parsed = reportTextSource(text, { label, now: step.now, ...(step.asOf ? { asOf: step.asOf } : {}) });
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
        const read = fetchedReportSource(step.fetched, step.name);
        if (!read.ok) return read;
        const { kept } = read.value;
        notes.push(kept.ok ? `The credential report generated ${kept.value.generatedTime} was kept in ${kept.value.path}; later reviews can use it offline.` : `${kept.error.message} ${kept.error.hint}`);
        return add(read.value.source);
      }
      case 'finish': {
        const { previous, warning } = previousSavedReview(step.home);
        if (warning) notes.push(warning);
        const mutes = loadMutes(step.home);
        if (!mutes.ok) notes.push(`${mutes.error.message} Nothing is muted in this review. ${mutes.error.hint}`);
        say('Finding and comparing with the previous review…');
        const report = runReview({ sources, thresholds: step.thresholds, idKey: step.idKey, generatedAt: step.now, offline: step.offline, previous, suppressions: mutes.ok ? mutes.value : [] });
        say('Saving the review for the next comparison…');
        const saved = keepReview(step.home, report);
        if (!saved.ok) notes.push(`${saved.error.message} The next review will compare with an older one. ${saved.error.hint}`);
        return ok({ report, savedAs: saved.ok ? saved.value : null, notes });
      }
    }
  };
}
