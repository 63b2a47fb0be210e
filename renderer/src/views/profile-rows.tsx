/**
 * The credential list's table: its header and the rows in view (use-window-rows.ts), spacers standing in for the
 * others. The table says how many rows it has (aria-rowcount) and each row where it is (aria-rowindex), so a screen
 * reader tells "row 512 of 1001" though only a screenful is in the page.
 */
import type { RefObject } from 'preact';
import type { ProfileFindingsView, ProfileRowView } from '../../../shared/model';
import { decidedText, escapeControls, escapeControlsKeepingLines, relative } from '../format';
import { useWindowRows } from './use-window-rows';

// The columns, in order: a <col> each, whose width the style sheet sets by its class (the table's layout is fixed;
// styles.css), and the header's words (the last, the row's actions, said to screen readers only).
const COLUMNS = [
  ['name', 'Name'],
  ['key', 'Key'],
  ['whose', 'Whose'],
  ['status', 'Status'],
  ['checked', 'Last checked'],
  ['used', 'Last used'],
  ['findings', 'Findings'],
  ['actions', 'Actions'],
] as const;

interface RowProps {
  findings: ProfileFindingsView | null | undefined;
  running: boolean;
  onRecheck: (ids: readonly string[]) => void;
}

/** Whose a key is, short and shown escaped: the ARN after its account ("user/alice", "assumed-role/r/s"), else the user name. */
export function ownerText(p: Pick<ProfileRowView, 'arn' | 'userName'>): string | null {
  if (p.arn) return escapeControls(p.arn.split(':').slice(5).join(':') || p.arn);
  return p.userName && escapeControls(p.userName);
}

/** The table of `shown` (filtered and sorted). */
export function ProfileTable({ shown, ...row }: RowProps & { shown: readonly ProfileRowView[] }) {
  const { start, end, pinned, before, between, after, body, beforeCell, betweenCell, afterCell } = useWindowRows(shown);
  const rowAt = (i: number) => {
    const p = shown[i] as ProfileRowView;
    return <Row key={p.id} p={p} index={i + 2} {...row} />;
  };
  // One flat list of keyed children: a row moving out of the slice to be kept as the focused one stays the same
  // element (a nested list would make it a new one, and the focus would go).
  const rows = [];
  if (before > 0) rows.push(<Spacer key="before" height={before} cell={beforeCell} />);
  if (pinned !== null && pinned < start) rows.push(rowAt(pinned));
  if (pinned !== null && pinned < start && between > 0) rows.push(<Spacer key="between" height={between} cell={betweenCell} />);
  for (let i = start; i < end; i += 1) rows.push(rowAt(i));
  if (pinned !== null && pinned >= end && between > 0) rows.push(<Spacer key="between" height={between} cell={betweenCell} />);
  if (pinned !== null && pinned >= end) rows.push(rowAt(pinned));
  if (after > 0) rows.push(<Spacer key="after" height={after} cell={afterCell} />);
  return (
    <table className="profiles" aria-rowcount={shown.length + 1}>
      <colgroup>
        {COLUMNS.map(([id]) => (
          <col key={id} className={`col-${id}`} />
        ))}
      </colgroup>
      <thead>
        <tr aria-rowindex={1}>
          {COLUMNS.map(([id, words]) => (
            <th key={id} scope="col">
              {id === 'actions' ? <span className="visually-hidden">{words}</span> : words}
            </th>
          ))}
        </tr>
      </thead>
      <tbody ref={body}>{rows}</tbody>
    </table>
  );
}

/** Stands in for rows not rendered; hidden from screen readers (the row indexes say what is there). */
function Spacer({ height, cell }: { height: number; cell: RefObject<HTMLTableCellElement> }) {
  return (
    <tr aria-hidden="true" className="spacer">
      <td ref={cell} colSpan={COLUMNS.length} style={{ height: `${height}px` }} />
    </tr>
  );
}

function Row({ p, index, findings, running, onRecheck }: RowProps & { p: ProfileRowView; index: number }) {
  const owner = ownerText(p);
  return (
    <tr data-testid={`profile-row-${p.name}`} aria-rowindex={index}>
      <th scope="row">
        <a href={`#/profile/${p.id}`}>{p.name}</a>
        {p.notes && (
          <span className="row-notes" title={escapeControlsKeepingLines(p.notes)}>
            {escapeControlsKeepingLines(p.notes)}
          </span>
        )}
      </th>
      <td>
        <code>{p.maskedKeyId}</code>
      </td>
      <td data-testid={`profile-owner-${p.name}`}>
        {escapeControls(p.account ?? '—')}
        {owner && (
          <span className="owner" title={p.arn ? escapeControls(p.arn) : undefined}>
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
      <span className={`status status-${p.status.replace(/ /g, '-')}`} title={p.lastAttempt?.error ? escapeControls(p.lastAttempt.error.Message) : undefined}>
        {p.status}
      </span>
      {p.lastAttempt && <span className="decided"> {p.lastDecided ? `(last result: ${decidedText(p.lastDecided)})` : '(no result yet)'}</span>}
    </>
  );
}
