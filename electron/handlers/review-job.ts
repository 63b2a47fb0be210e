/**
 * A review running in the background, as a recheck does: each step goes out as `review:progress`, then one
 * `review:done` with the review or why it could not run. Sources are gathered as the CLI gathers them
 * (core/review/gather.ts); the review is compared with the previous saved one, mutes applied, and saved.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { MessageChannel, Worker, type Transferable } from 'node:worker_threads';
import type { Request } from '../../shared/contract.js';
import { inputFailure, type Failure, type InputFailure } from '../../shared/failure.js';
import { errorView, type ReviewView } from '../../shared/model.js';
import { err, ok, type Result } from '../../shared/result.js';
import { isoTimeAdvice, parseIsoTime } from '../core/review/iso-time.js';
import { fetchAndKeepReport, passiveAudit } from '../core/review/gather.js';
import type { Thresholds } from '../core/review/model.js';
import { savedKeyChecks } from '../core/review/report-own-use.js';
import { profilesSource } from '../core/review/sources/profiles.js';
import { storedReportInfo } from '../core/review/sources/stored-reports.js';
import { ensureIdKey } from '../core/review/store.js';
import type { ProfileMeta } from '../core/vault/profiles.js';
import { appInternalFailure, type HandlerContext } from './handler-context.js';
import type { HeldReview } from './review-view.js';
import type { ReviewStep, StepAnswer } from './review-work.js';

/** An imported credential report, held in main under a handle. */
export interface HeldReport {
  readonly label: string;
  readonly text: string;
}

/** A review request checked against what is saved: everything a run needs before anything is read or sent. */
export interface ReviewPlan {
  readonly profiles: readonly ProfileMeta[];
  readonly all: readonly ProfileMeta[];
  readonly storedReports: readonly string[];
  readonly imported: readonly HeldReport[];
  readonly keys?: string;
  readonly fetchWith?: ProfileMeta;
  readonly auditWith?: ProfileMeta;
  readonly offline: boolean;
  readonly thresholds: Partial<Thresholds>;
  readonly asOf?: string;
}

const refuse = (field: string, message: string, hint: string): Result<never, InputFailure> => err(inputFailure(field, message, hint));

function days(field: string, label: string, v: number | undefined): Result<number | undefined, InputFailure> {
  if (v !== undefined && (v < 1 || v > 36500)) return refuse(field, `${label} must be a whole number of days from 1 to 36500.`, 'Leave it empty for the default.');
  return ok(v);
}

/** Checks a review request; the failure names the field at fault in words the Review view can show. */
export function planReview(req: Request<'review:run'>, all: readonly ProfileMeta[], imports: ReadonlyMap<string, HeldReport>): Result<ReviewPlan, InputFailure> {
  const byId = (id: string | undefined) => (id === undefined ? undefined : all.find((p) => p.id === id));
  if (req.offline && (req.fetchWith || req.auditWith)) {
    return refuse(req.fetchWith ? 'fetchWith' : 'auditWith', `Offline promises that nothing is sent, but ${req.fetchWith ? 'fetching a credential report' : 'a passive audit'} needs the network.`, 'Turn offline off, or review a stored credential report instead.');
  }
  for (const [field, id] of [['fetchWith', req.fetchWith], ['auditWith', req.auditWith]] as const) {
    if (id !== undefined && !byId(id)) return refuse(field, 'That profile no longer exists.', 'Reload the Review view and pick another.');
  }
  const profiles = req.allProfiles ? all : all.filter((p) => (req.profileIds ?? []).includes(p.id));
  const imported: HeldReport[] = [];
  for (const handle of req.importedReports ?? []) {
    const held = imports.get(handle);
    if (!held) return refuse('importedReports', 'An imported credential report is no longer held (keyscope was restarted).', 'Import the file again.');
    imported.push(held);
  }
  const stored = req.storedReports ?? [];
  // Names only, as the list gave them: never a path into another folder.
  if (stored.some((n) => n.includes('/') || n.includes('\\') || storedReportInfo(n) === null)) return refuse('storedReports', 'That is not the name of a stored credential report.', 'Reload the Review view and pick from its list.');
  const keys = req.keys?.trim() ? req.keys : undefined;
  if (profiles.length === 0 && stored.length === 0 && imported.length === 0 && !keys && !req.fetchWith && !req.auditWith) {
    return refuse('sources', 'Nothing to review.', 'Pick saved profiles, a credential report, key ids, or an auditor profile.');
  }
  const unused = days('unusedDays', 'Unused after', req.unusedDays);
  const rotation = days('rotationDays', 'Rotate after', req.rotationDays);
  const stale = days('staleDays', 'A check is stale after', req.staleDays);
  for (const d of [unused, rotation, stale]) if (!d.ok) return d;
  const accounts = req.accounts?.split(/[\s,]+/).filter(Boolean);
  const badAccount = accounts?.find((a) => !/^\d{12}$/.test(a));
  if (badAccount !== undefined) return refuse('accounts', `Expected accounts are 12-digit account ids separated by commas; "${badAccount.slice(0, 40)}" is not one.`, 'For example: 111122223333, 444455556666');
  let asOf: string | undefined;
  if (req.asOf !== undefined) {
    const t = parseIsoTime(req.asOf);
    if (!t.ok) return refuse('asOf', `"${req.asOf.slice(0, 40)}" is not a date keyscope reads: ${isoTimeAdvice(t.error)}.`, 'Give a date such as 2025-06-30, or leave it empty.');
    asOf = t.value;
  }
  const thresholds: Partial<Thresholds> = {
    ...(unused.ok && unused.value !== undefined ? { unusedDays: unused.value } : {}),
    ...(rotation.ok && rotation.value !== undefined ? { rotationDays: rotation.value } : {}),
    ...(stale.ok && stale.value !== undefined ? { staleDays: stale.value } : {}),
    ...(accounts && accounts.length > 0 ? { accounts } : {}),
  };
  const fetchWith = byId(req.fetchWith);
  const auditWith = byId(req.auditWith);
  return ok({ profiles, all, storedReports: stored, imported, offline: req.offline, thresholds, ...(keys ? { keys } : {}), ...(fetchWith ? { fetchWith } : {}), ...(auditWith ? { auditWith } : {}), ...(asOf ? { asOf } : {}) });
}

