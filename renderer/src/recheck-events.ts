/**
 * A recheck's state from its events. The answer that names the job (its id) and the job's events travel apart: in
 * the browser (`keyscope ui`) the events come over a connection of their own, and a recheck of one key against a
 * near endpoint can end before its answer arrives. Events of a job not known yet are kept, by job, and applied when
 * the answer comes; dropped, they left the page at "Rechecking 0 of 1…" for good (review-store.ts keeps a review's
 * early end the same way).
 */
import type { EventsLostView } from '../../shared/contract';
import type { RecheckDoneView, RecheckProgressView } from '../../shared/model';
import type { RecheckState } from './components/recheck-bar';

export type RecheckEvent = { readonly progress: RecheckProgressView } | { readonly done: RecheckDoneView };

/** The jobs whose early events are kept at most: more means answers that never came, whose events are stale. */
const KEPT_JOBS = 10;

/** `state` after one of its job's events. */
export function applyEvent(state: RecheckState, event: RecheckEvent): RecheckState {
  if ('progress' in event) {
    const p = event.progress;
    // Every check that failed is listed, whatever the profile's earlier status. After its events were lost, done
    // counts the results that reached the page ("N of M results reached this page"), not the recheck's own count.
    return { ...state, done: state.lost ? state.done + 1 : p.done, failures: p.error ? [...state.failures, { name: p.profile.name, error: p.error }] : state.failures };
  }
  const d = event.done;
  return { ...state, done: d.checked, finished: true, cancelled: d.cancelled, counts: { valid: d.valid, invalid: d.invalid, couldNotCheck: d.couldNotCheck }, error: d.error, lost: null };
}

/**
 * `state` once the page is told its events were lost (app:events-lost), or null if that changes nothing: a recheck
 * under way says so rather than "Rechecking…" for an end that may never come; one the page's own notice ended (by:
 * 'page', "keyscope ui may have stopped") takes keyscope ui's later one, sent when the page is back with it still
 * running: the recheck went on there. Its later events still apply.
 */
export function afterLost(state: RecheckState | null, lost: EventsLostView): RecheckState | null {
  return state && (!state.finished || state.lost?.by === 'page') ? { ...state, finished: true, lost } : null;
}

/** The events of rechecks whose answer has not come yet. */
export class EarlyEvents {
  private readonly byJob = new Map<string, RecheckEvent[]>();

  keep(jobId: string, event: RecheckEvent): void {
    const events = this.byJob.get(jobId);
    if (events) events.push(event);
    else this.byJob.set(jobId, [event]);
    for (const id of this.byJob.keys()) if (this.byJob.size > KEPT_JOBS) this.byJob.delete(id);
  }

  /** A job's state as its answer names it, with the events that came before the answer; they are then forgotten. */
  start(jobId: string, total: number): RecheckState {
    const events = this.byJob.get(jobId) ?? [];
    this.byJob.delete(jobId);
    const fresh: RecheckState = { jobId, done: 0, total, finished: false, cancelled: false, failures: [], counts: null, error: null, lost: null };
    return events.reduce(applyEvent, fresh);
  }
}
