import { describe, expect, it } from 'vitest';
import { decidedText, relativeTime } from './relative-time.js';

const NOW = Date.parse('2025-03-10T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('relativeTime', () => {
  it('never says "in 0 seconds" for a time just past (the reproducer: "Last checked: in 0 seconds")', () => {
    for (const ms of [0, 1, 400, 499, 500, 999, 1500, 30_000, 44_999]) expect(relativeTime(ago(ms), NOW)).toBe('just now');
    expect(relativeTime(new Date(NOW + 300).toISOString(), NOW)).toBe('just now');
  });

  it('counts the past and the future in the largest unit that fits', () => {
    expect(relativeTime(ago(50_000), NOW)).toBe('50 seconds ago');
    expect(relativeTime(ago(60_000), NOW)).toBe('1 minute ago');
    expect(relativeTime(ago(5 * 3600_000), NOW)).toBe('5 hours ago');
    expect(relativeTime(ago(3 * 86400_000), NOW)).toBe('3 days ago');
    expect(relativeTime(new Date(NOW + 2 * 3600_000).toISOString(), NOW)).toBe('in 2 hours');
    expect(relativeTime(new Date(NOW + 30_000).toISOString(), NOW)).toBe('in 30 seconds');
  });

  it('rounds into the next unit rather than to 60 minutes or 24 hours', () => {
    expect(relativeTime(ago(3 * 60_000), NOW)).toBe('3 minutes ago');
    expect(relativeTime(ago(59 * 60_000 + 40_000), NOW)).toBe('1 hour ago');
    expect(relativeTime(ago(23 * 3600_000 + 40 * 60_000), NOW)).toBe('1 day ago');
    expect(relativeTime(ago(59 * 60_000), NOW)).toBe('59 minutes ago');
  });

  it('gives the date for times more than a month away, and text that is not a date as it is', () => {
    expect(relativeTime('2024-01-02T03:04:05Z', NOW)).toBe('on 2024-01-02');
    expect(relativeTime('N/A', NOW)).toBe('N/A');
  });
});

describe('decidedText', () => {
  it('reads as the last decided result with its age', () => {
    expect(decidedText({ status: 'valid', at: ago(3 * 86400_000) }, NOW)).toBe('valid 3 days ago');
    expect(decidedText({ status: 'invalid', at: ago(2000) }, NOW)).toBe('invalid just now');
  });
});
