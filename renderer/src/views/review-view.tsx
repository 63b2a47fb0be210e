/**
 * The Review view: choose sources, run a review with progress, then its summary, findings, what is new and what was
 * resolved since the last review, and export. A finding's page is #/review/finding/ID.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EventsLostView } from '../../../shared/contract';
import type { ProfileView, ReviewSourcesView, ReviewView as Review } from '../../../shared/model';
import { api, run } from '../api';
import { ErrorBox } from '../components/error-box';
import { lostWords } from '../events-lost';
import { escapeControls, relative } from '../format';
import { ReviewExport } from './review-export';
import { ReviewFinding } from './review-finding';
import { ReviewFindings } from './review-findings';
import { ReviewSources } from './review-sources';
import { setReviewState, startReview, useReviewState } from './review-store';

function SinceLast({ review }: { review: Review }) {
  const more = review.resolvedCount - review.resolved.length;
  return (
    <section aria-labelledby="since-title" data-testid="review-since">
      <h3 id="since-title">Since the last review</h3>
      {review.comparedWith === null ? (
        <p>This is the first review: every finding is new.</p>
      ) : (
        <p>
          Compared with {escapeControls(review.comparedWith)}: {review.newCount} new, {review.findingCount - review.newCount} unchanged, {review.resolvedCount} resolved.
        </p>
      )}
      {review.resolved.length > 0 && (
        <ul aria-label="Resolved findings">
          {review.resolved.map((r) => (
            <li key={r.Id}>
              resolved: {escapeControls(r.Title)} <code>{escapeControls(r.Check)}</code>
            </li>
          ))}
          {more > 0 && <li>and {more} more (Export… lists them all)</li>}
        </ul>
      )}
    </section>
  );
}

/** What became of a review that ran while this page lost its events (keyscope ui): it went on, or keyscope stopped. */
function reviewLostWords(lost: EventsLostView): string {
  const lostTouch = `While the review ran, this page lost touch with keyscope: ${lostWords(lost)}`;
  return lost.by === 'keyscope'
    ? `${lostTouch}, and what keyscope sent meanwhile was lost. The review went on in keyscope, which saves it once it ends ("Last review" above says when) for the next review to compare with. If it ends from now on, it is shown here; if it has ended, run the review again to see its findings (those the two share read "unchanged").`
    : `${lostTouch}. If keyscope ui still runs, the review went on there, and it is saved once it ends ("Last review" above says when); if keyscope ui stopped first, the review was not saved: run it again.`;
}

function ReviewResult({ review }: { review: Review }) {
  return (
    <section aria-labelledby="result-title" data-testid="review-result">
      <h2 id="result-title">
        Review of {relative(review.generatedAt)} {review.offline ? '(offline)' : ''}
      </h2>
      <ul aria-label="Sources">
        {review.sources.map((s) => (
          <li key={`${s.Kind}-${s.Label}`}>
            {escapeControls(s.Label)}: {s.Keys} key{s.Keys === 1 ? '' : 's'}, data as of {escapeControls(s.DataAsOf)}
          </li>
        ))}
      </ul>
      {review.notes.length > 0 && (
        <ul aria-label="Notes" className="hint">
          {review.notes.map((n) => (
            <li key={n}>{escapeControls(n)}</li>
          ))}
        </ul>
      )}
      <SinceLast review={review} />
      <ReviewFindings review={review} />
      <ReviewExport review={review} />
    </section>
  );
}

export function ReviewView({ route, profiles, onReviewed }: { route: string; profiles: readonly ProfileView[]; onReviewed: () => void }) {
  const state = useReviewState();
  const [sources, setSources] = useState<ReviewSourcesView | null>(null);
  const reviewId = state.review?.reviewId;
  // A review whose end may not reach the page (app:events-lost) may have been saved meanwhile: "Last review" is read
  // again, unless the page found it has had no socket (by: 'page': keyscope ui has likely stopped, and cannot answer).
  const lost = state.lost;
  const reread = lost?.by === 'keyscope' ? lost : null;
  const findingsShown = state.review ? state.review.summary : null;
  const reviewed = useRef(onReviewed);
  reviewed.current = onReviewed;
  useEffect(() => {
    run(async () => {
      const r = await api.reviewSources({});
      if (r.ok) setSources(r.value);
      else setReviewState({ failure: r.error });
    });
  }, [reviewId, reread]);
  // A new review or a mute changes the profile list's findings column.
  useEffect(() => {
    if (findingsShown) reviewed.current();
  }, [findingsShown]);

  const finding = /^\/review\/finding\/([0-9a-f]{32})$/.exec(route)?.[1];
  if (finding) return <ReviewFinding review={state.review} id={finding} />;
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">Security review</h2>
      <p className="help">
        Findings on saved profiles, IAM credential reports and key ids, with CIS AWS Foundations numbers. Offline, nothing is sent; a passive audit signs only with the auditor, never with a reviewed key.
        {sources?.lastReviewAt ? ` Last review: ${relative(sources.lastReviewAt)}.` : ''}
      </p>
      <ErrorBox failure={state.failure} title="The review cannot run" />
      <ErrorBox error={state.error} title="The review could not run" />
      {sources ? <ReviewSources profiles={profiles} sources={sources} imported={state.imported} busy={state.running !== null} onRun={(req) => run(() => startReview(req))} /> : <p aria-busy="true">Loading…</p>}
      {state.running && (
        <div className="recheck" aria-live="polite" data-testid="review-progress">
          <label>
            {escapeControls(state.running.message)}
            <progress aria-label="Review progress" {...(state.running.total ? { max: state.running.total, value: state.running.done ?? 0 } : {})} />
          </label>
        </div>
      )}
      {lost && (
        <p role="status" className="quiet-status" data-testid="review-lost">
          {reviewLostWords(lost)}
        </p>
      )}
      {state.review && <ReviewResult review={state.review} />}
    </section>
  );
}
