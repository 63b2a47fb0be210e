/** A profile's checks, newest first: when, what was found, and why a check failed. */
import type { HistoryEntryView } from '../../../shared/model';
import { escapeControls, relative } from '../format';

export function CheckHistory({ history }: { history: readonly HistoryEntryView[] }) {
  if (history.length === 0) return <p>Not checked yet.</p>;
  return (
    <table data-testid="check-history">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Result</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {history.map((h, i) => (
          <tr key={`${i}-${h.at}`}>
            <td>
              <time dateTime={h.at} title={h.at}>
                {relative(h.at)}
              </time>
            </td>
            <td>
              {h.valid === true ? 'valid' : h.valid === false ? 'not valid' : 'could not check'}
              {h.earlierKey && <span className="muted" title="A check of the key this profile had before Replace key…: it says nothing of the key now."> (earlier key)</span>}
            </td>
            <td>{escapeControls(h.error ? `${h.error.Code}: ${h.error.Message}` : (h.arn ?? ''))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
