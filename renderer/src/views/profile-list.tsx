/** The saved profiles: a summary, filters (text, exact status), sort, recheck one or all with progress and cancel. */
import { useEffect, useMemo, useState } from 'react';
import type { ProfileFindingsView, ProfileRowView } from '../../../shared/model';
import { ProfileSummary, STATUSES, matchesStatus, type StatusFilter } from '../components/profile-summary';
import { RecheckBar, type RecheckState } from '../components/recheck-bar';
import { decidedText, relative } from '../format';

export type { RecheckState } from '../components/recheck-bar';

type SortKey = 'name' | 'status' | 'lastChecked' | 'lastUsed' | 'account';

// A long list comes in frames: the first rows (more than a screen) at once, then the rest a batch per frame, so the
// list shows without waiting for 1,000 rows (~19,000 nodes) to be built and laid out, and input stays answered.
const FIRST_ROWS = 60;
const ROWS_PER_FRAME = 150;

const STATUS_ORDER = ['invalid', 'expired', 'could not check', 'never checked', 'valid'];

/** Whose a key is, short: the ARN after its account ("user/alice", "assumed-role/r/s"), else the user name. */
export function ownerText(p: Pick<ProfileRowView, 'arn' | 'userName'>): string | null {
  if (p.arn) return p.arn.split(':').slice(5).join(':') || p.arn;
  return p.userName;
}

export function ProfileList(props: {
  /** null until the first answer: the page says "Loading…", not that there are none. */
  profiles: readonly ProfileRowView[] | null;
  /** Unmuted findings of the last saved review, by profile id; null before any review. */
  findings?: ProfileFindingsView | null;
  recheck: RecheckState | null;
  onRecheck: (ids: readonly string[] | 'all') => void;
  onCancel: () => void;
}) {
  const [filter, setFilter] = useState('');
  const [status, setStatus] = useState<StatusFilter>('');
  const [sort, setSort] = useState<SortKey>('name');
  const now = Date.now();
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const list = (props.profiles ?? []).filter(
      (p) => matchesStatus(p, status, now) && (!f || [p.name, p.maskedKeyId, p.account ?? '', p.arn ?? '', p.userName ?? '', p.notes ?? ''].some((x) => x.toLowerCase().includes(f))),
    );
    const key = (p: ProfileRowView): string =>
      sort === 'status' ? String(STATUS_ORDER.indexOf(p.status)) : sort === 'account' ? (p.account ?? '') : sort === 'name' ? p.name.toLowerCase() : (p[sort] ?? '');
    const sorted = [...list].sort((a, b) => key(a).localeCompare(key(b)));
    return sort === 'lastChecked' || sort === 'lastUsed' ? sorted.reverse() : sorted;
    // `now` moves every render; the filter only needs it when the list or the choices change.
  }, [props.profiles, filter, status, sort]);
  const [limit, setLimit] = useState(FIRST_ROWS);
  useEffect(() => {
    if (limit >= shown.length) return undefined;
    const frame = requestAnimationFrame(() => setLimit((l) => l + ROWS_PER_FRAME));
    return () => cancelAnimationFrame(frame);
  }, [limit, shown.length]);

  if (props.profiles === null) {
    return (
      <p aria-busy="true" className="loading">
        Loading…
      </p>
    );
  }
  if (props.profiles.length === 0) {
    return (
      <section className="empty" aria-labelledby="empty-title">
        <h2 id="empty-title">No saved credentials yet</h2>
        <p>keyscope keeps secrets in your system keychain and only key ids and results on disk.</p>
        <p>
          <a href="#/add">Add a credential</a> by pasting a key, <a href="#/bulk">check many at once</a>, or <a href="#/import">import from ~/.aws</a>.
        </p>
      </section>
    );
  }
  const running = props.recheck && !props.recheck.finished;
  return (
    <section aria-labelledby="profiles-title">
      <div className="toolbar">
        <h2 id="profiles-title">Saved credentials</h2>
        <button type="button" onClick={() => props.onRecheck('all')} disabled={Boolean(running)}>
          Recheck all
        </button>
      </div>
      <ProfileSummary profiles={props.profiles} now={now} filter={status} onFilter={setStatus} />
      <div className="toolbar filters">
        <label>
          Filter{' '}
          <input id="profile-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="name, key, account, owner, notes" />
        </label>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)} aria-label="Status">
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
            <option value="expiring soon">expiring within the hour</option>
          </select>
        </label>
        <label>
          Sort by{' '}
          <select value={sort} onChange={(e) => setSort(e.target.value as SortKey)} aria-label="Sort by">
            <option value="name">name</option>
            <option value="status">status (problems first)</option>
            <option value="account">account</option>
            <option value="lastChecked">last checked</option>
            <option value="lastUsed">last used</option>
          </select>
        </label>
      </div>
      {props.recheck && <RecheckBar state={props.recheck} onCancel={props.onCancel} />}
      <div className="table-wrap">
        <table className="profiles">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Whose</th>
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
            {shown.slice(0, limit).map((p) => (
              <Row key={p.id} p={p} findings={props.findings} running={Boolean(running)} onRecheck={props.onRecheck} />
            ))}
          </tbody>
        </table>
      </div>
      {shown.length === 0 && <p>No profile matches {[filter.trim() && `“${filter.trim()}”`, status && `the status “${status}”`].filter(Boolean).join(' and ')}.</p>}
    </section>
  );
}

