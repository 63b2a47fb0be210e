/**
 * The Review view's state, kept outside the view so a review running or finished stays while the person looks at a
 * finding's page or another view: one subscription to review:progress, review:done and app:events-lost for the
 * window's life.
 */
import { useEffect, useState } from 'preact/hooks';
import type { EventsLostView } from '../../../shared/contract';
import type { Failure } from '../../../shared/failure';
import type { ErrorView, ImportedReportView, ReviewDoneView, ReviewProgressView, ReviewRunRequest, ReviewView } from '../../../shared/model';
import { api } from '../api';

/** What the view shows. */
export interface ReviewState {
  readonly running: ReviewProgressView | null;
  /**
   * The review that was running when this page lost its events (keyscope ui, app:events-lost): it went on in keyscope,
   * but its end may never reach the page. Its later events still apply.
   */
  readonly lost: (EventsLostView & { readonly jobId: string }) | null;
  readonly review: ReviewView | null;
  /** Why the last review could not run (from review:done), or why a request was refused. */
  readonly error: ErrorView | null;
  readonly failure: Failure | null;
  /** Credential reports read in main this session, to pick as sources. */
  readonly imported: readonly ImportedReportView[];
}

let state: ReviewState = { running: null, lost: null, review: null, error: null, failure: null, imported: [] };
const listeners = new Set<() => void>();

/** Changes the state and tells the views. */
export function setReviewState(change: Partial<ReviewState>): void {
  state = { ...state, ...change };
  for (const l of listeners) l();
}

/** The state, re-rendering on change. */
export function useReviewState(): ReviewState {
  const [, seen] = useState(state);
  useEffect(() => {
    const changed = () => seen(state);
    listeners.add(changed);
    changed(); // a change between the render and this subscription is not missed (the same state renders nothing)
    return () => void listeners.delete(changed);
  }, []);
  return state;
}

/** The job the view follows: the one running, or the one whose events were lost (never both: each write clears the other). */
const followed = () => state.running?.jobId ?? state.lost?.jobId;

api.on('review:progress', (p) => {
  if (followed() === p.jobId) setReviewState({ running: p, lost: null });
});
// A short review can end before the answer naming its job arrives: its end is kept until then.
const early = new Map<string, ReviewDoneView>();
const finish = (d: ReviewDoneView) => setReviewState({ running: null, lost: null, ...(d.review ? { review: d.review } : {}), error: d.error });
api.on('review:done', (d) => {
  if (followed() === d.jobId) return finish(d);
  early.set(d.jobId, d);
  for (const id of early.keys()) if (early.size > 10) early.delete(id);
});
// keyscope ui gave this page up while a review ran (or the page has had no connection for as long): its end may never
// come, so the view says what became of it rather than "running" for ever. keyscope ui back after the page's own
// notice says so too: the view then says the review went on, and reads "Last review" again.
api.on('app:events-lost', (lost) => {
  const jobId = followed();
  if (jobId) setReviewState({ running: null, lost: { ...lost, jobId } });
});

/**
 * Starts a review; the result arrives as an event. One at a time: the view holds its button while one runs, and a
 * second start before it is drawn so (a double click) is dropped here, or two reviews were saved and the first one
 * the person saw compared with the other ("0 new").
 */
export async function startReview(request: ReviewRunRequest): Promise<void> {
  if (state.running) return;
  setReviewState({ failure: null, error: null, lost: null, running: { jobId: '', message: 'Starting…', done: null, total: null } });
  const r = await api.runReview(request);
  if (!r.ok) return setReviewState({ running: null, failure: r.error });
  setReviewState({ running: { jobId: r.value.jobId, message: 'Starting…', done: null, total: null } });
  const ended = early.get(r.value.jobId);
  if (ended) {
    early.delete(r.value.jobId);
    finish(ended);
  }
}
