import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCredentialReport } from './credential-report.js';
import type { Finding } from './finding.js';
import { findFindings } from './findings.js';
import { DEFAULT_THRESHOLDS, type ReviewedKey, type SourceData, type Thresholds } from './model.js';
import { profileKey } from './sources/profiles.js';
import { AS_OF, ID_KEY, keyIdForAccount, readReport } from './test-kit.js';
import type { ProfileMeta } from '../vault/store-doc.js';

function reportSource(): SourceData {
  const r = parseCredentialReport(readReport('thresholds.csv'), { label: 'thresholds.csv', dataAsOf: AS_OF });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const run = (sources: SourceData[], thresholds: Thresholds = DEFAULT_THRESHOLDS, idKey = ID_KEY): Finding[] => findFindings(sources, { thresholds, idKey });
const checksOf = (findings: Finding[], user: string): string[] => findings.filter((f) => f.Resource.User === user).map((f) => f.Check).sort();
const profiles = (keys: ReviewedKey[], dataAsOf = AS_OF): SourceData => ({ kind: 'profile', label: 'saved profiles', dataAsOf, keys });

const ACCOUNT = '111122223333';
const KEY = keyIdForAccount(ACCOUNT, 1, 1);
const RECENT = { valid: true, category: null, at: '2025-06-29T12:00:00Z' };

describe('findings from the credential report fixture', () => {
  const findings = run([reportSource()]);

  it('fires each threshold one day beyond it and not at it', () => {
    expect(checksOf(findings, 'unused-45-days')).toEqual([]);
    expect(checksOf(findings, 'unused-46-days')).toEqual(['access-key-unused']);
    expect(checksOf(findings, 'never-used-45-days')).toEqual([]);
    expect(checksOf(findings, 'never-used-46-days')).toEqual(['access-key-never-used']);
    expect(checksOf(findings, 'rotated-90-days')).toEqual([]);
    expect(checksOf(findings, 'rotated-91-days')).toEqual(['access-key-not-rotated']);
  });

  it('never shows an age at or under the threshold it fired on: part of a day past it is shown as such', () => {
    // Half a day past each threshold: the findings said "45 days before the data's time: more than 45 days".
    const r = parseCredentialReport(readReport('thresholds.csv'), { label: 'thresholds.csv', dataAsOf: '2025-06-30T12:00:00Z' });
    if (!r.ok) throw new Error(r.error.message);
    const later = run([r.value]);
    const unused = later.find((f) => f.Resource.User === 'unused-45-days' && f.Check === 'access-key-unused');
    expect(unused?.Evidence).toMatchObject({ DaysSinceLastUse: 45.5, UnusedDays: 45 });
    expect(unused?.Detail).toContain("on 2025-05-16, 45.5 days before the data's time: more than 45 days.");
    expect(later.find((f) => f.Resource.User === 'rotated-90-days')?.Evidence).toMatchObject({ DaysSinceRotated: 90.5, RotationDays: 90 });
    expect(later.find((f) => f.Resource.User === 'unused-46-days')?.Evidence).toMatchObject({ DaysSinceLastUse: 46 });
    const ages: Array<[string, string]> = [['DaysSinceLastUse', 'UnusedDays'], ['DaysSinceCreated', 'UnusedDays'], ['DaysSinceRotated', 'RotationDays']];
    for (const f of later) for (const [a, t] of ages) if (a in f.Evidence) expect(f.Evidence[a] as number).toBeGreaterThan(f.Evidence[t] as number);
    // Five minutes past 90 days is less than a hundredth of a day: no finding that would read "90 days".
    const minutes = parseCredentialReport(readReport('thresholds.csv'), { label: 'thresholds.csv', dataAsOf: '2025-06-30T00:05:00Z' });
    if (!minutes.ok) throw new Error(minutes.error.message);
    expect(checksOf(run([minutes.value]), 'rotated-90-days')).toEqual([]);
  });

  it('finds the root key, keys made at setup, two active keys; nothing for inactive keys or users without keys', () => {
    expect(checksOf(findings, '<root_account>')).toEqual(['root-access-key']);
    expect(checksOf(findings, 'console-setup')).toEqual(['access-key-at-setup']);
    expect(checksOf(findings, 'console-used')).toEqual([]);
    expect(checksOf(findings, 'two-keys')).toEqual(['multiple-active-keys']);
    expect(checksOf(findings, 'inactive-old')).toEqual([]);
    expect(checksOf(findings, 'no-keys')).toEqual([]);
    expect(findings).toHaveLength(6);
  });

  it('fills every field of a finding, with CIS numbers, evidence and the data time', () => {
    const f = findings.find((x) => x.Check === 'access-key-unused');
    expect(f).toMatchObject({
      Severity: 'medium',
      Resource: { Account: ACCOUNT, User: 'unused-46-days', AccessKeyId: null, Profile: null, KeySlot: 'access_key_1' },
      Evidence: { LastUsedDate: '2025-05-15T00:00:00+00:00', LastUsedService: 'ec2', DaysSinceLastUse: 46, UnusedDays: 45 },
      Compliance: { 'CIS-3.0': ['1.12'], 'CIS-4.0': ['1.12'], 'CIS-5.0': ['1.11'], 'CIS-6.0': ['2.11'] },
      DataAsOf: AS_OF,
      Source: 'credential-report',
    });
    expect(f?.Id).toMatch(/^[0-9a-f]{32}$/);
    expect(f?.Detail).toBe('Access key 1 of user unused-46-days was last used by its owner on 2025-05-15, 46 days before the data\'s time: more than 45 days.');
    expect(findings[0]?.Check).toBe('root-access-key');
    expect(findings[0]?.Compliance['CIS-6.0']).toEqual(['2.3']);
  });

  it('names the CIS AWS Foundations recommendation of every check in v3.0, v4.0, v5.0 and v6.0', () => {
    // From the benchmarks' own numbering (DESIGN.md's table): one key per check from the fixture.
    const cis = (v3: string, v4: string, v5: string, v6: string) => ({ 'CIS-3.0': [v3], 'CIS-4.0': [v4], 'CIS-5.0': [v5], 'CIS-6.0': [v6] });
    const expected: Record<string, ReturnType<typeof cis>> = {
      'root-access-key': cis('1.4', '1.4', '1.3', '2.3'),
      'access-key-at-setup': cis('1.11', '1.11', '1.10', '2.10'),
      'access-key-unused': cis('1.12', '1.12', '1.11', '2.11'),
      'access-key-never-used': cis('1.12', '1.12', '1.11', '2.11'),
      'multiple-active-keys': cis('1.13', '1.13', '1.12', '2.12'),
      'access-key-not-rotated': cis('1.14', '1.14', '1.13', '2.13'),
    };
    for (const [check, compliance] of Object.entries(expected)) {
      const found = findings.find((f) => f.Check === check);
      expect(found, check).toBeDefined();
      expect(found?.Compliance, check).toEqual(compliance);
    }
  });

  it('computes ages as of the data time, not the clock', () => {
    const earlier = { ...reportSource(), dataAsOf: '2025-06-01T00:00:00Z' };
    expect(run([earlier]).filter((f) => f.Check === 'access-key-unused')).toEqual([]);
  });

  it('follows the thresholds it is given', () => {
    const loose = run([reportSource()], { unusedDays: 90, rotationDays: 365, staleDays: 30 });
    expect(loose.map((f) => f.Check).sort()).toEqual(['access-key-at-setup', 'multiple-active-keys', 'root-access-key']);
  });
});

describe('findings from saved keys and key lists', () => {
  it('gives the same id for the same key and check in two runs, a different one per check, keyed by the home', () => {
    const keys = [{ source: 'profile' as const, accessKeyId: KEY, profile: 'prod', lastUsed: { date: '2025-01-01T00:00:00Z', service: 's3', region: 'us-east-1' }, createdAt: '2024-01-01T00:00:00Z', lastDecided: RECENT }];
    const a = run([profiles(keys)]);
    const b = run([profiles(keys)]);
    expect(a.map((f) => f.Id)).toEqual(b.map((f) => f.Id));
    expect(a.map((f) => f.Check).sort()).toEqual(['access-key-not-rotated', 'access-key-unused']);
    expect(new Set(a.map((f) => f.Id)).size).toBe(2);
    expect(run([profiles(keys)], DEFAULT_THRESHOLDS, 'another-home-key').map((f) => f.Id)).not.toEqual(a.map((f) => f.Id));
    // Keyed: not a plain hash of what the report shows, which could be reversed by trying the hidden characters.
    const plain = createHash('sha256').update(['access-key-unused', ACCOUNT, `key:${KEY}`].join('\u0000')).digest('hex').slice(0, 32);
    expect(a.map((f) => f.Id)).not.toContain(plain);
  });

  it('finds a canary key by its derived account, and an unexpected account', () => {
    const canary = keyIdForAccount('052310077262', 3, 7);
    const list: SourceData = { kind: 'key-list', label: 'leak.txt', dataAsOf: AS_OF, keys: [{ source: 'key-list', accessKeyId: canary }, { source: 'key-list', accessKeyId: KEY }] };
    const found = run([list], { ...DEFAULT_THRESHOLDS, accounts: [ACCOUNT] });
    const c = found.find((f) => f.Check === 'canary-key');
    expect(c).toMatchObject({ Severity: 'high', Resource: { Account: '052310077262', AccessKeyId: canary }, Evidence: { CanaryService: 'Thinkst Canarytokens' } });
    expect(found.filter((f) => f.Check === 'unexpected-account').map((f) => f.Resource.AccessKeyId)).toEqual([canary]);
    expect(run([list]).some((f) => f.Check === 'unexpected-account')).toBe(false);
    // Saved and never checked, as a canary key should be: no advice to check it.
    expect(run([profiles([{ source: 'profile', accessKeyId: canary, profile: 'found', neverChecked: true }])]).map((f) => f.Check)).toEqual(['canary-key']);
  });

  it("never counts keyscope's own check as the owner's use", () => {
    const base = { source: 'profile' as const, accessKeyId: KEY, profile: 'ci', createdAt: '2025-05-01T00:00:00Z', lastDecided: RECENT };
    const sts = { date: '2025-06-29T12:05:00Z', service: 'sts', region: 'us-east-1' };
    // AWS's last use is keyscope's check; the owner last used it in March.
    const own = run([profiles([{ ...base, lastUsed: sts, keyscopeOwnUse: true, ownerLastUsed: { date: '2025-03-01T00:00:00Z', service: 's3', region: 'us-east-1' } }])]);
    expect(own.map((f) => f.Check)).toEqual(['access-key-unused']);
    expect(own[0]?.Evidence).toMatchObject({ KeyscopeOwnUse: true, LastUsedDate: '2025-03-01T00:00:00Z' });
    // The owner never used it: keyscope's check does not hide that.
    expect(run([profiles([{ ...base, createdAt: '2025-01-01T00:00:00Z', lastUsed: sts, keyscopeOwnUse: true, ownerLastUsed: { date: null, service: null, region: null } }])]).map((f) => f.Check)).toContain('access-key-never-used');
    // Nothing known of the owner's use: no use finding rests on keyscope's own.
    expect(run([profiles([{ ...base, lastUsed: sts, keyscopeOwnUse: true }])])).toEqual([]);
  });

  it('finds rejected, inactive, stale and never-checked saved keys', () => {
    const other = keyIdForAccount(ACCOUNT, 2, 2);
    const third = keyIdForAccount(ACCOUNT, 3, 3);
    const found = run([
      profiles([
        { source: 'profile', accessKeyId: KEY, profile: 'old', lastDecided: { valid: false, category: 'invalid-key', at: '2025-06-20T00:00:00Z' }, lastUsed: { date: '2024-01-01T00:00:00Z', service: 's3', region: null } },
        { source: 'profile', accessKeyId: other, profile: 'stale', lastDecided: { valid: true, category: null, at: '2025-05-30T23:00:00Z' } },
        { source: 'profile', accessKeyId: third, profile: 'new', neverChecked: true },
      ]),
    ]);
    expect(found.map((f) => `${f.Resource.Profile}:${f.Check}`).sort()).toEqual(['new:stale-check', 'old:invalid-key-saved', 'stale:stale-check']);
    expect(found.find((f) => f.Check === 'invalid-key-saved')?.Detail).toContain('(invalid-key)');
    // 30 days exactly is not stale.
    expect(run([profiles([{ source: 'profile', accessKeyId: other, profile: 'p', lastDecided: { valid: true, category: null, at: '2025-05-31T00:00:00Z' } }])])).toEqual([]);
  });

  it('finds a key of a key list that `--check` saw rejected, in words that do not call it saved', () => {
    const listed: SourceData = { kind: 'key-list', label: 'keys.txt', dataAsOf: AS_OF, keys: [{ source: 'key-list', accessKeyId: KEY, lastDecided: { valid: false, category: 'invalid-secret', at: '2025-06-30T00:00:00Z' } }] };
    const [found, ...rest] = run([listed]);
    expect(rest).toEqual([]);
    expect(found).toMatchObject({ Check: 'invalid-key-saved', Title: 'Key was rejected by AWS' });
    expect(found?.Detail).toContain('(invalid-secret)');
    expect(`${found?.Title} ${found?.Detail} ${found?.Remediation}`).not.toMatch(/[Ss]aved key/);
  });

  it('learns from a passive audit that a saved key is Inactive, and then raises no age or use finding for it', () => {
    const saved = profiles([{ source: 'profile', accessKeyId: KEY, profile: 'prod', lastDecided: RECENT, createdAt: '2020-01-01T00:00:00Z' }]);
    const audit: SourceData = { kind: 'audit', label: 'audit with auditor', dataAsOf: AS_OF, keys: [{ source: 'audit', accessKeyId: KEY, profile: 'prod', user: 'alice', active: false, createdAt: '2020-01-01T00:00:00Z', lastUsed: { date: '2021-01-01T00:00:00Z', service: 's3', region: 'us-east-1' } }] };
    const found = run([saved, audit]);
    expect(found.map((f) => f.Check)).toEqual(['inactive-key-saved']);
    expect(found[0]?.Resource).toMatchObject({ Profile: 'prod', User: 'alice', Account: ACCOUNT });
  });

  it("takes a saved profile's key as the root's when its last valid check's Arn is the root's, and raises only root-access-key", () => {
    const check = (arn: string, userName: string | null) => ({ at: '2025-06-29T12:00:00Z', valid: true, account: ACCOUNT, arn, userId: 'AIDAEXAMPLE', userName, lastUsed: null, lastUsedError: null });
    const saved = (arn: string, userName: string | null = null): ProfileMeta =>
      ({ id: 'p1', name: 'prod', accessKeyId: KEY, keyType: 'long-term', derivedAccount: ACCOUNT, partition: 'aws', source: 'manual', createdAt: '2020-01-01T00:00:00Z', updatedAt: '2020-01-01T00:00:00Z', history: [check(arn, userName)] }) as ProfileMeta;
    expect(profileKey(saved(`arn:aws:iam::${ACCOUNT}:root`))).toMatchObject({ isRoot: true, account: ACCOUNT });
    expect(profileKey(saved(`arn:aws:iam::${ACCOUNT}:user/ops/alice`))).toMatchObject({ isRoot: false, user: 'alice' });
    const fromProfile = run([profiles([profileKey(saved(`arn:aws:iam::${ACCOUNT}:root`))])]);
    expect(fromProfile.map((f) => f.Check)).toEqual(['root-access-key']);
    expect(fromProfile[0]?.Severity).toBe('critical');
    // A root key made years ago and unused for years: still one finding, deleting it; no age or use finding beside it.
    const old = { source: 'profile' as const, accessKeyId: KEY, profile: 'root', isRoot: true, lastDecided: RECENT, createdAt: '2019-01-01T00:00:00Z', lastUsed: { date: '2020-01-01T00:00:00Z', service: 's3', region: 'us-east-1' } };
    expect(run([profiles([old])]).map((f) => f.Check)).toEqual(['root-access-key']);
    // The same key not marked root raises its age and use findings: the root branch is what holds them back.
    expect(run([profiles([{ ...old, isRoot: false }])]).map((f) => f.Check).sort()).toEqual(['access-key-not-rotated', 'access-key-unused']);
  });

  it('flags a saved root key and keeps one finding per id when two sources say the same', () => {
    const root = { source: 'profile' as const, accessKeyId: KEY, profile: 'root', isRoot: true, lastDecided: RECENT };
    const found = run([profiles([root], '2025-06-01T00:00:00Z'), profiles([root])]);
    expect(found.map((f) => f.Check)).toEqual(['root-access-key']);
    expect(found[0]?.DataAsOf).toBe(AS_OF);
  });
});
