/** Capped, jittered exponential backoff ("full jitter"): https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/ */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 };

/** The pause before attempt `attempt + 1`, given a random number in [0, 1). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random * ceiling);
  return retryAfterMs === undefined ? jittered : Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs));
}

/** Reads a Retry-After header given in seconds. */
export function retryAfterMs(header: string | undefined): number | undefined {
  if (!header || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}
