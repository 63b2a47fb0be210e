import { describe, expect, it } from 'vitest';
import type { ProfileRowView, StatusView } from '../../../shared/model';
import { summaryCounts } from './profile-summary';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const row = (id: string, status: StatusView, expiration: string | null = null): ProfileRowView => ({
  id,
  name: id,
  maskedKeyId: 'ASIA************0000',
  keyType: expiration ? 'temporary' : 'long-term',
  account: null,
  status,
  lastChecked: null,
  lastDecided: null,
  lastAttempt: null,
  lastUsed: null,
  region: null,
  arn: null,
  userName: null,
  notes: null,
  expiration,
});

describe('the summary above the credential list', () => {
  it('counts each status, and the temporary keys expiring within the hour (not those expired or later)', () => {
    const profiles = [
      row('a', 'valid'),
      row('b', 'valid', '2026-11-23T12:30:00Z'), // in 30 minutes: soon
      row('c', 'valid', '2026-11-23T14:00:00Z'), // in two hours: not soon
      row('d', 'expired', '2026-11-23T11:00:00Z'), // an hour ago: expired, not soon
      row('e', 'invalid'),
      row('f', 'could not check'),
      row('g', 'could not check'),
      row('h', 'never checked'),
    ];
    expect(summaryCounts(profiles, NOW)).toEqual([
      ['valid', 3],
      ['invalid', 1],
      ['expired', 1],
      ['could not check', 2],
      ['never checked', 1],
      ['expiring soon', 1],
    ]);
  });

  it('counts zero of everything in an empty list', () => {
    expect(summaryCounts([], NOW).every(([, n]) => n === 0)).toBe(true);
  });
});
