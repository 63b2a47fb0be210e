/**
 * The distance between this computer's clock and AWS's, learned from the Date header of answers, so that a client
 * can sign with AWS's time once ours is off by more than SigV4 allows.
 */
import { CLOCK_SKEW_LIMIT_MS, HEADER_DATE } from './constants.js';
import type { HttpResponse } from './transport.js';

/** One credential's clock correction: server time minus local time, 0 while our clock is within the limit. */
export class ClockSkew {
  private offset = 0;

  constructor(private readonly now: () => number) {}

  /** The correction in force, in milliseconds. */
  get offsetMs(): number {
    return this.offset;
  }

  /** The time to sign with: ours, corrected. */
  signingDate(): Date {
    return new Date(this.now() + this.offset);
  }

  /** Updates the offset from the Date header: AWS's time minus ours once that passes the limit, else 0. */
  learn(response: HttpResponse): void {
    const header = response.headers[HEADER_DATE];
    const server = header ? Date.parse(header) : NaN;
    if (Number.isNaN(server)) return;
    const offset = server - this.now();
    this.offset = Math.abs(offset) <= CLOCK_SKEW_LIMIT_MS ? 0 : offset;
  }

  /**
   * Whether the correction moved since it was `offsetMs` (a request signed then), by more than the second a Date
   * header's precision and the time in flight account for: that request is worth signing again.
   */
  changedSince(offsetMs: number): boolean {
    return Math.abs(this.offset - offsetMs) > 1000;
  }
}

/** "Your clock is 7 minutes behind AWS." */
export function describeSkew(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const amount = minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.round(Math.abs(offsetMs) / 1000)} seconds`;
  return `This computer's clock is ${amount} ${offsetMs > 0 ? 'behind' : 'ahead of'} AWS's.`;
}
