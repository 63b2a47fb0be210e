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

  /** Updates the offset from the Date header; true when it changed because the skew passed the limit. */
  learn(response: HttpResponse): boolean {
    const header = response.headers[HEADER_DATE];
    const server = header ? Date.parse(header) : NaN;
    if (Number.isNaN(server)) return false;
    const offset = server - this.now();
    if (Math.abs(offset) <= CLOCK_SKEW_LIMIT_MS) {
      this.offset = 0;
      return false;
    }
    const changed = Math.abs(offset - this.offset) > 1000;
    this.offset = offset;
    return changed;
  }
}

/** "Your clock is 7 minutes behind AWS." */
export function describeSkew(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const amount = minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.round(Math.abs(offsetMs) / 1000)} seconds`;
  return `This computer's clock is ${amount} ${offsetMs > 0 ? 'behind' : 'ahead of'} AWS's.`;
}
