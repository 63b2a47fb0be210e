/**
 * What changes with time alone on a page left open. A temporary key's status: "expired" once its expiry passes, and
 * it counts as expiring soon an hour before. Main says the status when asked (core/vault/status.ts), so the page asks
 * again at the next such moment; it went on saying "valid" (and "1 expiring soon") for a key that had expired. And
 * the times in words ("valid just now" hours later): drawn again each minute.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { EXPIRING_SOON_MS } from './components/profile-summary';

/** setTimeout's longest delay (a longer one fires at once). */
const LONGEST_DELAY_MS = 2 ** 31 - 1;
/** Asked this long after the moment, so that main's clock is past it too. */
const MARGIN_MS = 500;

/** The first moment after `now` at which one of these keys expires or starts expiring within the hour; null if none. */
export function nextExpiryChange(keys: ReadonlyArray<{ readonly expiration: string | null }>, now: number): number | null {
  let next: number | null = null;
  for (const { expiration } of keys) {
    if (!expiration) continue;
    const at = Date.parse(expiration);
    for (const t of [at - EXPIRING_SOON_MS, at]) if (t >= now && (next === null || t < next)) next = t;
  }
  return next;
}

/** Calls `reload` at the next moment a key of `keys` (null while they load) changes status with time alone. */
export function useReloadAtExpiry(keys: ReadonlyArray<{ readonly expiration: string | null }> | null, reload: () => void): void {
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => {
    const next = keys && nextExpiryChange(keys, Date.now());
    if (next === null) return;
    const timer = setTimeout(() => latest.current(), Math.min(next - Date.now() + MARGIN_MS, LONGEST_DELAY_MS));
    return () => clearTimeout(timer);
  }, [keys]);
}

/** Draws the caller again each minute, so that times in words ("3 minutes ago") move on; returns the minute. */
export function useMinuteTick(): number {
  const [minute, setMinute] = useState(() => Math.floor(Date.now() / 60_000));
  useEffect(() => {
    const timer = setInterval(() => setMinute(Math.floor(Date.now() / 60_000)), 60_000);
    return () => clearInterval(timer);
  }, []);
  return minute;
}
