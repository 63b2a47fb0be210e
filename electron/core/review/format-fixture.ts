/**
 * A review for the format tests: the credential report fixture, saved profiles with whole key ids (one a canary,
 * one with a name full of Markdown and spreadsheet specials), a muted finding, an expired suppression, and a
 * comparison with an earlier review that had one more finding.
 */

import { parseCredentialReport } from './credential-report.js';
import type { ReviewReport } from './finding.js';
import type { SourceData } from './model.js';
import { runReview } from './report.js';
import { AS_OF, ID_KEY, keyIdForAccount, readReport } from './test-kit.js';

/** Key ids that must never appear whole in a masked report. */
export const WHOLE_IDS = [keyIdForAccount('111122223333', 9, 99), keyIdForAccount('052310077262', 4, 4)] as const;

/** A profile name that tries Markdown links, HTML, table cells and a spreadsheet formula. */
export const NASTY_PROFILE = '=HYPERLINK("x")|[a](http://e)<b>*_`';

/** Builds the review. */
export function formatFixture(): ReviewReport {
  const parsed = parseCredentialReport(readReport('thresholds.csv'), { label: 'thresholds.csv', dataAsOf: AS_OF, asOfOrigin: '--as-of' });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const saved: SourceData = {
    kind: 'profile',
    label: 'saved profiles',
    dataAsOf: AS_OF,
    keys: [
      { source: 'profile', accessKeyId: WHOLE_IDS[0], profile: NASTY_PROFILE, lastDecided: { valid: false, category: 'invalid-secret', at: '2025-06-01T00:00:00Z' } },
      { source: 'profile', accessKeyId: WHOLE_IDS[1], profile: 'found-in-repo', neverChecked: true },
      { source: 'profile', accessKeyId: keyIdForAccount('111122223333', 7, 7), profile: 'ci', lastDecided: { valid: true, category: null, at: '2025-05-01T00:00:00Z' } },
    ],
  };
  const earlier = { Id: 'f'.repeat(32), Check: 'access-key-unused', Severity: 'medium', Title: 'Active access key not used recently', Resource: { Account: '111122223333', User: 'gone', AccessKeyId: null, Profile: null }, DataAsOf: '2025-05-30T00:00:00Z', Source: 'credential-report' };
  const first = runReview({ sources: [parsed.value, saved], idKey: ID_KEY, generatedAt: AS_OF, offline: true });
  const unchanged = first.findings.filter((f) => f.Check !== 'canary-key');
  return runReview({
    sources: [parsed.value, saved],
    idKey: ID_KEY,
    generatedAt: AS_OF,
    offline: true,
    thresholds: { accounts: ['111122223333'] },
    previous: { findings: [...unchanged, earlier], label: 'the review of 2025-05-30' },
    suppressions: [
      { check: 'multiple-active-keys', resource: 'user:two-keys', reason: 'rotation under way', expires: '2025-07-15' },
      { check: 'root-access-key', resource: '*', reason: 'old exception', expires: '2025-01-01' },
    ],
  });
}
