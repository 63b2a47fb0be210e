import { describe, expect, it } from 'vitest';
import { failOn, parseFailOn } from './compare.js';
import { parseCredentialReport } from './credential-report.js';
import type { ReviewFinding } from './finding.js';
import { formatJson } from './format-json.js';
import type { SourceData } from './model.js';
import { readPriorReview } from './prior-review.js';
import { runReview } from './report.js';
import { expiryTime, parseSuppressions, type Suppression } from './suppressions.js';
import { AS_OF, ID_KEY, keyIdForAccount, readReport } from './test-kit.js';

function report(text = readReport('thresholds.csv')): SourceData {
  const r = parseCredentialReport(text, { label: 'report.csv', dataAsOf: AS_OF });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const review = (sources: SourceData[], extra: Partial<Parameters<typeof runReview>[0]> = {}) => runReview({ sources, idKey: ID_KEY, generatedAt: AS_OF, offline: true, ...extra });
const byUser = (findings: readonly ReviewFinding[], user: string) => findings.find((f) => f.Resource.User === user);

describe('reviews over time', () => {
  it('marks everything new in a first review', () => {
    const first = review([report()]);
    expect(first.comparedWith).toBeNull();
    expect(first.findings.every((f) => f.Status === 'new' && f.Muted === null)).toBe(true);
    expect(first.resolved).toEqual([]);
  });

  it('marks new, unchanged and resolved against the previous review read back from its JSON', () => {
    const first = review([report()]);
    const prior = readPriorReview(formatJson(first));
    if (!prior.ok) throw new Error(prior.error.message);
    expect(prior.value.generatedAt).toBe(AS_OF);
    // Since then: rotated-91-days rotated its key; never-used-45-days crossed its threshold (a day later).
    const changed = readReport('thresholds.csv').replace('rotated-91-days,2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-03-31', 'rotated-91-days,2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-06-20');
    const later = { ...report(changed), dataAsOf: '2025-07-01T00:00:00Z' };
    const second = review([later], { previous: { findings: prior.value.findings, label: 'the review of 2025-06-30' } });
    expect(byUser(second.findings, 'never-used-45-days')?.Status).toBe('new');
    expect(byUser(second.findings, 'unused-46-days')?.Status).toBe('unchanged');
    expect(second.resolved.map((r) => r.Resource.User)).toEqual(['rotated-91-days']);
    expect(second.resolved[0]).toMatchObject({ Check: 'access-key-not-rotated', Severity: 'medium' });
    expect(second.comparedWith).toBe('the review of 2025-06-30');
  });

  it('does not call resolved what this review did not look at', () => {
    const first = review([report()]);
    const prior = readPriorReview(formatJson(first));
    if (!prior.ok) throw new Error(prior.error.message);
    const profilesOnly: SourceData = { kind: 'profile', label: 'saved profiles', dataAsOf: AS_OF, keys: [] };
    expect(review([profilesOnly], { previous: { findings: prior.value.findings, label: 'x' } }).resolved).toEqual([]);
  });

  it("resolves an audit's or a check's finding only when this review has the answer it rests on", () => {
    const id = keyIdForAccount('111122223333', 4, 4);
    const answered: SourceData = { kind: 'audit', label: 'audit with ops', dataAsOf: AS_OF, keys: [{ source: 'audit', accessKeyId: id, profile: 'old', user: 'carol', active: false, createdAt: '2024-01-01T00:00:00Z', lastUsed: { date: '2024-02-01T00:00:00Z', service: 's3', region: null } }] };
    const first = review([answered]);
    expect(first.findings.map((f) => f.Check)).toEqual(['inactive-key-saved']);
    const prior = readPriorReview(formatJson(first));
    if (!prior.ok) throw new Error(prior.error.message);
    const previous = { findings: prior.value.findings, label: 'the previous review' };
    // ListAccessKeys failed: the audit knows the key's last use, not whether it is Active.
    const unanswered: SourceData = { ...answered, keys: [{ source: 'audit', accessKeyId: id, profile: 'old', lastUsed: { date: '2024-02-01T00:00:00Z', service: 's3', region: null } }] };
    const second = review([unanswered], { previous });
    expect(second.resolved).toEqual([]);
    expect(second.notReviewed.map((f) => f.Check)).toEqual(['inactive-key-saved']);
    // Answered Active since: resolved.
    const active = review([{ ...answered, keys: [{ ...answered.keys[0]!, active: true, lastUsed: { date: AS_OF, service: 's3', region: null } }] }], { previous });
    expect(active.resolved.map((f) => f.Check)).toEqual(['inactive-key-saved']);
  });

  it("does not resolve an audit's or a profile's use finding when the only last use known is keyscope's own check", () => {
    const id = keyIdForAccount('111122223333', 4, 4);
    const used = { date: '2025-01-01T00:00:00Z', service: 's3', region: null };
    const audit: SourceData = { kind: 'audit', label: 'audit with ops', dataAsOf: AS_OF, keys: [{ source: 'audit', accessKeyId: id, profile: 'old', user: 'carol', active: true, createdAt: '2024-12-01T00:00:00Z', lastUsed: used }] };
    const saved: SourceData = { kind: 'profile', label: 'saved profiles', dataAsOf: AS_OF, coversAll: true, keys: [{ source: 'profile', accessKeyId: id, profile: 'old', lastDecided: { at: AS_OF, valid: true, category: null }, lastUsed: used }] };
    for (const source of [audit, saved]) {
      const first = review([source]);
      expect(first.findings.map((f) => f.Check), source.kind).toContain('access-key-unused');
      const prior = readPriorReview(formatJson(first));
      if (!prior.ok) throw new Error(prior.error.message);
      // Since: the key's last use is keyscope's check, and no earlier use of its owner is on record.
      const own = { ...source, keys: [{ ...source.keys[0]!, lastUsed: { date: AS_OF, service: 'sts', region: null }, keyscopeOwnUse: true }] };
      const second = review([own], { previous: { findings: prior.value.findings, label: 'the previous review' } });
      expect(second.resolved.map((f) => f.Check), source.kind).not.toContain('access-key-unused');
      expect(second.notReviewed.map((f) => f.Check), source.kind).toContain('access-key-unused');
    }
  });

  it('refuses a baseline that is not a keyscope JSON review', () => {
    expect(readPriorReview('not json')).toMatchObject({ ok: false, error: { message: 'The earlier review is not JSON.' } });
    expect(readPriorReview('{"Findings": [{"Id": "x"}]}')).toMatchObject({ ok: false, error: { message: 'Finding 1 of the earlier review has no valid Id or Check.' } });
    expect(readPriorReview('{}')).toMatchObject({ ok: false });
  });
});

describe('suppressions', () => {
  const mute = (s: Partial<Suppression>[]): Suppression[] => s.map((x) => ({ check: '*', resource: '*', reason: 'accepted', expires: null, ...x }));

  it('mutes a finding by user, keeps it in the report with its reason, and stops counting it', () => {
    const r = review([report()], { suppressions: mute([{ check: 'root-access-key', resource: 'account:111122223333', reason: 'break-glass key, in the safe', expires: '2025-12-31' }]) });
    const root = r.findings.find((f) => f.Check === 'root-access-key');
    expect(root?.Muted).toEqual({ Reason: 'break-glass key, in the safe', Expires: '2025-12-31' });
    expect(failOn(r.findings, 'critical')).toBe(false);
    expect(failOn(r.findings, 'medium')).toBe(true);
    expect(failOn(r.findings, 'none')).toBe(false);
  });

  it('stops applying an expired suppression and says so on the finding', () => {
    const r = review([report()], { suppressions: mute([{ check: 'root-access-key', resource: '111122223333', reason: 'until the audit', expires: '2025-06-29' }]) });
    const root = r.findings.find((f) => f.Check === 'root-access-key');
    expect(root?.Muted).toBeNull();
    expect(root?.Notes).toEqual(['A suppression (until the audit) expired on 2025-06-29; the finding counts again.']);
    expect(failOn(r.findings, 'critical')).toBe(true);
  });

  it('lets a date-only expiry last through that day (UTC)', () => {
    const r = runReview({ sources: [report()], idKey: ID_KEY, generatedAt: '2025-06-30T23:59:59Z', offline: true, suppressions: mute([{ resource: 'user:two-keys', expires: '2025-06-30' }]) });
    expect(byUser(r.findings, 'two-keys')?.Muted).not.toBeNull();
  });

  it('matches each resource form and nothing else', () => {
    const base = review([report()]);
    const id = byUser(base.findings, 'unused-46-days')?.Id ?? '';
    const muted = (resource: string, check: Suppression['check'] = '*') => review([report()], { suppressions: mute([{ resource, check }]) }).findings.filter((f) => f.Muted).map((f) => f.Resource.User);
    expect(muted(`finding:${id}`)).toEqual(['unused-46-days']);
    expect(muted('user:111122223333/two-keys')).toEqual(['two-keys']);
    expect(muted('user:999999999999/two-keys')).toEqual([]);
    expect(muted('user:two-keys', 'access-key-unused')).toEqual([]);
    expect(muted('profile:two-keys')).toEqual([]);
    expect(muted('*', 'access-key-at-setup')).toEqual(['console-setup']);
  });

  it('mutes by key id, written key:ID or bare, the whole id only', () => {
    const [one, two] = [keyIdForAccount('111122223333', 1, 1), keyIdForAccount('111122223333', 2, 2)];
    const saved: SourceData = { kind: 'profile', label: 'saved profiles', dataAsOf: AS_OF, keys: [one, two].map((accessKeyId, i) => ({ source: 'profile' as const, accessKeyId, profile: `p${i}`, neverChecked: true })) };
    const muted = (resource: string) => review([saved], { suppressions: mute([{ resource }]) }).findings.filter((f) => f.Muted).map((f) => f.Resource.Profile);
    expect(review([saved]).findings.map((f) => `${f.Resource.Profile}:${f.Check}`).sort()).toEqual(['p0:stale-check', 'p1:stale-check']);
    expect(muted(`key:${one}`)).toEqual(['p0']);
    expect(muted(two)).toEqual(['p1']);
    expect(muted(`key:${one.slice(0, -1)}`)).toEqual([]);
  });

  it('reads suppressions files and names what is wrong in them', () => {
    const good = parseSuppressions({ Suppressions: [{ Check: 'canary-key', Resource: 'key:AKIAQAAAAAAAAAAAAAAA', Reason: 'our own token', Expires: '2026-01-01T00:00:00Z' }] });
    expect(good).toEqual({ ok: true, value: [{ check: 'canary-key', resource: 'key:AKIAQAAAAAAAAAAAAAAA', reason: 'our own token', expires: '2026-01-01T00:00:00Z' }] });
    expect(parseSuppressions([{ Check: 'nope', Resource: '*', Reason: 'r' }])).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^Suppression 1 names no known check \("nope"\)/) } });
    expect(parseSuppressions([{ Check: '*', Resource: 'alice', Reason: 'r' }])).toMatchObject({ ok: false, error: { message: expect.stringContaining('Resource keyscope cannot match ("alice")') } });
    expect(parseSuppressions([{ Check: '*', Resource: '*', Reason: ' ' }])).toMatchObject({ ok: false, error: { message: expect.stringContaining('has no Reason') } });
    expect(parseSuppressions([{ Check: '*', Resource: '*', Reason: 'r', Expires: 'soon' }])).toMatchObject({ ok: false, error: { message: expect.stringContaining('not an ISO 8601 date') } });
    // Date.parse read "45" as 2045 (muted for twenty years) and a time without zone in the machine's zone.
    expect(parseSuppressions([{ Check: '*', Resource: '*', Reason: 'r', Expires: '45' }])).toMatchObject({ ok: false, error: { message: expect.stringContaining('("45": it is not an ISO 8601 date or time') } });
    expect(parseSuppressions([{ Check: '*', Resource: '*', Reason: 'r', Expires: '2026-06-30T12:00:00' }])).toMatchObject({ ok: false, error: { message: expect.stringContaining('gives no time zone') } });
    expect(parseSuppressions([{ Check: '*', Resource: '*', Reason: 'r', Expires: '2026-06-31' }])).toMatchObject({ ok: false, error: { message: expect.stringContaining('does not exist') } });
    expect(expiryTime('2026-06-30')).toBe(Date.parse('2026-07-01T00:00:00Z'));
    expect(expiryTime(' 2026-06-30 ')).toBe(Date.parse('2026-07-01T00:00:00Z'));
    expect(parseSuppressions({})).toMatchObject({ ok: false });
  });

  it('quotes at most 64 characters of a value it refuses in a suppressions file, with its length', () => {
    const huge = 'x'.repeat(100_000);
    const shown = `"${'x'.repeat(64)}…" (100,000 characters)`;
    // The whole value was quoted: a 100 KB error line, from a file of at most 1 MiB.
    const messages = [{ Check: huge, Resource: '*', Reason: 'r' }, { Check: '*', Resource: huge, Reason: 'r' }, { Check: '*', Resource: '*', Reason: 'r', Expires: huge }].map((s) => {
      const r = parseSuppressions([s]);
      return r.ok ? '' : r.error.message;
    });
    expect(messages).toEqual([
      expect.stringMatching(new RegExp(`^Suppression 1 names no known check \\(${shown.replace(/[.*+?()[\]…]/g, '\\$&')}\\);`)),
      `Suppression 1 has a Resource keyscope cannot match (${shown}); use *, finding:ID, key:ID, account:ID, user:NAME or profile:NAME.`,
      expect.stringContaining(`has an Expires that is not an ISO 8601 date (${shown}: `),
    ]);
    for (const m of messages) expect(m.length).toBeLessThan(400);
    // What is not text is named by its kind.
    const kinds = [{ Check: { a: huge } }, { Check: '*', Resource: [huge] }, { Check: '*', Resource: 7 }].map((s) => {
      const r = parseSuppressions([{ Reason: 'r', ...s }]);
      return r.ok ? '' : r.error.message;
    });
    expect(kinds).toEqual([expect.stringContaining('no known check (an object)'), expect.stringContaining('cannot match (a list)'), expect.stringContaining('cannot match (7)')]);
  });

  it('reads --fail-on levels', () => {
    expect(parseFailOn('HIGH')).toBe('high');
    expect(parseFailOn('none')).toBe('none');
    expect(parseFailOn('severe')).toBeNull();
  });
});
