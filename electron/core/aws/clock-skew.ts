/**
 * The distance between this computer's clock and AWS's, learned from the Date header of answers, so that a client
 * can sign with AWS's time once ours is off by more than SigV4 allows.
 */
import { CLOCK_SKEW_LIMIT_MS, HEADER_DATE } from './constants.js';
import type { HttpResponse } from './transport.js';

const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '(\\d{2}:\\d{2}:\\d{2})';
/** HTTP-date's three forms (RFC 9110, 5.6.7): IMF-fixdate, the obsolete RFC 850 date and asctime's. */
const IMF_FIXDATE = new RegExp(`^[A-Z][a-z]{2}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC_850 = new RegExp(`^[A-Z][a-z]+day, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^[A-Z][a-z]{2} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/**
 * A Date header's time, or NaN when it is not an HTTP-date on a real day. Not Date.parse alone: it takes "1" as the
 * year 2001 and "Sat, 13 Sep 275760 …" as a time no later signing date can pass, and asctime's form in the local zone.
 */
function parseHttpDate(value: string): number {
  const v = value.trim();
  let m: RegExpExecArray | null;
  let fixdate: string | undefined;
  if ((m = IMF_FIXDATE.exec(v))) fixdate = `${m[1]} ${m[2]} ${m[3]} ${m[4]}`;
  else if ((m = RFC_850.exec(v))) fixdate = `${m[1]} ${m[2]} ${Number(m[3]) < 70 ? 20 : 19}${m[3]} ${m[4]}`;
  else if ((m = ASCTIME.exec(v))) fixdate = `${(m[2] as string).trim().padStart(2, '0')} ${m[1]} ${m[4]} ${m[3]}`;
  if (!fixdate) return NaN;
  const time = Date.parse(`${fixdate} GMT`);
  // Rolled over (31 Feb, 25:00:00) is no day at all.
  return !Number.isNaN(time) && new Date(time).toUTCString().slice(5) === `${fixdate} GMT` ? time : NaN;
}

/**
 * parseHttpDate with the last header remembered: answers within one second carry the same Date, and a check at 16
 * at once spent ~2 µs of its ~150 reading it again (a CPU profile of the bench's 16-at-once row).
 */
let lastHeader: string | undefined;
let lastTime = NaN;
function headerTime(value: string): number {
  if (value !== lastHeader) {
    lastTime = parseHttpDate(value);
    lastHeader = value;
  }
  return lastTime;
}

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
    const server = header ? headerTime(header) : NaN;
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
