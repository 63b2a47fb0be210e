import { describe, expect, it } from 'vitest';
import type { CheckView } from '../../shared/model.js';
import { CHECK_MEMO_TTL_MS, CheckMemo } from './check-memo.js';

const KEY = { accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const REPORT = { Valid: false, AccessKeyId: 'AKIA…V7A', KeyType: 'long-term', CheckedAt: '2025-03-10T12:00:00.000Z' } as unknown as CheckView;

describe('CheckMemo', () => {
  it('gives the check back once, for exactly the credential and region that were checked', () => {
    const memo = new CheckMemo();
    const id = memo.remember(KEY, 'eu-west-1', REPORT);
    expect(memo.take(id, KEY, 'eu-west-1')).toBe(REPORT);
    expect(memo.take(id, KEY, 'eu-west-1')).toBeUndefined();
    for (const other of [
      [{ ...KEY, secretAccessKey: `${KEY.secretAccessKey.slice(0, -1)}X` }, 'eu-west-1'],
      [{ ...KEY, sessionToken: 'token' }, 'eu-west-1'],
      [KEY, undefined],
    ] as const) {
      const again = memo.remember(KEY, 'eu-west-1', REPORT);
      expect(memo.take(again, other[0], other[1])).toBeUndefined();
    }
  });

  it('forgets a check after its time, and keeps no secret', () => {
    let now = 0;
    const memo = new CheckMemo(() => now);
    const id = memo.remember(KEY, undefined, REPORT);
    expect(JSON.stringify([...(memo as unknown as { held: Map<string, unknown> }).held.values()])).not.toContain(KEY.secretAccessKey);
    now = CHECK_MEMO_TTL_MS + 1;
    expect(memo.take(id, KEY, undefined)).toBeUndefined();
  });
});
