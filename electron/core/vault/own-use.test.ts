/** keyscope's own checks become the key's last use at AWS; the owner's last use is kept apart from them. */
import { describe, expect, it } from 'vitest';
import { isKeyscopeOwnUse } from '../keys/own-use.js';
import { isOwnLastUse, withCheck, type CheckRecord, type ProfileMeta } from './profiles.js';

const profile = { id: 'p', name: 'p', history: [] } as unknown as ProfileMeta;
const check = (at: string, date: string | null, service: string): CheckRecord => ({ at, valid: true, lastUsed: { LastUsedDate: date, ServiceName: service, Region: 'us-east-1' } });

describe("keyscope's own use", () => {
  it('a last use by sts or iam within 15 minutes of one of its checks is its own', () => {
    const checks = ['2026-11-20T10:07:00Z'];
    expect(isKeyscopeOwnUse('2026-11-20T10:00:00Z', 'sts', checks)).toBe(true);
    expect(isKeyscopeOwnUse('2026-11-20T10:15:00Z', 'iam', checks)).toBe(true);
    expect(isKeyscopeOwnUse('2026-11-20T10:30:00Z', 'sts', checks)).toBe(false); // 23 minutes after
    expect(isKeyscopeOwnUse('2026-11-20T10:00:00Z', 's3', checks)).toBe(false); // not what a check calls
    expect(isKeyscopeOwnUse(null, 'sts', checks)).toBe(false);
  });

  it("remembers the owner's last use and never replaces it with keyscope's own check", () => {
    let p = withCheck(profile, check('2026-11-20T10:07:00Z', '2026-11-17T08:00:00Z', 's3')); // the owner, 3 days before
    expect(p.ownerLastUse).toEqual({ LastUsedDate: '2026-11-17T08:00:00Z', ServiceName: 's3', Region: 'us-east-1' });
    const ours = check('2026-11-21T09:00:00Z', '2026-11-20T10:00:00Z', 'sts'); // our check of the 20th, seen the next day
    expect(isOwnLastUse(p, ours)).toBe(true);
    p = withCheck(p, ours);
    expect(p.ownerLastUse?.LastUsedDate).toBe('2026-11-17T08:00:00Z');
    p = withCheck(p, check('2026-11-22T09:00:00Z', '2026-11-21T20:00:00Z', 'sts')); // sts, but no check of ours near it
    expect(p.ownerLastUse?.LastUsedDate).toBe('2026-11-21T20:00:00Z');
  });
});
