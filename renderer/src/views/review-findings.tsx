/**
 * A review's summary bar by severity, and its findings: filtered by severity and check, sorted, each linked to its
 * page. The findings stay where main holds the review; the table asks for the ones it lists (review:findings), each
 * filter and sort applied there over all of them, FINDINGS_PAGE at a time.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Failure } from '../../../shared/failure';
import type { FindingsPageView, FindingsQueryView, FindingsSortView, ReviewView, SeverityView } from '../../../shared/model';
import { FINDINGS_PAGE, SEVERITIES, resourceText } from '../../../shared/review-list';
import { api, run } from '../api';
import { ErrorBox } from '../components/error-box';
import { escapeControls } from '../format';

const SUMMARY_KEYS = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' } as const;
const SORTS: ReadonlyArray<[FindingsSortView, string]> = [
  ['severity', 'severity (most severe first)'],
  ['check', 'check'],
  ['resource', 'resource'],
  ['status', 'new first'],
  ['dataAsOf', 'data age (oldest first)'],
];

export const severityClass = (s: string): string => (s === 'critical' || s === 'high' ? 'status-invalid' : s === 'medium' ? 'status-could-not-check' : 'status-never-checked');

/** Severity counts of unmuted findings; each one filters the table when chosen. */
function SummaryBar({ review, onPick }: { review: ReviewView; onPick: (s: SeverityView) => void }) {
  return (
    <ul className="plain summary" aria-label="Findings by severity" data-testid="review-summary">
      {SEVERITIES.map((s) => (
        <li key={s}>
          <button type="button" onClick={() => onPick(s)} aria-label={`${review.summary[SUMMARY_KEYS[s]]} ${s}: show only these`}>
            <span className={severityClass(s)}>{s}</span> {review.summary[SUMMARY_KEYS[s]]}
          </button>
        </li>
      ))}
      <li>muted {review.summary.Muted}</li>
    </ul>
  );
}

/** The rows listed, and what they answer: the review (a mute makes a new one) and the query. */
interface Listed {
  readonly review: ReviewView;
  readonly key: string;
  readonly page: FindingsPageView;
}

export function ReviewFindings({ review }: { review: ReviewView }) {
  const [severity, setSeverity] = useState<SeverityView | ''>('');
  const [check, setCheck] = useState('');
  const [showMuted, setShowMuted] = useState(true);
  const [sort, setSort] = useState<FindingsSortView>('severity');
  const [listed, setListed] = useState<Listed | null>(null);
  const [more, setMore] = useState(false);
  // Why the latest query, or its next page, could not be listed; and a count of tries, to ask it again.
  const [failed, setFailed] = useState<{ readonly review: ReviewView; readonly key: string; readonly failure: Failure } | null>(null);
  const [tries, setTries] = useState(0);
  const query: Omit<FindingsQueryView, 'offset' | 'limit'> = { reviewId: review.reviewId, sort, ...(severity ? { severity } : {}), ...(check ? { check } : {}), ...(showMuted ? {} : { muted: false }) };
  const key = JSON.stringify(query);
  // Only the answer to the latest query is listed: one asked before it may come after.
  const latest = useRef('');
  // A filter, a sort or another review lists the first page again.
  useEffect(() => {
    latest.current = key;
    run(async () => {
      const r = await api.reviewFindings({ ...query, offset: 0, limit: FINDINGS_PAGE });
      if (latest.current !== key) return;
      setFailed(r.ok ? null : { review, key, failure: r.error });
      if (r.ok) setListed({ review, key, page: r.value });
    });
  }, [review, key, tries]);
  const current = listed !== null && listed.review === review && listed.key === key ? listed : null;
  const failure = failed !== null && failed.review === review && failed.key === key ? failed.failure : null;
  // Drawn with the query it was asked under: until the answer comes, the table says it is busy. One that could not
  // be answered lists nothing: the rows of the query before do not match the filters and sort shown.
  const busy = current === null && failure === null;
  const listMore = (from: Listed) =>
    run(async () => {
      setMore(true);
      const r = await api.reviewFindings({ ...query, offset: from.page.findings.length, limit: FINDINGS_PAGE });
      setMore(false);
      if (latest.current !== from.key) return;
      setFailed(r.ok ? null : { review: from.review, key: from.key, failure: r.error });
      if (r.ok) setListed((l) => (l === from ? { ...from, page: { matching: r.value.matching, findings: [...from.page.findings, ...r.value.findings] } } : l));
    });
  const shown = current ?? (busy ? listed : null);
  const rows = shown?.page.findings ?? [];
  const matching = shown?.page.matching ?? 0;

  return (
    <section aria-labelledby="findings-title">
      <h3 id="findings-title">Findings</h3>
      <SummaryBar review={review} onPick={setSeverity} />
      <div className="toolbar">
        <label htmlFor="findings-severity">Filter by severity</label>
        <select id="findings-severity" value={severity} onChange={(e) => setSeverity(e.currentTarget.value as SeverityView | '')}>
            <option value="">all</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        <label htmlFor="findings-check">Filter by check</label>
        <select id="findings-check" value={check} onChange={(e) => setCheck(e.currentTarget.value)}>
            <option value="">all</option>
            {review.checks.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        <label>
          <input type="checkbox" checked={showMuted} onChange={(e) => setShowMuted(e.currentTarget.checked)} /> Show muted
        </label>
        <label htmlFor="findings-sort">Sort findings by</label>
        <select id="findings-sort" value={sort} onChange={(e) => setSort(e.currentTarget.value as FindingsSortView)}>
            {SORTS.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
      </div>
      <p role="status" className="muted">
        {busy ? 'Listing findings…' : current ? `${matching} of ${review.findingCount} finding${review.findingCount === 1 ? '' : 's'} shown` : 'No findings listed.'}
      </p>
      <ErrorBox failure={failure} title="The findings could not be listed" />
      {failure && !current && (
        <button type="button" onClick={() => (setFailed(null), setTries((n) => n + 1))}>
          Try again
        </button>
      )}
      {shown && rows.length > 0 && (
        <div className="table-wrap">
          <table className="profiles" aria-labelledby="findings-title" aria-busy={busy}>
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Finding</th>
                <th scope="col">Check</th>
                <th scope="col">Resource</th>
                <th scope="col">Since last review</th>
                <th scope="col">Muted</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <tr key={f.Id} data-testid={`finding-${f.Check}`}>
                  <td>
                    <span className={severityClass(f.Severity)}>{f.Severity}</span>
                  </td>
                  <th scope="row">
                    <a href={`#/review/finding/${f.Id}`}>{escapeControls(f.Title)}</a>
                  </th>
                  <td>
                    <code>{f.Check}</code>
                  </td>
                  <td>{resourceText(f)}</td>
                  <td>{f.Status}</td>
                  <td>{f.Muted ? `muted: ${escapeControls(f.Muted.Reason)}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {current && rows.length < matching && (
            <button type="button" disabled={more} onClick={() => listMore(current)}>
              List {Math.min(FINDINGS_PAGE, matching - rows.length)} more ({rows.length} of {matching} listed)
            </button>
          )}
        </div>
      )}
    </section>
  );
}
