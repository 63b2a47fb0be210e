/**
 * A recheck running in the background: each result goes out as `recheck:progress`, then one `recheck:done` with
 * what the checks found. It always ends with `recheck:done`, even when a bug stops it: its promise is never left
 * unhandled (in Electron's main process that would end the app).
 */
import { profileRowView } from '../core/views.js';
import { randomUUID } from 'node:crypto';
import { errorView, type ErrorView } from '../../shared/model.js';
import { savedProfileCheck } from '../core/checks.js';
import type { ProfileMeta } from '../core/vault/profiles.js';
import { recheckProfiles, type RecheckProgress } from '../core/vault/recheck.js';
import { appInternalFailure, type HandlerContext } from './handler-context.js';

/** Starts rechecking `chosen`; returns the job's id at once. */
export function startRecheck({ deps, jobs, spacing, emit, verifyProfile }: HandlerContext, chosen: readonly ProfileMeta[]): string {
  const jobId = randomUUID();
  const controller = new AbortController();
  jobs.set(jobId, controller);
  const counts = { checked: 0, valid: 0, invalid: 0, couldNotCheck: 0 };
  let finished = false;

  const finish = (cancelled: boolean, error: ErrorView | null) => {
    if (finished) return;
    finished = true;
    jobs.delete(jobId);
    emit('recheck:done', { jobId, total: chosen.length, cancelled, error, ...counts });
  };

  const onProgress = ({ done, total, item }: RecheckProgress) => {
    if (finished) return; // checks still in flight after a failure are not reported past the end
    counts.checked = done;
    const decided = item.record.valid;
    if (decided === true) counts.valid += 1;
    else if (decided === false) counts.invalid += 1;
    else counts.couldNotCheck += 1;
    // The profile as it is stored with this check (recheck derives it without reading the store per result).
    emit('recheck:progress', { jobId, done, total, profile: profileRowView(item.profile), error: item.record.error ?? null });
  };

  recheckProfiles(deps.vault, chosen, {
    signal: controller.signal,
    spacing,
    check: savedProfileCheck(deps.vault, chosen, verifyProfile, controller.signal),
    onProgress,
  })
    .then(
      (result) => finish(result.cancelled, result.storeFailure ? errorView(result.storeFailure) : null),
      () => {
        controller.abort(); // the other checks stop where they are
        const bug = appInternalFailure('rechecking profiles', 'The recheck stopped on an internal error in keyscope; results of the checks before it may not all have been saved.');
        finish(false, errorView(bug));
      },
    )
    // finish cannot throw (emit swallows delivery errors); this only keeps the promise chain closed.
    .catch(() => jobs.delete(jobId));
  return jobId;
}
