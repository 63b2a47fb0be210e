/**
 * The Review view's handlers: what can be reviewed, credential reports imported (an open dialog, or a file the page
 * sent; read in a worker thread), a review run in the background (review-job.ts), mutes kept under
 * KEYSCOPE_HOME/reviews/, exports in every report format (main's save dialog, or the text for the page to download),
 * and unmuted findings per profile.
 * Imported reports are held in this process; a finished review's summary too, and its findings in a worker thread
 * that holds that review alone (review-held.ts), which answers the pages of findings the view lists, mutes and
 * exports. The review itself is also saved for the next comparison.
 */
import { randomUUID } from 'node:crypto';
import { basename, dirname } from 'node:path';
import type { Channel } from '../../shared/contract.js';
import { inputFailure, storageFailure, type Failure } from '../../shared/failure.js';
import type { ImportedReportView, ReportFormatView } from '../../shared/model.js';
import { err, ok, type Result } from '../../shared/result.js';
import { readBoundedFile } from '../core/aws/read-bounded.js';
import { MAX_REPORT_BYTES } from '../core/review/credential-report.js';
import { REPORT_EXTENSIONS } from '../core/review/formats.js';
import { lastReviewTime } from '../core/review/gather.js';
import { DEFAULT_THRESHOLDS } from '../core/review/model.js';
import { addMute, mutesPath } from '../core/review/mutes.js';
import { profileFindings } from '../core/review/profile-findings.js';
import { listStoredReports } from '../core/review/sources/stored-reports.js';
import { expiryTime, type Suppression } from '../core/review/suppressions.js';
import { describeFileError } from '../core/errno-name.js';
import { appInternalFailure, type ChannelHandlers, type HandlerContext } from './handler-context.js';
import { keepNewest } from './keep-newest.js';
import { askAlone, planReview, reviewWorkerFile, startReview, StepThrew, type HeldReport } from './review-job.js';
import { reviewView, type HeldReview } from './review-view.js';
import type { ReviewStep, StepValues } from './review-work.js';

export type ReviewChannel = Extract<Channel, `review:${string}`>;

/** How many finished reviews (each in its worker thread) and imported reports a process holds (the oldest go first). */
const HELD_REVIEWS = 5;
const HELD_IMPORTS = 20;

const MEDIA_TYPES: Readonly<Record<ReportFormatView, string>> = { json: 'application/json', csv: 'text/csv', markdown: 'text/markdown', sarif: 'application/sarif+json', ocsf: 'application/json' };
const FILTER_NAMES: Readonly<Record<ReportFormatView, string>> = { json: 'JSON review', csv: 'CSV', markdown: 'Markdown', sarif: 'SARIF 2.1.0', ocsf: 'OCSF Detection Findings (JSON)' };

/** What main asks of a held review. */
type HeldStep = Extract<ReviewStep, { op: 'findings' | 'finding' | 'suppress' | 'export' | 'export-to' }>;
const DOING: Readonly<Record<HeldStep['op'], string>> = { findings: 'listing the findings', finding: 'showing the finding', suppress: 'applying the mute to this review', export: 'making the export', 'export-to': 'making the export' };

/** The failure of a request that threw in the review's worker (it runs on, the review held). */
function threw(step: HeldStep, tooLong: boolean): Failure {
  if (tooLong && (step.op === 'export' || step.op === 'export-to')) {
    return inputFailure('format', `The review is too large to export as ${FILTER_NAMES[step.format]}: its text would be longer than V8 allows (about 512 MiB). The review is still here.`, 'Export it as CSV, the smallest format, or review fewer credential reports at a time.');
  }
  return appInternalFailure(DOING[step.op], `keyscope hit an internal error while ${DOING[step.op]}; the review is still here, and nothing was changed.`);
}

const gone = (): Result<never, Failure> => err(inputFailure('reviewId', 'That review is no longer held (keyscope was restarted, several reviews ran since, or the thread holding it stopped).', 'Run the review again.'));

