/**
 * The previous saved review as the next review reads it, however large: a review of 100,000 users saves 254 MB, and
 * the next one must still say what is unchanged and what was resolved.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCredentialReport } from './credential-report.js';
import type { ReviewFinding } from './finding.js';
import { formatJson } from './format-json.js';
import { lastReviewTime, previousSavedReview } from './gather.js';
import { profileFindings } from './profile-findings.js';
import { runReview } from './report.js';
import { saveReview } from './store.js';
import { AS_OF, ID_KEY, keyIdForAccount, readReport } from './test-kit.js';
import type { ProfileMeta } from '../vault/store-doc.js';

const root = mkdtempSync(join(tmpdir(), 'keyscope-previous-review-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const MIB = 1024 * 1024;

function thresholds() {
  const r = parseCredentialReport(readReport('thresholds.csv'), { label: 'report.csv', dataAsOf: AS_OF });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const review = (previous: Parameters<typeof runReview>[0]['previous'] = null) => runReview({ sources: [thresholds()], idKey: ID_KEY, generatedAt: AS_OF, offline: true, previous });

/** `n` findings of users since removed, each a real finding's copy (its size too) under its own id and user; one in 1,000 of profile alice. */
function gone(model: ReviewFinding, n: number): ReviewFinding[] {
  return Array.from({ length: n }, (_, i) => ({ ...model, Id: i.toString(16).padStart(32, 'f'), Resource: { ...model.Resource, User: `gone-${i}`, Profile: i % 1000 ? null : 'alice' } }));
}
const alice: ProfileMeta = { id: 'id-alice', name: 'alice', accessKeyId: keyIdForAccount('111122223333'), keyType: 'long-term', derivedAccount: null, partition: 'aws', source: 'manual', createdAt: AS_OF, updatedAt: AS_OF, history: [] };

describe('a previous saved review larger than 64 MiB', () => {
  it('is compared with (64,000 findings, 71 MB): what is still found is unchanged, what is gone is Resolved', () => {
    const home = mkdtempSync(join(root, 'home-'));
    const now = review();
    const [kept, ...rest] = now.findings;
    if (!kept || rest.length === 0) throw new Error('the fixture should give several findings');
    // The previous review found `kept` and 64,000 findings of users removed since, not the rest of today's.
    const before = { ...now, generatedAt: '2025-06-01T00:00:00.000Z', findings: [kept, ...gone(kept, 64_000)] };
    const saved = saveReview(home, formatJson(before, { unmask: true }), before.generatedAt);
    if (!saved.ok) throw new Error(saved.error.message);
    expect(statSync(saved.value).size).toBeGreaterThan(64 * MIB);

    const { previous, warning } = previousSavedReview(home, ID_KEY);
    // Before: "The previous review … is larger than 64 MiB. This review is compared with nothing.", every finding new.
    expect(warning).toBeNull();
    expect(previous?.label).toBe('the previous review (2025-06-01T00:00:00.000Z)');
    const next = review(previous);
    expect(next.findings.filter((f) => f.Status === 'unchanged').map((f) => f.Id)).toEqual([kept.Id]);
    expect(next.findings.filter((f) => f.Status === 'new')).toHaveLength(rest.length);
    expect(next.resolved).toHaveLength(64_000);
    expect(next.resolved[63_999]).toEqual({ Id: (63_999).toString(16).padStart(32, 'f'), Check: kept.Check, Severity: kept.Severity, Title: kept.Title, Resource: { ...kept.Resource, User: 'gone-63999', Profile: null }, DataAsOf: kept.DataAsOf, Source: kept.Source });
    // The app's Review view and profile list read the same file: "Last review" and each profile's findings (were none).
    expect(lastReviewTime(home)).toBe('2025-06-01T00:00:00.000Z');
    const first = Date.now();
    expect(profileFindings(home, [alice], AS_OF)).toEqual({ reviewedAt: '2025-06-01T00:00:00.000Z', counts: { 'id-alice': 64 } });
    const firstMs = Date.now() - first;
    // The profile list asks at every reload, in the app's main process: the same saved review is read once.
    const again = Date.now();
    expect(profileFindings(home, [alice, { ...alice, id: 'id-bob', name: 'bob' }], AS_OF)).toEqual({ reviewedAt: '2025-06-01T00:00:00.000Z', counts: { 'id-alice': 64 } });
    expect(Date.now() - again).toBeLessThan(firstMs / 10);
  }, 20_000);

  it('is not read past 1 GiB, with the same words as before (a sparse file: no disk used)', () => {
    const home = mkdtempSync(join(root, 'home-'));
    mkdirSync(join(home, 'reviews'));
    const path = join(home, 'reviews', 'review-20250601T000000000Z-abcdef.json');
    writeFileSync(path, '');
    truncateSync(path, 1024 * MIB + 1);
    expect(previousSavedReview(home, ID_KEY)).toEqual({ previous: null, warning: `The saved review ${path} is larger than 1 GiB. This review is compared with nothing.`, refused: null });
  });
});
