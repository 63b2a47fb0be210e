import { describe, expect, it } from 'vitest';
import { analyzeKeyId } from './key-id.js';
import { canaryService, isCanaryKey, OTHER_CANARY_ACCOUNTS, THINKST_CANARY_ACCOUNTS } from './canary-accounts.js';
import { keyIdForAccount } from '../review/test-kit.js';

describe('canary accounts', () => {
  it('lists the 26 accounts of trufflehog canary.go: 10 Thinkst, 16 others, no repeats', () => {
    expect(THINKST_CANARY_ACCOUNTS).toHaveLength(10);
    expect(OTHER_CANARY_ACCOUNTS).toHaveLength(16);
    const all = [...THINKST_CANARY_ACCOUNTS, ...OTHER_CANARY_ACCOUNTS];
    expect(new Set(all).size).toBe(26);
    for (const a of all) expect(a).toMatch(/^\d{12}$/);
  });

  it('recognises a key id made for each canary account, offline', () => {
    for (const account of [...THINKST_CANARY_ACCOUNTS, ...OTHER_CANARY_ACCOUNTS]) {
      const id = keyIdForAccount(account, 5, 0x1234abcd);
      expect(analyzeKeyId(id).derivedAccount).toBe(account);
      expect(isCanaryKey(id)).toBe(true);
    }
    expect(canaryService('052310077262')).toBe('Thinkst Canarytokens');
    expect(canaryService('044858866125')).toMatch(/canary-token service/);
  });

  it('does not flag other accounts, old ids without an account, or junk', () => {
    expect(isCanaryKey(keyIdForAccount('111122223333'))).toBe(false);
    expect(isCanaryKey('AKIAIOSFODNN7EXAMPLE')).toBe(false);
    expect(isCanaryKey('not a key')).toBe(false);
    expect(canaryService(null)).toBeNull();
  });
});
