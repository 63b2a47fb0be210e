/**
 * Rechecks saved profiles with bounded concurrency, progress and cancellation. What a check is — read the secret,
 * verify it, turn the report into a record — is the caller's (core/checks.ts): the vault knows no use case. Results
 * are appended to the store's journal at most every FLUSH_INTERVAL_MS, by a timer (not when the next check ends,
 * which may be a deadline later), and once at the end, so a killed recheck loses at most its last seconds. An
 * undecided check never replaces the last decided validity; one key is never checked twice within `minIntervalMs`
 * (AWS can answer a spurious SignatureDoesNotMatch to quick repeated checks of a key: KeySpacing, which the bulk
 * check uses too). Once a check finds the
 * keychain locked, the rest are recorded as such without asking it again.
 */
import { internalFailure, type Failure } from '../../../shared/failure.js';
import { lastCheckOf, undecidedRecord, withCheck } from './check-record.js';
import type { CheckRecord, ProfileMeta } from './store-doc.js';
import type { Vault } from './vault.js';

/** One profile's check: the profile as stored with it, and what it found. */
export interface RecheckItem {
  readonly profile: ProfileMeta;
  readonly record: CheckRecord;
}

export interface RecheckProgress {
  readonly done: number;
  readonly total: number;
  readonly item: RecheckItem;
}

export interface RecheckOptions {
  /** Checks one saved profile; a check that cannot be made is an undecided record with its error, not a rejection. */
  readonly check: (profile: ProfileMeta) => Promise<CheckRecord>;
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RecheckProgress) => void;
  readonly minIntervalMs?: number;
  readonly now?: () => number;
  /** The spacing this recheck shares with other checks of the process (the app's bulk check); its own otherwise. */
  readonly spacing?: KeySpacing;
}

export interface RecheckResult {
  readonly items: readonly RecheckItem[];
  readonly cancelled: boolean;
  /** The store refused some results (they are in `items`, but not saved). */
  readonly storeFailure?: Failure;
}

export const DEFAULT_CONCURRENCY = 4;
export const MIN_CHECK_INTERVAL_MS = 5_000;
export const FLUSH_INTERVAL_MS = 2_000;

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** When `profile`'s last check was made (ms), which KeySpacing counts from; 0 for none (or no saved profile). */
export function lastCheckedMs(profile: ProfileMeta | undefined): number {
  return Date.parse((profile && lastCheckOf(profile)?.at) ?? '') || 0;
}

/**
 * One key id checked at most once every `minInterval` ms among the checks that go through one spacing: counted from
 * the end of its last check (so no request of one check comes within `minInterval` of the next check's), or from
 * the start of one still under way.
 */
export class KeySpacing {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly minInterval = MIN_CHECK_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Runs `check` of `keyId` once the key's last check (here, or the one recorded at `since`, ms) ended `minInterval`
   * ago; `onWait` is told how long it waits first, if it does. Resolves `undefined`, unchecked, when `signal` aborts.
   */
  async run<T>(keyId: string, check: () => Promise<T>, options: { readonly since?: number; readonly signal?: AbortSignal | undefined; readonly onWait?: (ms: number) => void } = {}): Promise<T | undefined> {
    const { since = 0, signal, onWait } = options;
    // A last check recorded later than now (the clock was set back) counts as now: one interval's wait, not until then.
    const recorded = Math.min(since, this.now());
    const wait = () => Math.max(this.last.get(keyId) ?? 0, recorded) + this.minInterval - this.now();
    if (wait() > 0 && !signal?.aborted) onWait?.(wait());
    // Again after each pause: another check of the key may have ended meanwhile.
    for (let ms = wait(); ms > 0 && !signal?.aborted; ms = wait()) await pause(ms, signal);
    if (signal?.aborted) return undefined; // cancelled while waiting: not checked
    this.last.set(keyId, this.now());
    try {
      return await check();
    } finally {
      this.last.set(keyId, this.now());
    }
  }
}

/** Rechecks `profiles` and stores each result; returns them in the order they were given. */
export async function recheckProfiles(vault: Vault, profiles: readonly ProfileMeta[], options: RecheckOptions): Promise<RecheckResult> {
  const now = options.now ?? Date.now;
  const concurrency = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, 32));
  const items: Array<RecheckItem | undefined> = new Array(profiles.length);
  const spacing = options.spacing ?? new KeySpacing(options.minIntervalMs ?? MIN_CHECK_INTERVAL_MS, now);
  let next = 0;
  let done = 0;
  let locked: CheckRecord['error'];
  let storeFailure: Failure | undefined;

  let pending: Array<{ id: string; record: CheckRecord }> = [];
  let lastFlush = now();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    lastFlush = now();
    try {
      const stored = vault.recordChecks(batch);
      if (!stored.ok) storeFailure = stored.error;
    } catch {
      // A bug in the store: said as a failure to save, never thrown from a timer (that would end the process).
      storeFailure = internalFailure('saving the results of the recheck');
    }
  };
  // A result waits at most FLUSH_INTERVAL_MS for its write, also while every check under way waits for its answer.
  const flushSoon = () => {
    const wait = lastFlush + FLUSH_INTERVAL_MS - now();
    if (wait <= 0) flush();
    else flushTimer ??= setTimeout(flush, wait);
  };

  const checkOne = async (profile: ProfileMeta): Promise<CheckRecord> => {
    if (locked) return { at: new Date(now()).toISOString(), valid: null, error: locked };
    try {
      const record = await options.check(profile);
      if (record.error?.Category === 'keychain-locked') locked = record.error;
      return record;
    } catch {
      // A bug in a check is that profile's undecided check, not the end of the recheck (nor of the process).
      return undecidedRecord(new Date(now()).toISOString(), internalFailure(`checking "${profile.name}"`));
    }
  };

  const worker = async () => {
    while (!options.signal?.aborted) {
      const index = next;
      next += 1;
      const profile = profiles[index];
      if (!profile) return;
      const record = await spacing.run(profile.accessKeyId, () => checkOne(profile), { since: lastCheckedMs(profile), signal: options.signal });
      if (!record) return; // cancelled while waiting: not checked
      const item = { profile: withCheck(profile, record), record };
      items[index] = item;
      pending.push({ id: profile.id, record });
      flushSoon();
      done += 1;
      options.onProgress?.({ done, total: profiles.length, item });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, profiles.length) }, worker));
  flush();
  const finished = items.filter((x): x is RecheckItem => x !== undefined);
  return { items: finished, cancelled: Boolean(options.signal?.aborted), ...(storeFailure ? { storeFailure } : {}) };
}
