/** Times in words for the app and the CLI: "just now", "3 days ago", "in 2 hours", or the date for older times. */

/** A time relative to `now`. A time in the past never reads "in 0 seconds": under 45 seconds it is "just now". */
export function relativeTime(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const ms = t - now;
  // Within a second either way, or under 45 s ago, is "just now" (a check's time is a few ms behind the page's).
  if (Math.abs(ms) < 1000 || (ms < 0 && ms > -45_000)) return 'just now';
  const abs = Math.round(Math.abs(ms) / 1000);
  // Rounded into the unit that still holds it: 59.6 minutes is "1 hour", never "60 minutes".
  const [n, unit] = abs < 60 ? [abs, 'second'] : abs < 3570 ? [Math.round(abs / 60), 'minute'] : abs < 84600 ? [Math.round(abs / 3600), 'hour'] : [Math.round(abs / 86400), 'day'];
  if (unit === 'day' && n > 30) return `on ${new Date(t).toISOString().slice(0, 10)}`;
  const text = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return ms < 0 ? `${text} ago` : `in ${text}`;
}

/** What the last decided check said and when: "valid 3 days ago", "invalid just now". */
export function decidedText(decided: { readonly status: string; readonly at: string }, now = Date.now()): string {
  return `${decided.status} ${relativeTime(decided.at, now)}`;
}