/** A failure that stops the review; the job reports it in review:done. */
class Stop extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}
/** A review saved as `savedAs` that no thread could hold for the window. */
const notHeld = (savedAs: string): Failure => ({
  ...appInternalFailure('holding the finished review'),
  message: `The review was made and saved as ${savedAs}, but the thread that would hold it for this window stopped, so it cannot be shown here.`,
  hint: 'Run the review again to see it: it compares with the one saved, so the findings they share read "unchanged", not "new".',
});
const need = <T>(r: Result<T, Failure>): T => {
  if (!r.ok) throw new Stop(r.error);
  return r.value;
};

/** A step that threw in its worker, which runs on: that step failed, the worker and what it holds did not. */
export class StepThrew extends Error {
  /** `tooLong`: the text it made was past V8's longest string (an export of a very large review). */
  constructor(readonly tooLong: boolean) {
    super('a step of the review worker failed on an error');
  }
}

/** The review worker's bundle, beside the bundle this file is in (out/main/, out/browser-ui/; scripts/build.mjs). */
const REVIEW_WORKER_FILE = join(__dirname, 'review-worker.js');

/** The review worker's bundle: the one beside this bundle, unless a test hands its own. */
export const reviewWorkerFile = (deps: HandlerContext['deps']): string => deps.reviewWorker ?? REVIEW_WORKER_FILE;

/** A review worker (review-worker.ts) for one job's run, or for the review it finished: each ask answered in turn. */
export interface ReviewWorker {
  /** The answer to `step` (sent with `transfer`); rejects with StepThrew when the step threw, else when the worker is gone. */
  ask<S extends ReviewStep>(step: S, transfer?: readonly Transferable[]): Promise<StepAnswer<S>>;
  /** Held once its review is done: it no longer keeps the process running (`keyscope ui` stops on Ctrl-C). */
  held(): void;
  stop(): void;
}

