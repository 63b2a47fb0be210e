/** One finding: what was found, its evidence, the age of the data, remediation, compliance; Mute… with reason and expiry. */
import { useEffect, useState } from 'preact/hooks';
import type { MuteScopeView, ReviewFindingView, ReviewView } from '../../../shared/model';
import { api, run } from '../api';
import { ErrorBox } from '../components/error-box';
import { escapeControls, relative } from '../format';
import type { Failure } from '../../../shared/failure';
import { resourceText } from '../../../shared/review-list';
import { severityClass } from './review-findings';
import { setReviewState } from './review-store';

const evidenceText = (v: ReviewFindingView['Evidence'][string]): string => (v === null ? '—' : escapeControls(Array.isArray(v) ? v.join(', ') : String(v)));

function MuteForm({ review, finding, onMuted, onDone }: { review: ReviewView; finding: ReviewFindingView; onMuted: (f: ReviewFindingView) => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState('');
  const [scope, setScope] = useState<MuteScopeView>('finding');
  const [failure, setFailure] = useState<Failure | null>(null);
  const mute = async () => {
    const r = await api.muteFinding({ reviewId: review.reviewId, findingId: finding.Id, scope, reason: reason.trim(), ...(expires ? { expires } : {}) });
    if (!r.ok) return setFailure(r.error);
    // The review's counts change; its findings are asked again where they are listed.
    setReviewState({ review: { ...review, summary: r.value.summary } });
    onMuted(r.value.finding);
    onDone();
  };
  return (
    <form
      className="confirm"
      aria-labelledby="mute-title"
      onSubmit={(e) => {
        e.preventDefault();
        run(mute);
      }}
    >
      <h4 id="mute-title">Mute this finding</h4>
      <p className="help">A muted finding stays in reports, marked muted, and no longer counts. Kept in KEYSCOPE_HOME/reviews/suppressions.json (the CLI reads it with --suppressions).</p>
      <label className="field">
        Reason
        <textarea value={reason} onInput={(e) => setReason(e.currentTarget.value)} required rows={2} autoFocus />
      </label>
      <label className="field">
        Expires (optional; it lasts through that day)
        <input type="date" value={expires} onInput={(e) => setExpires(e.currentTarget.value)} />
      </label>
      <label className="field">
        Applies to
        <select value={scope} onChange={(e) => setScope(e.currentTarget.value as MuteScopeView)}>
          <option value="finding">this finding</option>
          {finding.Resource.Account && <option value="account">{finding.Check} in account {escapeControls(finding.Resource.Account)}</option>}
          <option value="check">{finding.Check} everywhere</option>
        </select>
      </label>
      <div className="actions">
        <button type="submit" disabled={reason.trim() === ''}>
          Mute
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      {/* An input failure's message says what happened (a mute saved that this review could not show among them). */}
      <ErrorBox failure={failure} title={failure?.kind === 'input' ? undefined : 'The finding was not muted'} />
    </form>
  );
}

/** The finding asked for, and for which review and id: another review or id asks again. */
interface Shown {
  readonly reviewId: string;
  readonly id: string;
  readonly finding: ReviewFindingView | null;
  readonly failure: Failure | null;
}

export function ReviewFinding({ review, id }: { review: ReviewView | null; id: string }) {
  const [muting, setMuting] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const reviewId = review?.reviewId;
  useEffect(() => {
    if (reviewId === undefined) return;
    let current = true;
    run(async () => {
      const r = await api.reviewFinding({ reviewId, findingId: id });
      // A finding this review does not have, or a review main no longer holds: the page says it is not there.
      const missing = !r.ok && r.error.kind === 'input';
      if (current) setShown({ reviewId, id, finding: r.ok ? r.value : null, failure: r.ok || missing ? null : r.error });
    });
    return () => void (current = false);
  }, [reviewId, id]);
  const f = shown?.reviewId === reviewId && shown?.id === id ? shown : null;
  if (review && !f) return <p aria-busy="true">Loading…</p>;
  if (f?.failure) return <ErrorBox failure={f.failure} title="The finding could not be shown" />;
  if (!review || !f?.finding) {
    return (
      <section aria-labelledby="finding-title">
        <h2 id="finding-title">Finding not found</h2>
        <p>
          It belongs to a review this window no longer holds. <a href="#/review">Back to the review</a>
        </p>
      </section>
    );
  }
  const finding = f.finding;
  return (
    <article aria-labelledby="finding-title">
      <p>
        <a href="#/review">← All findings</a>
      </p>
      <h2 id="finding-title">
        <span className={severityClass(finding.Severity)}>{finding.Severity}</span> {escapeControls(finding.Title)}
      </h2>
      <p>{escapeControls(finding.Detail)}</p>
      {finding.Muted && (
        <p role="status" data-testid="finding-muted">
          Muted: {escapeControls(finding.Muted.Reason)}
          {finding.Muted.Expires ? ` (until ${escapeControls(finding.Muted.Expires)})` : ' (no expiry)'}
        </p>
      )}
      {finding.Notes.map((n) => (
        <p key={n} className="hint">
          {escapeControls(n)}
        </p>
      ))}
      <dl className="facts">
        <dt>Check</dt>
        <dd>
          <code>{finding.Check}</code>
        </dd>
        <dt>Resource</dt>
        <dd>{resourceText(finding)}</dd>
        <dt>Data as of</dt>
        <dd data-testid="finding-data-as-of">
          {escapeControls(finding.DataAsOf)} ({relative(finding.DataAsOf)})
        </dd>
        <dt>Since the last review</dt>
        <dd>{finding.Status}</dd>
        <dt>Source</dt>
        <dd>{escapeControls(finding.Source)}</dd>
      </dl>
      <section aria-labelledby="evidence-title">
        <h3 id="evidence-title">Evidence</h3>
        <dl className="facts" data-testid="finding-evidence">
          {Object.entries(finding.Evidence).map(([k, v]) => (
            <div key={k}>
              <dt>{escapeControls(k)}</dt>
              <dd>{evidenceText(v)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="remediation-title">
        <h3 id="remediation-title">Remediation</h3>
        <p>{escapeControls(finding.Remediation)}</p>
      </section>
      <section aria-labelledby="compliance-title">
        <h3 id="compliance-title">Compliance</h3>
        {Object.keys(finding.Compliance).length === 0 ? (
          <p className="muted">No CIS AWS Foundations control names this check.</p>
        ) : (
          <ul data-testid="finding-compliance">
            {Object.entries(finding.Compliance).map(([framework, controls]) => (
              <li key={framework}>
                {framework}: {controls.join(', ')}
              </li>
            ))}
          </ul>
        )}
      </section>
      {muting ? <MuteForm review={review} finding={finding} onMuted={(m) => setShown({ ...f, finding: m })} onDone={() => setMuting(false)} /> : (
        <button type="button" onClick={() => setMuting(true)}>
          {finding.Muted ? 'Mute again…' : 'Mute…'}
        </button>
      )}
    </article>
  );
}
