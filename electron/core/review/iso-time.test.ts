import { describe, expect, it } from 'vitest';
import { isZonedIsoTime, parseIsoTime } from './iso-time.js';

describe('ISO 8601 times a review reads', () => {
  it('reads a date as midnight UTC and a zoned time as its instant, whatever the machine zone', () => {
    expect(parseIsoTime('2025-06-30')).toEqual({ ok: true, value: '2025-06-30T00:00:00.000Z' });
    expect(parseIsoTime('2025-06-30T12:00:00Z')).toEqual({ ok: true, value: '2025-06-30T12:00:00.000Z' });
    expect(parseIsoTime('2025-06-30T12:00+02:00')).toEqual({ ok: true, value: '2025-06-30T10:00:00.000Z' });
    expect(parseIsoTime('2024-02-29T23:59:59.5Z')).toEqual({ ok: true, value: '2024-02-29T23:59:59.500Z' });
  });

  it("refuses what Date.parse guesses: a bare number (a year), words, a time without zone, a day that does not exist", () => {
    // Date.parse: "45" is 2045, "June 30" is 2001-06-30, "2025-06-30T12:00:00" is local time, 2025-02-30 is March 2.
    for (const text of ['45', '1', 'June 30', 'yesterday', '2025/06/30', '30/06/2025']) expect(parseIsoTime(text)).toEqual({ ok: false, error: 'not-iso' });
    expect(parseIsoTime('2025-06-30T12:00:00')).toEqual({ ok: false, error: 'no-zone' });
    expect(parseIsoTime('2025-06-30T12:00+25:00')).toEqual({ ok: false, error: 'not-iso' });
    for (const text of ['2025-02-30', '2025-13-01', '2025-02-29T00:00:00Z', '2025-06-30T24:00:00Z', '2025-06-30T12:60:00Z']) expect(parseIsoTime(text)).toEqual({ ok: false, error: 'not-a-day' });
  });

  it('knows a zoned time as AWS writes it in a credential report', () => {
    expect(isZonedIsoTime('2025-05-15T00:00:00+00:00')).toBe(true);
    expect(isZonedIsoTime('2025-02-30T00:00:00+00:00')).toBe(false);
    expect(isZonedIsoTime('2025-05-15T00:00:00')).toBe(false);
    expect(isZonedIsoTime('2025-05-15')).toBe(false);
  });
});
