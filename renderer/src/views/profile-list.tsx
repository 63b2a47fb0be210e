/** The saved profiles: a summary, filters (text, exact status), sort, recheck one or all with progress and cancel. */
import { useMemo, useState } from 'preact/hooks';
import type { ProfileFindingsView, ProfileRowView } from '../../../shared/model';
import { ProfileSummary, STATUSES, matchesStatus, summaryCounts, type StatusFilter } from '../components/profile-summary';
import { RecheckBar, type RecheckState } from '../components/recheck-bar';
import { useMinuteTick } from '../expiry-reload';
import { ProfileTable } from './profile-rows';

export type { RecheckState } from '../components/recheck-bar';
export { ownerText, StatusCell } from './profile-rows';

type SortKey = 'name' | 'status' | 'lastChecked' | 'lastUsed' | 'account';

const STATUS_ORDER = ['invalid', 'expired', 'could not check', 'never checked', 'valid'];

export function ProfileList(props: {
  /** null until the first answer: the page says "Loading…", not that there are none. */
  profiles: readonly ProfileRowView[] | null;
  /** Unmuted findings of the last saved review, by profile id; null before any review. */
  findings?: ProfileFindingsView | null;
  recheck: RecheckState | null;
  /** A recheck asked for, whose answer has not come: its buttons are held as while it runs. */
  starting?: boolean;
  onRecheck: (ids: readonly string[] | 'all') => void;
  onCancel: () => void;
}) {
  const [filter, setFilter] = useState('');
  const [status, setStatus] = useState<StatusFilter>('');
  const [sort, setSort] = useState<SortKey>('name');
  useMinuteTick();
  const now = Date.now();
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const all = props.profiles ?? [];
    // Nothing to filter by: the list as it came. Main answers profiles:list in name order (shared/name-order.ts), and
    // the page only ever replaces a profile in place (a recheck's progress) or asks for the list again: "Sort by name"
    // is that order, and the page neither checks it again (~3 ms sampled at 1,000, below a traced render's noise) nor sorts.
    const list =
      !f && !status
        ? all
        : all.filter(
            (p) => matchesStatus(p, status, now) && (!f || [p.name, p.maskedKeyId, p.account ?? '', p.arn ?? '', p.userName ?? '', p.notes ?? ''].some((x) => x.toLowerCase().includes(f))),
          );
    if (sort === 'name') return list;
    // A key never used sorts below every date and above a last use not known (' ' between '' and digits): as the word
    // "never" it sorted above them all, and "Sort by last used" put keys never used before the one used today.
    const key = (p: ProfileRowView): string => (sort === 'status' ? String(STATUS_ORDER.indexOf(p.status)) : sort === 'account' ? (p.account ?? '') : p[sort] === 'never' ? ' ' : (p[sort] ?? ''));
    // Each key made once, not twice a comparison: 1,000 rows take ~10,000 comparisons.
    const sorted = list
      .map((p) => ({ p, k: key(p) }))
      .sort((a, b) => a.k.localeCompare(b.k))
      .map((x) => x.p);
    return sort === 'lastChecked' || sort === 'lastUsed' ? sorted.reverse() : sorted;
    // `now` moves every render; the filter only needs it when the list or the choices change.
  }, [props.profiles, filter, status, sort]);
  // Counted again when the list changes, and each minute (keys move into the last hour with time).
  const minute = Math.floor(now / 60_000);
  const counts = useMemo(() => summaryCounts(props.profiles ?? [], now), [props.profiles, minute]);

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
  const running = props.starting || (props.recheck && !props.recheck.finished);
  return (
    <section aria-labelledby="profiles-title">
      <div className="toolbar">
        <h2 id="profiles-title">Saved credentials</h2>
        <button type="button" onClick={() => props.onRecheck('all')} disabled={Boolean(running)}>
          Recheck all
        </button>
      </div>
      <ProfileSummary total={props.profiles.length} counts={counts} filter={status} onFilter={setStatus} />
      <div className="toolbar filters">
        <label>
          Filter{' '}
          <input id="profile-filter" type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} placeholder="name, key, account, owner, notes" />
        </label>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as StatusFilter)} aria-label="Status">
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
          <select value={sort} onChange={(e) => setSort(e.currentTarget.value as SortKey)} aria-label="Sort by">
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
        <ProfileTable shown={shown} findings={props.findings} running={Boolean(running)} onRecheck={props.onRecheck} />
      </div>
      {shown.length === 0 && <p>No profile matches {[filter.trim() && `“${filter.trim()}”`, status && `the status “${status}”`].filter(Boolean).join(' and ')}.</p>}
    </section>
  );
}
