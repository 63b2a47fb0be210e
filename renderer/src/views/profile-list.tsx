/** The saved profiles: filter, sort, recheck one or all with progress and cancel. */
import { useMemo, useState } from 'react';
import type { ErrorView, ProfileFindingsView, ProfileView } from '../../../shared/model';
import { ErrorBox } from '../components/error-box';
import { decidedText, relative } from '../format';

type SortKey = 'name' | 'status' | 'lastChecked' | 'lastUsed' | 'account';

export interface RecheckState {
  readonly jobId: string;
  readonly done: number;
  readonly total: number;
  readonly finished: boolean;
  readonly cancelled: boolean;
  readonly failures: ReadonlyArray<{ readonly name: string; readonly error: ErrorView }>;
  /** What the checks found, once the recheck is over. */
  readonly counts: { readonly valid: number; readonly invalid: number; readonly couldNotCheck: number } | null;
  /** Why the recheck itself stopped (a bug), if it did. */
  readonly error: ErrorView | null;
}

const STATUS_ORDER = ['invalid', 'expired', 'could not check', 'never checked', 'valid'];

export function ProfileList(props: {
  profiles: readonly ProfileView[];
  /** Unmuted findings of the last saved review, by profile id; null before any review. */
  findings?: ProfileFindingsView | null;
  recheck: RecheckState | null;
  onRecheck: (ids: readonly string[] | 'all') => void;
  onCancel: () => void;
}) {
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SortKey>('name');
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const list = props.profiles.filter((p) => !f || [p.name, p.maskedKeyId, p.account ?? '', p.status].some((x) => x.toLowerCase().includes(f)));
    const key = (p: ProfileView): string =>
      sort === 'status' ? String(STATUS_ORDER.indexOf(p.status)) : sort === 'account' ? (p.account ?? '') : sort === 'name' ? p.name.toLowerCase() : (p[sort] ?? '');
    const sorted = [...list].sort((a, b) => key(a).localeCompare(key(b)));
    return sort === 'lastChecked' || sort === 'lastUsed' ? sorted.reverse() : sorted;
  }, [props.profiles, filter, sort]);

  if (props.profiles.length === 0) {
    return (
      <section className="empty" aria-labelledby="empty-title">
        <h2 id="empty-title">No saved credentials yet</h2>
        <p>keyscope keeps secrets in your system keychain and only key ids and results on disk.</p>
        <p>
          <a href="#/add">Add a credential</a> by pasting a key, or <a href="#/import">import from ~/.aws</a>.
        </p>
      </section>
    );
  }
  const running = props.recheck && !props.recheck.finished;
  return (
    <section aria-labelledby="profiles-title">
      <div className="toolbar">
        <h2 id="profiles-title">Saved credentials</h2>
        <label>
          Filter <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="name, key, account, status" />
        </label>
        <label>
          Sort by{' '}
          <select value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
            <option value="name">name</option>
            <option value="status">status (problems first)</option>
            <option value="account">account</option>
            <option value="lastChecked">last checked</option>
            <option value="lastUsed">last used</option>
          </select>
        </label>
        <button type="button" onClick={() => props.onRecheck('all')} disabled={Boolean(running)}>
          Recheck all
        </button>
      </div>
      {props.recheck && <RecheckBar state={props.recheck} onCancel={props.onCancel} />}
      <div className="table-wrap">
      <table className="profiles">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Account</th>
            <th scope="col">Status</th>
            <th scope="col">Last checked</th>
            <th scope="col">Last used</th>
            <th scope="col">Findings</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((p) => (
            <tr key={p.id} data-testid={`profile-row-${p.name}`}>
              <th scope="row">
                <a href={`#/profile/${p.id}`}>{p.name}</a>
              </th>
              <td>
                <code>{p.maskedKeyId}</code>
              </td>
              <td>{p.account ?? '—'}</td>
              <td>
                <StatusCell profile={p} />
              </td>
              <td>{relative(p.lastChecked)}</td>
              <td>{p.keyType === 'temporary' ? <abbr title="IAM keeps no last use for temporary keys">n/a</abbr> : relative(p.lastUsed)}</td>
              <td data-testid={`profile-findings-${p.name}`}>
                <FindingsCell count={props.findings?.reviewedAt ? (props.findings.counts[p.id] ?? 0) : null} />
              </td>
              <td>
                <button type="button" onClick={() => props.onRecheck([p.id])} disabled={Boolean(running)} aria-label={`Recheck ${p.name}`}>
                  Recheck
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      {shown.length === 0 && <p>No profile matches “{filter}”.</p>}
    </section>
  );
}

/** Unmuted findings of the last saved review, linked to the Review view; "—" before any review. */
function FindingsCell({ count }: { count: number | null }) {
  if (count === null) return <abbr title="No review has run yet">—</abbr>;
  return count === 0 ? <>0</> : <a href="#/review" aria-label={`${count} unmuted finding${count === 1 ? '' : 's'} in the last review`}>{count}</a>;
}

/** The status now and, when the latest check could not decide, the last decided result beside it. */
export function StatusCell({ profile: p }: { profile: ProfileView }) {
  return (
    <>
      <span className={`status status-${p.status.replace(/ /g, '-')}`} title={p.lastAttempt?.error?.Message}>
        {p.status}
      </span>
      {p.lastAttempt && <span className="decided"> {p.lastDecided ? `(last result: ${decidedText(p.lastDecided)})` : '(no result yet)'}</span>}
    </>
  );
}

/** "Rechecked 8: 5 valid, 1 invalid, 2 could not check". */
export function recheckSummary(state: RecheckState): string {
  if (!state.finished) return `Rechecking ${state.done} of ${state.total}…`;
  const c = state.counts ?? { valid: 0, invalid: 0, couldNotCheck: 0 };
  const found = `${c.valid} valid, ${c.invalid} invalid, ${c.couldNotCheck} could not check`;
  if (state.error) return `Recheck stopped after ${state.done} of ${state.total}: ${found}`;
  return state.cancelled ? `Recheck cancelled after ${state.done} of ${state.total}: ${found}` : `Rechecked ${state.done}: ${found}`;
}

export function RecheckBar({ state, onCancel }: { state: RecheckState; onCancel: () => void }) {
  return (
    <div className="recheck" aria-live="polite">
      <label>
        {recheckSummary(state)}
        <progress max={state.total} value={state.done} aria-label="Recheck progress" />
      </label>
      {!state.finished && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
      <ErrorBox error={state.error} title="The recheck stopped" />
      {state.failures.length > 0 && (
        <ul className="failures" aria-label="Checks that failed">
          {state.failures.map((f, i) => (
            <li key={`${i}-${f.name}`} role="alert" data-testid={`recheck-failure-${f.name}`}>
              <strong>{f.name}</strong>: {f.error.Category === 'keychain-locked' ? 'the keychain is locked. ' : ''}
              {f.error.Message} <span className="hint">{f.error.Hint}</span> <code>{f.error.Code}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