function Row({ p, findings, running, onRecheck }: { p: ProfileRowView; findings: ProfileFindingsView | null | undefined; running: boolean; onRecheck: (ids: readonly string[]) => void }) {
  const owner = ownerText(p);
  return (
    <tr data-testid={`profile-row-${p.name}`}>
      <th scope="row">
        <a href={`#/profile/${p.id}`}>{p.name}</a>
        {p.notes && (
          <span className="row-notes" title={p.notes}>
            {p.notes}
          </span>
        )}
      </th>
      <td>
        <code>{p.maskedKeyId}</code>
      </td>
      <td data-testid={`profile-owner-${p.name}`}>
        {p.account ?? '—'}
        {owner && (
          <span className="owner" title={p.arn ?? undefined}>
            {owner}
          </span>
        )}
      </td>
      <td>
        <StatusCell profile={p} />
      </td>
      <td>{relative(p.lastChecked)}</td>
      <td>{p.keyType === 'temporary' ? <abbr title="IAM keeps no last use for temporary keys">n/a</abbr> : relative(p.lastUsed)}</td>
      <td data-testid={`profile-findings-${p.name}`}>
        <FindingsCell count={findings?.reviewedAt ? (findings.counts[p.id] ?? 0) : null} />
      </td>
      <td>
        <button type="button" onClick={() => onRecheck([p.id])} disabled={running} aria-label={`Recheck ${p.name}`}>
          Recheck
        </button>
      </td>
    </tr>
  );
}

/** Unmuted findings of the last saved review, linked to the Review view; "—" before any review. */
function FindingsCell({ count }: { count: number | null }) {
  if (count === null) return <abbr title="No review has run yet">—</abbr>;
  return count === 0 ? <>0</> : <a href="#/review" aria-label={`${count} unmuted finding${count === 1 ? '' : 's'} in the last review`}>{count}</a>;
}

/** The status now and, when the latest check could not decide, the last decided result beside it. */
export function StatusCell({ profile: p }: { profile: ProfileRowView }) {
  return (
    <>
      <span className={`status status-${p.status.replace(/ /g, '-')}`} title={p.lastAttempt?.error?.Message}>
        {p.status}
      </span>
      {p.lastAttempt && <span className="decided"> {p.lastDecided ? `(last result: ${decidedText(p.lastDecided)})` : '(no result yet)'}</span>}
    </>
  );
}
