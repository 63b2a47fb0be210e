/** Small display helpers. */
import { relativeTime } from '../../shared/relative-time';

export { decidedText } from '../../shared/relative-time';

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
