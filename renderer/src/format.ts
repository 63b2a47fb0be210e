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

/** Access key id shape, checked as the user types. */
export function keyIdProblem(id: string): string | null {
  const t = id.trim();
  if (t === '') return null;
  if (!/^[A-Z0-9]+$/.test(t)) return 'Only upper-case letters and digits.';
  if (t.length < 16) return `Too short: ${t.length} characters, a key id has at least 16.`;
  if (!/^(AKIA|ASIA|ABIA|ACCA)/.test(t)) return 'Access key ids start with AKIA (long-term) or ASIA (temporary).';
  return null;
}

export function secretProblem(secret: string): string | null {
  const t = secret.trim();
  if (t === '') return null;
  if (/\s/.test(t)) return 'The secret has a space or line break inside it.';
  if (t.length !== 40) return `Secret access keys are usually 40 characters; this one has ${t.length}.`;
  return null;
}
