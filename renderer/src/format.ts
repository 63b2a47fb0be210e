/** Small display helpers. */
import { relativeTime } from '../../shared/relative-time';

export { decidedText } from '../../shared/relative-time';

/**
 * Text from outside keyscope (an endpoint's answer, a server's error, a finding, a name from a file) is shown through
 * these, as the command line prints it: `escapeControls` writes control and bidi characters as visible escapes
 * (`\x1b`, `\u202e`), so an answer cannot reorder what a cell says (a right-to-left override in an ARN) or hide in it;
 * `escapeControlsKeepingLines` keeps tabs and line breaks, for a <pre>; `safeJson` for JSON. Copy buttons copy the
 * value itself, never these.
 */
export { escapeControls, escapeControlsKeepingLines, safeJson } from '../../shared/safe-text';

/** "3 minutes ago", "just now", "in 2 hours", or the date for older times; "—" when unknown. */
export function relative(iso: string | null, now = Date.now()): string {
  if (!iso) return '—';
  if (iso === 'never') return 'never used';
  return relativeTime(iso, now);
}

/** "14:03 left" for a countdown. */
export function countdown(iso: string, now = Date.now()): string {
  const left = Math.max(0, Math.floor((Date.parse(iso) - now) / 1000));
  if (left === 0) return 'expired';
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  return `${h > 0 ? `${h}:${String(m).padStart(2, '0')}` : m}:${String(s).padStart(2, '0')} left`;
}
