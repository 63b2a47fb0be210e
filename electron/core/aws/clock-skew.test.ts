/** ClockSkew on its own: what each Date header teaches, whatever order answers of several clients come in. */
import { describe, expect, it } from 'vitest';
import { ClockSkew } from './clock-skew.js';
import type { HttpResponse } from './transport.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const answer = (date?: string): HttpResponse => ({ status: 200, headers: date === undefined ? {} : { date }, body: '' });

describe('ClockSkew', () => {
  it('learns each header on its own, the same header again and again, and two clients answered in turn', () => {
    const a = new ClockSkew(() => NOW);
    const b = new ClockSkew(() => NOW);
    const ahead = 'Tue, 24 Nov 2026 12:10:00 GMT'; // 10 minutes ahead: past the 5-minute limit
    const close = 'Tue, 24 Nov 2026 12:01:00 GMT'; // within it
    for (let i = 0; i < 3; i += 1) {
      a.learn(answer(ahead));
      b.learn(answer(close));
      expect(a.offsetMs).toBe(10 * 60_000);
      expect(b.offsetMs).toBe(0);
    }
    a.learn(answer(close));
    expect(a.offsetMs).toBe(0);
    a.learn(answer(ahead));
    a.learn(answer('not a date'));
    expect(a.offsetMs).toBe(10 * 60_000); // a header that is no HTTP-date teaches nothing
    a.learn(answer(' Tue, 24 Nov 2026 11:50:00 GMT'));
    expect(a.offsetMs).toBe(-10 * 60_000);
    a.learn(answer());
    expect(a.offsetMs).toBe(-10 * 60_000);
  });

  it('reads the obsolete forms and refuses a day that does not exist, each time it is given', () => {
    const c = new ClockSkew(() => NOW);
    c.learn(answer('Tuesday, 24-Nov-26 12:20:00 GMT'));
    expect(c.offsetMs).toBe(20 * 60_000);
    c.learn(answer('Tue Nov 24 12:30:00 2026'));
    expect(c.offsetMs).toBe(30 * 60_000);
    for (let i = 0; i < 2; i += 1) {
      c.learn(answer('Tue, 31 Feb 2026 12:00:00 GMT'));
      expect(c.offsetMs).toBe(30 * 60_000);
    }
  });
});
