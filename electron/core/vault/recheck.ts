/**
 * Rechecks saved profiles with bounded concurrency, progress and cancellation. Each result is stored with its
 * time as it comes; an undecided check never replaces the last decided validity; one key is never checked twice
 * within `minIntervalMs` (AWS can answer a spurious SignatureDoesNotMatch to checks of one key in quick succession).
 */
import { internalFailure, type Failure } from '../../../shared/failure.js';
import type { Result } from '../../../shared/result.js';
import type { Credentials } from '../aws/sign.js';
import { reportError, type VerifyReport } from '../verify.js';
import { checkRecord, lastCheckOf, type CheckRecord, type ProfileMeta } from './profiles.js';
import type { Vault } from './vault.js';

export type RecheckItem =
  | { readonly profile: ProfileMeta; readonly record: CheckRecord }
  | { readonly profile: ProfileMeta; readonly failure: Failure };

export interface RecheckProgress {
  readonly done: number;
  readonly total: number;
  readonly item: RecheckItem;
}

export interface RecheckOptions {
  readonly check: (credentials: Credentials, profile: ProfileMeta) => Promise<VerifyReport>;
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RecheckProgress) => void;
  readonly minIntervalMs?: number;
  readonly now?: () => number;
}

export interface RecheckResult {
  readonly items: readonly RecheckItem[];
  readonly cancelled: boolean;
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

/** Rechecks `profiles` and stores each result; returns them in the order they were given. */
export async function recheckProfiles(vault: Vault, profiles: readonly ProfileMeta[], options: RecheckOptions): Promise<RecheckResult> {
  const now = options.now ?? Date.now;
  const minInterval = options.minIntervalMs ?? MIN_CHECK_INTERVAL_MS;
  const concurrency = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, 32));
  const items: Array<RecheckItem | undefined> = new Array(profiles.length);
  const lastByKey = new Map<string, number>();
  let next = 0;
  let done = 0;

  // One keychain read for all (a D-Bus round trip each would dominate a large recheck).
  const secrets = await vault.credentialsFor(profiles);
  if (!secrets.ok) {
    // Nothing could be checked (a locked or missing keychain): each profile's latest check says so.
    const at = new Date(now()).toISOString();
    const stored = vault.recordChecks(profiles.map((p) => ({ id: p.id, record: undecided(at, secrets.error) })));
    const items = profiles.map((p) => ({ profile: (stored.ok && stored.value.get(p.id)) || p, failure: secrets.error }));
    items.forEach((item, i) => options.onProgress?.({ done: i + 1, total: profiles.length, item }));
    return { items, cancelled: false };
  }

  // Results are appended to the store's journal at most every FLUSH_INTERVAL_MS and once at the end: a killed
  // recheck loses at most the results of its last seconds, never the store.
  let pending: Array<{ index: number; id: string; record: CheckRecord }> = [];
  let lastFlush = now();
  const flush = () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    lastFlush = now();
    const stored = vault.recordChecks(batch);
    for (const { index, id, record } of batch) {
      const profile = (stored.ok && stored.value.get(id)) || (profiles[index] as ProfileMeta);
      const earlier = items[index];
      // A check that could not be made stays a failure (recorded as undecided); a made one, a record.
      if (earlier && 'failure' in earlier) items[index] = { profile, failure: earlier.failure };
      else items[index] = stored.ok ? { profile, record } : { profile, failure: stored.error };
    }
  };

  const one = async (index: number): Promise<RecheckItem | undefined> => {
    const profile = profiles[index] as ProfileMeta;
    const previous = Math.max(lastByKey.get(profile.accessKeyId) ?? 0, Date.parse(lastCheckOf(profile)?.at ?? '') || 0);
    await pause(previous + minInterval - now(), options.signal);
    if (options.signal?.aborted) return undefined; // cancelled while waiting: not checked
    const credentials = secrets.value.get(profile.id) as RecheckCredentials;
    if (!credentials.ok) {
      pending.push({ index, id: profile.id, record: undecided(new Date(now()).toISOString(), credentials.error) });
      return { profile, failure: credentials.error };
    }
    lastByKey.set(profile.accessKeyId, now());
    let record: CheckRecord;
    try {
      record = checkRecord(await options.check(credentials.value, profile));
    } catch {
      // A bug in a check is that profile's failure, not the end of the recheck (nor of the process).
      const failure = internalFailure(`checking "${profile.name}"`);
      pending.push({ index, id: profile.id, record: undecided(new Date(now()).toISOString(), failure) });
      return { profile, failure };
    }
    pending.push({ index, id: profile.id, record });
    if (now() - lastFlush >= FLUSH_INTERVAL_MS) flush();
    return { profile, record };
  };

  const worker = async () => {
    while (!options.signal?.aborted) {
      const index = next;
      next += 1;
      if (index >= profiles.length) return;
      const item = await one(index);
      if (!item) return;
      if (!('record' in item)) items[index] = { profile: items[index]?.profile ?? item.profile, failure: item.failure };
      done += 1;
      options.onProgress?.({ done, total: profiles.length, item });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, profiles.length) }, worker));
  flush();
  const finished = items.filter((x): x is RecheckItem => x !== undefined);
  return { items: finished, cancelled: Boolean(options.signal?.aborted) };
}

/** A check that could not be made: recorded as undecided, with why. */
function undecided(at: string, failure: Failure): CheckRecord {
  return { at, valid: null, error: reportError(failure) };
}

type RecheckCredentials = Result<Credentials, Failure>;
