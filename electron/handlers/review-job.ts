/**
 * A review running in the background, as a recheck does: each step goes out as `review:progress`, then one
 * `review:done` with the review or why it could not run. Sources are gathered as the CLI gathers them
 * (core/review/gather.ts); the review is compared with the previous saved one, mutes applied, and saved.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Request } from '../../shared/contract.js';
import { inputFailure, type Failure, type InputFailure } from '../../shared/failure.js';
import { errorView, type ReviewView } from '../../shared/model.js';
import { err, ok, type Result } from '../../shared/result.js';
import { readBoundedFile } from '../core/aws/read-bounded.js';
import { MAX_REPORT_BYTES } from '../core/review/credential-report.js';
import { isoTimeAdvice, parseIsoTime } from '../core/review/iso-time.js';
import { fetchReportSource, keyListSummaryText, passiveAudit, previousSavedReview, reportTextSource, reviewAndSave } from '../core/review/gather.js';
import type { SourceData, Thresholds } from '../core/review/model.js';
import { loadMutes } from '../core/review/mutes.js';
import { parseKeyList } from '../core/review/sources/key-list.js';
import { profilesSource } from '../core/review/sources/profiles.js';
import { REPORTS_DIR, storedReportInfo } from '../core/review/sources/stored-reports.js';
import { ensureIdKey } from '../core/review/store.js';
import type { ProfileMeta } from '../core/vault/profiles.js';
import { appInternalFailure, type HandlerContext } from './handler-context.js';
import type { HeldReview } from './review-view.js';

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
const need = <T>(r: Result<T, Failure>): T => {
  if (!r.ok) throw new Stop(r.error);
  return r.value;
};
const asInput = (field: string, p: { message: string; hint: string }): Failure => inputFailure(field, p.message, p.hint);

/** Runs `plan` in the background under `home`; `hold` keeps the finished review. Returns the job's id at once. */
export function startReview(context: HandlerContext, home: string, plan: ReviewPlan, hold: (jobId: string, review: HeldReview) => ReviewView): string {
  const { deps, emit, client } = context;
  const jobId = randomUUID();
  const notes: string[] = [];
  const say = (message: string, done: number | null = null, total: number | null = null) => emit('review:progress', { jobId, message, done, total });

  const signer = async (p: ProfileMeta) => {
    const credentials = need(await deps.vault.credentials(p));
    return need(client(credentials, { profileRegion: p.region }));
  };

  const gather = async (now: string): Promise<SourceData[]> => {
    const sources: SourceData[] = [];
    if (plan.profiles.length > 0) sources.push(profilesSource(plan.profiles, now));
    for (const name of plan.storedReports) {
      const path = join(home, REPORTS_DIR, name);
      const info = storedReportInfo(path);
      const label = `stored credential report of ${info?.account ?? 'an unknown account'} (${info?.generatedTime ?? name})`;
      const read = readBoundedFile(path, MAX_REPORT_BYTES);
      if (!read.ok) throw new Stop(inputFailure('storedReports', `The stored credential report ${path} ${read.error.detail}.`, 'Reload the Review view: the list shows the reports kept now.'));
      const parsed = reportTextSource(read.value, { label, path, now, ...(plan.asOf ? { asOf: plan.asOf } : {}) });
      sources.push(need(parsed.ok ? parsed : err(asInput('storedReports', { message: `${label}: ${parsed.error.message}`, hint: parsed.error.hint }))));
    }
    for (const held of plan.imported) {
      const parsed = reportTextSource(held.text, { label: held.label, now, ...(plan.asOf ? { asOf: plan.asOf } : {}) });
      sources.push(need(parsed.ok ? parsed : err(asInput('importedReports', { message: `${held.label}: ${parsed.error.message}`, hint: parsed.error.hint }))));
    }
    if (plan.keys) {
      const parsed = parseKeyList(plan.keys, 'pasted key ids', now);
      if (!parsed.ok) throw new Stop(asInput('keys', parsed.error));
      notes.push(keyListSummaryText('pasted key ids', parsed.value.summary));
      sources.push(parsed.value.source);
    }
    if (plan.fetchWith) {
      say(`Asking IAM for the credential report with "${plan.fetchWith.name}"…`);
      const c = await signer(plan.fetchWith);
      const fetched = need(await fetchReportSource(c, home, plan.fetchWith.name, { sleep: (ms) => new Promise((r) => setTimeout(r, ms)), onProgress: (m) => say(m) }));
      notes.push(fetched.kept.ok ? `The credential report generated ${fetched.kept.value.generatedTime} was kept in ${fetched.kept.value.path}; later reviews can use it offline.` : `${fetched.kept.error.message} ${fetched.kept.error.hint}`);
      sources.push(fetched.source);
    }
    if (plan.auditWith) {
      const auditor = plan.auditWith;
      say(`Passive audit with "${auditor.name}"…`);
      const c = await signer(auditor);
      const reviewed = plan.profiles.length > 0 ? plan.profiles : plan.all;
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
      sources.push(audited.result.source);
    }
    return sources;
  };

  const work = async () => {
    const idKey = need(ensureIdKey(home));
    const now = new Date().toISOString();
    say('Reading the sources…');
    const sources = await gather(now);
    const { previous, warning } = previousSavedReview(home);
    if (warning) notes.push(warning);
    const mutes = loadMutes(home);
    if (!mutes.ok) notes.push(`${mutes.error.message} Nothing is muted in this review. ${mutes.error.hint}`);
    const { report, saved } = reviewAndSave(home, { sources, thresholds: plan.thresholds, idKey, generatedAt: now, offline: plan.offline, previous, suppressions: mutes.ok ? mutes.value : [] });
    if (!saved.ok) notes.push(`${saved.error.message} The next review will compare with an older one. ${saved.error.hint}`);
    return hold(jobId, { report, savedAs: saved.ok ? saved.value : null, notes });
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
