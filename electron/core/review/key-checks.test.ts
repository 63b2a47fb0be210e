/** `--accounts` on keys whose account cannot be known (key-checks.ts identityChecks). */
import { describe, expect, it } from 'vitest';
import { findFindings } from './findings.js';
import { DEFAULT_THRESHOLDS, type ReviewedKey } from './model.js';
import { AS_OF, ID_KEY, keyIdForAccount } from './test-kit.js';

const EXPECTED = ['111122223333'];
const review = (keys: ReviewedKey[]) => findFindings([{ kind: 'key-list', label: 'keys.txt', dataAsOf: AS_OF, keys }], { thresholds: { ...DEFAULT_THRESHOLDS, accounts: EXPECTED }, idKey: ID_KEY });

describe('unexpected-account when the key\'s account is not known', () => {
  it('fires for an old-format id and for one AWS never issues, saying the account is not known', () => {
    const findings = review([{ source: 'key-list', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, { source: 'key-list', accessKeyId: 'AKIAY34FZKBOKMUTVV10' }]);
    expect(findings.map((f) => [f.Check, f.Severity, f.Resource.Account, f.Evidence.Account])).toEqual([
      ['unexpected-account', 'high', null, null],
      ['unexpected-account', 'high', null, null],
    ]);
    const byKey = new Map(findings.map((f) => [f.Resource.AccessKeyId, f]));
    expect(byKey.get('AKIAIOSFODNN7EXAMPLE')?.Detail).toBe('This key belongs to an account that cannot be known (older id format (fifth character I or J): it carries no account), so it is not known to be among the accounts expected for this review. A valid check at AWS (profiles recheck, or --keys with --check) tells its account.');
    expect(byKey.get('AKIAIOSFODNN7EXAMPLE')?.Evidence).toMatchObject({ AccountFrom: 'older id format (fifth character I or J): it carries no account', ExpectedAccounts: EXPECTED });
    expect(byKey.get('AKIAY34FZKBOKMUTVV10')?.Evidence.AccountFrom).toMatch(/^not an id AWS issues/);
  });

  it('stays quiet for a key of an expected account, stated or derived, and without --accounts', () => {
    expect(review([{ source: 'key-list', accessKeyId: keyIdForAccount('111122223333') }, { source: 'key-list', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', account: '111122223333' }])).toEqual([]);
    expect(findFindings([{ kind: 'key-list', label: 'keys.txt', dataAsOf: AS_OF, keys: [{ source: 'key-list', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }] }], { thresholds: DEFAULT_THRESHOLDS, idKey: ID_KEY })).toEqual([]);
  });
});
