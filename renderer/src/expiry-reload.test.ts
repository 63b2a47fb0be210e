import { describe, expect, it } from 'vitest';
import { nextExpiryChange } from './expiry-reload';

const HOUR = 60 * 60_000;
const at = (ms: number) => new Date(ms).toISOString();

describe('nextExpiryChange', () => {
  const now = Date.parse('2026-01-01T12:00:00.000Z');

  it('is the hour before the nearest expiry, then the expiry itself', () => {
    expect(nextExpiryChange([{ expiration: at(now + 2 * HOUR) }, { expiration: at(now + 3 * HOUR) }], now)).toBe(now + HOUR);
    expect(nextExpiryChange([{ expiration: at(now + 10_000) }], now)).toBe(now + 10_000);
  });

  it('is null for keys without an expiry and for keys already expired', () => {
    expect(nextExpiryChange([{ expiration: null }, { expiration: at(now - 1) }], now)).toBeNull();
  });
});
