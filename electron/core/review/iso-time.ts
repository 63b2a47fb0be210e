/**
 * Times a review reads from people and files, ISO 8601 only. `Date.parse` alone is no check: it takes "45" as the
 * year 2045 and "June 30" as 2001, reads a time without a zone in the machine's own zone (the same review then
 * differs between two machines), and rolls 2025-02-30 over to March 2.
 */

import { assertNever, err, ok, type Result } from '../../../shared/result.js';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i;

/** Whether the parts name a real day and time (no February 30, no hour 24). */
function real(y: string, mo: string, d: string, h = '0', mi = '0', s = '0'): boolean {
  const t = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  return t.getUTCMonth() === Number(mo) - 1 && t.getUTCDate() === Number(d) && t.getUTCHours() === Number(h) && t.getUTCMinutes() === Number(mi) && t.getUTCSeconds() === Number(s);
}

/** Why a text is not a time keyscope reads, in words that fit after "got …:". */
export type IsoTimeProblem = 'not-iso' | 'no-zone' | 'not-a-day';

/**
 * Reads `2025-06-30` (midnight UTC) or `2025-06-30T12:00:00Z` / `…+02:00` into ISO 8601 UTC. A date and time
 * without a zone is refused rather than guessed.
 */
export function parseIsoTime(text: string): Result<string, IsoTimeProblem> {
  const v = text.trim();
  const date = DATE_ONLY.exec(v);
  if (date) return real(date[1] as string, date[2] as string, date[3] as string) ? ok(`${v}T00:00:00.000Z`) : err('not-a-day');
  const m = DATE_TIME.exec(v);
  if (!m) return err('not-iso');
  if (!real(m[1] as string, m[2] as string, m[3] as string, m[4], m[5], m[6] ?? '0')) return err('not-a-day');
  if (!m[7]) return err('no-zone');
  const t = Date.parse(v);
  // An offset past ±23:59 (+25:00) is no zone at all.
  return Number.isNaN(t) ? err('not-iso') : ok(new Date(t).toISOString());
}

/**
 * Whether a value is an ISO 8601 date and time with its zone, on a real day (what AWS writes in its reports): what
 * parseIsoTime accepts with a zone, read once (a credential report has a dozen per user).
 */
export function isZonedIsoTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  return m !== null && m[7] !== undefined && real(m[1] as string, m[2] as string, m[3] as string, m[4], m[5], m[6] ?? '0') && !Number.isNaN(Date.parse(value));
}

/** What to tell whoever gave the time. */
export function isoTimeAdvice(problem: IsoTimeProblem): string {
  switch (problem) {
    case 'no-zone':
      return 'it gives no time zone: add Z for UTC (2025-06-30T12:00:00Z) or an offset (2025-06-30T12:00:00+02:00)';
    case 'not-a-day':
      return 'that day or time does not exist';
    case 'not-iso':
      return 'it is not an ISO 8601 date or time (2025-06-30 or 2025-06-30T12:00:00Z)';
    default:
      return assertNever(problem);
  }
}
