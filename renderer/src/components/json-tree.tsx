/** A decoded authorization message (or any JSON) as a readable, collapsible tree; its keys and values shown escaped. */
import { escapeControls, safeJson } from '../format';

export function JsonTree({ value, label }: { value: unknown; label?: string }) {
  if (value === null || typeof value !== 'object') {
    return (
      <li>
        {label !== undefined && <span className="tree-key">{escapeControls(label)}: </span>}
        <span className={`tree-value tree-${value === null ? 'null' : typeof value}`}>{safeJson(value, 0)}</span>
      </li>
    );
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  const body = (
    <ul className="tree">
      {entries.map(([k, v]) => (
        <JsonTree key={k} value={v} label={k} />
      ))}
    </ul>
  );
  if (label === undefined) return body;
  return (
    <li>
      <details open>
        <summary>
          <span className="tree-key">{escapeControls(label)}</span> <span className="tree-count">{Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`}</span>
        </summary>
        {body}
      </details>
    </li>
  );
}
