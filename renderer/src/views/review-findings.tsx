/** A review's summary bar by severity, and its findings: filtered by severity and check, sorted, each linked to its page. */
import { useMemo, useState } from 'preact/hooks';
import type { ReviewFindingView, ReviewView, SeverityView } from '../../../shared/model';
import { escapeControls } from '../format';

const SEVERITIES: readonly SeverityView[] = ['critical', 'high', 'medium', 'low', 'info'];
const SUMMARY_KEYS = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' } as const;
/**
 * Findings listed at once, and at each "List more": a review of a report of 100,000 users has 200,000 findings, and
 * a table of them all took a minute to draw and most of a minute again at each filter, holding the page meanwhile.
 */
const PAGE = 500;
// The order of localeCompare, its collator made once.
const collator = new Intl.Collator();
type SortKey = 'severity' | 'check' | 'resource' | 'status' | 'dataAsOf';
const SORTS: ReadonlyArray<[SortKey, string]> = [
  ['severity', 'severity (most severe first)'],
  ['check', 'check'],
  ['resource', 'resource'],
  ['status', 'new first'],
  ['dataAsOf', 'data age (oldest first)'],
];

/** How a finding's resource reads, shown escaped: profile, user, key, account. */
export function resourceText(f: ReviewFindingView): string {
  const r = f.Resource;
  const parts = [r.Profile ? `profile ${r.Profile}` : null, r.User ? `user ${r.User}` : null, r.AccessKeyId ?? r.KeySlot ?? null, r.Account ? `account ${r.Account}` : null];
  return escapeControls(parts.filter(Boolean).join(', ') || '—');
}

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

export function ReviewFindings({ review }: { review: ReviewView }) {
  const [severity, setSeverity] = useState<SeverityView | ''>('');
  const [check, setCheck] = useState('');
  const [showMuted, setShowMuted] = useState(true);
  const [sort, setSort] = useState<SortKey>('severity');
  const checks = useMemo(() => [...new Set(review.findings.map((f) => f.Check))].sort(), [review]);
  const shown = useMemo(() => {
    const list = review.findings.filter((f) => (!severity || f.Severity === severity) && (!check || f.Check === check) && (showMuted || f.Muted === null));
    const key = (f: ReviewFindingView): string =>
      sort === 'severity' ? String(SEVERITIES.indexOf(f.Severity)) : sort === 'check' ? f.Check : sort === 'resource' ? resourceText(f) : sort === 'status' ? (f.Status === 'new' ? '0' : '1') : f.DataAsOf;
    // Each key made once, not at each comparison (200,000 findings took 90 s to sort by resource). Stable: the
    // engine's order (most severe first) breaks ties.
    return list.map((f, i) => ({ f, i, k: key(f) })).sort((a, b) => collator.compare(a.k, b.k) || a.i - b.i).map((x) => x.f);
  }, [review, severity, check, showMuted, sort]);
  // The rows listed: PAGE at first, PAGE more at each click, and PAGE again for another filter or sort.
  const [listed, setListed] = useState({ shown, count: PAGE });
  const count = listed.shown === shown ? listed.count : PAGE;

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
            {checks.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        <label>
          <input type="checkbox" checked={showMuted} onChange={(e) => setShowMuted(e.currentTarget.checked)} /> Show muted
        </label>
        <label htmlFor="findings-sort">Sort findings by</label>
        <select id="findings-sort" value={sort} onChange={(e) => setSort(e.currentTarget.value as SortKey)}>
            {SORTS.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
      </div>
      <p role="status" className="muted">
        {shown.length} of {review.findings.length} finding{review.findings.length === 1 ? '' : 's'} shown
      </p>
      {shown.length > 0 && (
        <div className="table-wrap">
          <table className="profiles" aria-labelledby="findings-title">
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
              {shown.slice(0, count).map((f) => (
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
          {count < shown.length && (
            <button type="button" onClick={() => setListed({ shown, count: count + PAGE })}>
              List {Math.min(PAGE, shown.length - count)} more ({count} of {shown.length} listed)
            </button>
          )}
        </div>
      )}
    </section>
  );
}
