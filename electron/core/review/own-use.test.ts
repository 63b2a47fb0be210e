import { describe, expect, it } from 'vitest';
import { isKeyscopeOwnUse, ownerLastUse } from './own-use.js';

const CHECKS = ['2025-06-29T12:00:00Z'];

describe("keyscope's own use", () => {
  it('is an sts use within 15 minutes of one of its checks', () => {
    expect(isKeyscopeOwnUse({ date: '2025-06-29T12:15:00Z', service: 'sts', region: 'us-east-1' }, CHECKS)).toBe(true);
    expect(isKeyscopeOwnUse({ date: '2025-06-29T11:45:00Z', service: 'sts', region: 'us-east-1' }, CHECKS)).toBe(true);
  });

  it('is not a use of another service, a use outside the window, or no use at all', () => {
    expect(isKeyscopeOwnUse({ date: '2025-06-29T12:00:00Z', service: 's3', region: 'us-east-1' }, CHECKS)).toBe(false);
    expect(isKeyscopeOwnUse({ date: '2025-06-29T12:15:01Z', service: 'sts', region: 'us-east-1' }, CHECKS)).toBe(false);
    expect(isKeyscopeOwnUse({ date: null, service: null, region: null }, CHECKS)).toBe(false);
    expect(isKeyscopeOwnUse(undefined, CHECKS)).toBe(false);
    expect(isKeyscopeOwnUse({ date: '2025-06-29T12:00:00Z', service: 'sts', region: null }, [])).toBe(false);
  });

  it("takes the remembered owner's use in place of keyscope's own", () => {
    const own = { date: '2025-06-29T12:05:00Z', service: 'sts', region: 'us-east-1' };
    const owner = { date: '2025-03-01T00:00:00Z', service: 's3', region: 'eu-west-1' };
    expect(ownerLastUse({ source: 'profile', lastUsed: own, keyscopeOwnUse: true, ownerLastUsed: owner })).toEqual(owner);
    expect(ownerLastUse({ source: 'profile', lastUsed: own, keyscopeOwnUse: true })).toBeUndefined();
    expect(ownerLastUse({ source: 'profile', lastUsed: owner })).toEqual(owner);
  });
});