function startWorker(file: string, say: (message: string) => void): ReviewWorker {
  const worker = new Worker(file);
  // The worker answers in the order it was asked: one waiting promise per ask, first in first out.
  const waiting: Array<{ resolve: (a: StepAnswer) => void; reject: (e: Error) => void }> = [];
  let broken: Error | null = null;
  const fail = (e: Error) => {
    broken ??= e;
    for (const w of waiting.splice(0)) w.reject(broken);
  };
  worker.on('message', (m: { progress?: string; answer?: StepAnswer; crashed?: boolean; tooLong?: boolean }) => {
    if (m.progress !== undefined) return say(m.progress);
    const w = waiting.shift();
    if (m.answer) w?.resolve(m.answer);
    else w?.reject(new StepThrew(m.tooLong === true));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the review worker exited (${code})`)));
  return {
    ask: <S extends ReviewStep>(step: S, transfer: readonly Transferable[] = []): Promise<StepAnswer<S>> =>
      broken
        ? Promise.reject(broken)
        : new Promise((resolve, reject) => {
            waiting.push({ resolve: resolve as (a: StepAnswer) => void, reject });
            worker.postMessage(step, transfer);
          }),
    held: () => void worker.unref(),
    stop: () => void worker.terminate(),
  };
}

/** The answer to `step` from a worker of its own, stopped once it answers; rejects when that worker fails. */
export async function askAlone<S extends ReviewStep>(file: string, step: S): Promise<StepAnswer<S>> {
  const worker = startWorker(file, () => undefined);
  try {
    return await worker.ask(step);
  } finally {
    worker.stop();
  }
}

/**
 * Runs `plan` in the background under `home`; `hold` keeps the finished review, and its worker, which holds the
 * findings from then on. Returns the job's id at once. What holds the CPU (reading reports, finding, comparing,
 * saving) runs in a worker thread, step by step; this process only asks AWS (fetch, audit) and reads the keychain,
 * so windows and other requests are answered meanwhile.
 */
export function startReview(context: HandlerContext, home: string, plan: ReviewPlan, hold: (jobId: string, review: HeldReview) => ReviewView): string {
  const { deps, emit, client } = context;
  const jobId = randomUUID();
  const say = (message: string, done: number | null = null, total: number | null = null) => emit('review:progress', { jobId, message, done, total });
  const asOf = plan.asOf ? { asOf: plan.asOf } : {};

  const signer = async (p: ProfileMeta) => {
    const credentials = need(await deps.vault.credentials(p));
    return need(client(credentials, { profileRegion: p.region }));
  };

  const gather = async (now: string, step: (s: ReviewStep) => Promise<unknown>): Promise<void> => {
    if (plan.profiles.length > 0) await step({ op: 'source', source: profilesSource(plan.profiles, now, plan.profiles === plan.all) });
    // Every saved key's checks, whichever profiles are reviewed: a report row's last use may be one of them.
    const savedKeys = savedKeyChecks(plan.all);
    for (const name of plan.storedReports) await step({ op: 'stored-report', home, name, now, savedKeys, ...asOf });
    for (const held of plan.imported) await step({ op: 'imported-report', held, now, savedKeys, ...asOf });
    if (plan.keys) await step({ op: 'keys', text: plan.keys, now });
    if (plan.fetchWith) {
      say(`Asking IAM for the credential report with "${plan.fetchWith.name}"…`);
      const c = await signer(plan.fetchWith);
      const fetched = need(await fetchAndKeepReport(c, home, { sleep: (ms) => new Promise((r) => setTimeout(r, ms)), onProgress: (m) => say(m) }));
      await step({ op: 'fetched-report', fetched, name: plan.fetchWith.name, savedKeys });
    }
    if (plan.auditWith) {
      const auditor = plan.auditWith;
      say(`Passive audit with "${auditor.name}"…`);
      const c = await signer(auditor);
      const reviewed = plan.profiles.length > 0 ? plan.profiles : plan.all;
      const notes: string[] = [];
      const audited = need(
        await passiveAudit(
          c,
          auditor,
          reviewed,
          now,
          (p, account) => {
            for (const s of p.skipped) notes.push(`Audit: "${s.profile}" left out: ${s.reason}.`);
            notes.push(`Audit: ${p.audited.length} saved key${p.audited.length === 1 ? '' : 's'} of account ${account}, asked with "${auditor.name}" only.`);
          },
          (done, total) => say(`Audit: ${Math.min(done + 1, total)} of ${total}`, done, total),
        ),
      );
      for (const f of audited.result.failures) notes.push(`Audit: "${f.profile}": ${f.failure.message} ${f.failure.hint}`);
      for (const text of notes) await step({ op: 'note', text });
      await step({ op: 'source', source: audited.result.source });
    }
  };

  const work = async () => {
    const idKey = need(ensureIdKey(home));
    const now = new Date().toISOString();
    say('Reading the sources…');
    const file = reviewWorkerFile(deps);
    const worker = startWorker(file, say);
    // The finished review goes from the run's worker to one that holds it alone, never through this process: the
    // run's worker kept all it had made (V8 collects nothing in a thread gone idle), 470 MB of heap for a review of
    // 100,000 findings, which are 100 MB.
    const { port1: to, port2: from } = new MessageChannel();
    let holder = null as ReviewWorker | null;
    try {
      const step = async <S extends ReviewStep>(s: S, transfer?: readonly Transferable[]) => need(await worker.ask(s, transfer));
      await gather(now, step);
      const outcome = await step({ op: 'finish', home, idKey, now, offline: plan.offline, thresholds: plan.thresholds, to }, [to]);
      try {
        holder = startWorker(file, () => undefined);
        need(await holder.ask({ op: 'hold', from }, [from]));
      } catch (e) {
        // Saved already: the next review compares with it, so "nothing was saved" would be untrue, and its findings
        // would read "unchanged" with no word of why.
        if (outcome.savedAs === null) throw e;
        throw new Stop(notHeld(outcome.savedAs));
      }
      holder.held();
      return hold(jobId, { ...outcome, worker: holder });
    } catch (e) {
      holder?.stop();
      from.close();
      throw e;
    } finally {
      worker.stop();
    }
  };

  work()
    .then(
      (review) => emit('review:done', { jobId, review, error: null }),
      (e: unknown) => {
        const failure = e instanceof Stop ? e.failure : appInternalFailure('running the review', 'The review stopped on an internal error in keyscope; nothing was saved.');
        emit('review:done', { jobId, review: null, error: errorView(failure) });
      },
    )
    // emit swallows delivery errors; this only keeps the promise chain closed.
    .catch(() => undefined);
  return jobId;
}