/** The review channels' handlers, on parsed requests (review-requests.ts). */
export function reviewHandlers(context: HandlerContext): ChannelHandlers<ReviewChannel> {
  const { deps } = context;
  // Reviews, mutes and reports live beside the profile store: KEYSCOPE_HOME, as the CLI resolves it.
  const home = deps.vault.store.dir;
  const reviews = new Map<string, HeldReview>();
  const imports = new Map<string, HeldReport>();

  /**
   * Asks review `reviewId`'s worker; a review no longer held, or whose worker is gone (it is let go), is said so. A
   * request that threw in a worker still running failed alone: the review stays held, and it is said what failed.
   */
  const ask = async <S extends HeldStep>(reviewId: string, step: S): Promise<Result<StepValues[S['op']], Failure>> => {
    const held = reviews.get(reviewId);
    if (!held) return gone();
    try {
      return await held.worker.ask(step);
    } catch (e) {
      if (e instanceof StepThrew) return err(threw(step, e.tooLong));
      if (reviews.get(reviewId) === held) reviews.delete(reviewId);
      held.worker.stop();
      return gone();
    }
  };
  const notHere = () => err(inputFailure('findingId', 'That finding is not in this review.', 'Run the review again.'));

  // An imported report is read to count its keys in a worker of its own (review-work.ts): read here, a report of
  // 100,000 users held this process about 2 s, every window and request with it. One at a time, in the order they came,
  // as they were read here: never several 20 MiB reports being parsed at once. Its text stays here for review:run.
  let reading: Promise<unknown> = Promise.resolve();
  const importText = async (label: string, text: string): Promise<Result<ImportedReportView, Failure>> => {
    const now = new Date().toISOString();
    const read = reading.then(() => askAlone(reviewWorkerFile(deps), { op: 'report-keys', label, text, now }));
    reading = read.catch(() => undefined);
    // A worker that cannot start or fails is a bug: thrown, it is answered as one (handlers.ts).
    const keys = await read;
    if (!keys.ok) return keys;
    const handle = randomUUID();
    keepNewest(imports, handle, { label, text }, HELD_IMPORTS);
    return ok({ handle, label, keys: keys.value });
  };

  return {
    'review:sources': async () => {
      const stored = listStoredReports(home);
      if (!stored.ok) return stored;
      const { unusedDays, rotationDays, staleDays } = DEFAULT_THRESHOLDS;
      return ok({
        storedReports: stored.value.map((r) => ({ name: basename(r.path), account: r.account, generatedTime: r.generatedTime })),
        nativeDialogs: deps.dialogs !== undefined,
        lastReviewAt: lastReviewTime(home),
        defaults: { unusedDays, rotationDays, staleDays },
        maxReportBytes: MAX_REPORT_BYTES,
      });
    },

    'review:open-report': async () => {
      if (!deps.dialogs) return err(inputFailure('dialog', 'This window has no file dialog of its own.', 'Choose the file with the file field instead.'));
      const path = await deps.dialogs.openFile({ title: 'Open an IAM credential report', filters: [{ name: 'Credential report (CSV)', extensions: ['csv'] }, { name: 'All files', extensions: ['*'] }] });
      if (path === null) return ok(null);
      const read = readBoundedFile(path, MAX_REPORT_BYTES);
      if (!read.ok) return err(inputFailure('file', `The file ${path} ${read.error.detail}.`, 'Choose the credential report CSV as AWS gives it (a regular file of at most 20 MiB).'));
      return importText(basename(path), read.value);
    },

    'review:import-report': async ({ name, text }) => importText(name || 'imported credential report', text),

    'review:run': async (req) => {
      const all = deps.vault.list();
      if (!all.ok) return all;
      const plan = planReview(req, all.value, imports);
      if (!plan.ok) return plan;
      const jobId = startReview(context, home, plan.value, (id, held) => {
        keepNewest(reviews, id, held, HELD_REVIEWS, (dropped) => dropped.worker.stop());
        return reviewView(id, held);
      });
      return ok({ jobId });
    },

    'review:findings': async ({ reviewId, ...query }) => ask(reviewId, { op: 'findings', query }),

    'review:finding': async ({ reviewId, findingId }) => {
      const found = await ask(reviewId, { op: 'finding', id: findingId });
      return !found.ok ? found : found.value ? ok(found.value) : notHere();
    },

    'review:mute': async ({ reviewId, findingId, scope, reason, expires }) => {
      const found = await ask(reviewId, { op: 'finding', id: findingId });
      if (!found.ok) return found;
      const finding = found.value;
      if (!finding) return notHere();
      const now = new Date().toISOString();
      if (expires !== undefined && (Number.isNaN(expiryTime(expires)) || expiryTime(expires) <= Date.parse(now))) {
        return err(inputFailure('expires', `The expiry "${expires}" is ${Number.isNaN(expiryTime(expires)) ? 'not a date' : 'already past'}.`, 'Give a date to come (such as 2026-06-30), or none for a mute that does not expire.'));
      }
      // The finding as the page sees it: its key id masked, its check and account as they are.
      if (scope === 'account' && finding.Resource.Account === null) return err(inputFailure('scope', 'This finding names no account.', 'Mute this finding alone.'));
      const resource = scope === 'finding' ? `finding:${finding.Id}` : scope === 'account' ? `account:${finding.Resource.Account}` : '*';
      // The check as the review's engine named it (the view's type says only text).
      const all = addMute(home, { check: finding.Check as Suppression['check'], resource, reason, expires: expires ?? null });
      if (!all.ok) return all;
      const muted = await ask(reviewId, { op: 'suppress', suppressions: all.value, now, id: findingId });
      // Saved all the same: the page must not say it was not muted.
      if (!muted.ok) {
        const why = muted.error.kind === 'internal' ? 'keyscope hit an internal error applying it to this review' : 'this review is no longer held (several reviews ran since, or the thread holding it stopped)';
        return err(inputFailure('reviewId', `The mute was saved in ${mutesPath(home)}, but ${why}, so it could not show the finding muted.`, 'The mute applies from the next review: run the review again to see it.'));
      }
      if (!muted.value) return notHere();
      const held = reviews.get(reviewId);
      if (held) reviews.set(reviewId, { ...held, summary: { ...held.summary, summary: muted.value.summary } });
      return ok(muted.value);
    },

    'review:export': async ({ reviewId, format, unmask }) => {
      const held = reviews.get(reviewId);
      if (!held) return gone();
      const fileName = `keyscope-review-${held.summary.generatedAt.slice(0, 19).replace(/[-:]/g, '')}.${REPORT_EXTENSIONS[format]}`;
      // Made (and written) by the review's worker: a review of 200,000 findings is 290 MB of JSON.
      if (!deps.dialogs) {
        const text = await ask(reviewId, { op: 'export', format, unmask: unmask === true });
        return text.ok ? ok({ kind: 'download', fileName, mediaType: MEDIA_TYPES[format], text: text.value }) : text;
      }
      const path = await deps.dialogs.saveFile({ title: `Export the review as ${FILTER_NAMES[format]}`, defaultName: fileName, filters: [{ name: FILTER_NAMES[format], extensions: [REPORT_EXTENSIONS[format].split('.').at(-1) as string] }] });
      if (path === null) return ok({ kind: 'cancelled' });
      const written = await ask(reviewId, { op: 'export-to', format, unmask: unmask === true, path });
      if (!written.ok) return written;
      if (written.value.writeError !== null) {
        const message = `The report could not be written to ${path} (${describeFileError(written.value.writeError, 'write', dirname(path))}); nothing was changed there.`;
        return err(storageFailure('io', path, message, 'Choose a folder you can write to, on a disk with room.'));
      }
      return ok({ kind: 'saved', path });
    },

    'review:profile-findings': async () => {
      const all = deps.vault.list();
      return all.ok ? ok(profileFindings(home, all.value, new Date().toISOString())) : all;
    },
  };
}
