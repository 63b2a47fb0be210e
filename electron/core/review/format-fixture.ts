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

/**
 * Text an endpoint, a file or a reviewer may send, in every field a report shows: a right-to-left override, a terminal
 * escape, a C1 control (NEL), an isolate and an Arabic letter mark. Saved profile names and credential reports cannot
 * hold it (both are checked as they are read); an audit's answers, key list and baseline paths, a baseline's findings
 * and a suppression's reason can.
 */
export const HOSTILE = 'x\u202e\u001b[31m\u0085\u2066\u061cy';
/** HOSTILE as the table shows it, and as Markdown and CSV must. */
export const HOSTILE_SHOWN = 'x\\u202e\\x1b[31m\\x85\\u2066\\u061cy';

/** A review whose every shown value from outside keyscope is HOSTILE. */
export function hostileFixture(): ReviewReport {
  const key = { source: 'audit' as const, account: '111122223333', user: HOSTILE, profile: HOSTILE, active: true };
  const audit: SourceData = {
    kind: 'audit',
    label: HOSTILE,
    dataAsOf: AS_OF,
    asOfOrigin: HOSTILE,
    keys: [
      { ...key, accessKeyId: keyIdForAccount('111122223333', 1, 1), createdAt: '2025-01-01T00:00:00Z', lastUsed: { date: '2025-01-01T00:00:00Z', service: HOSTILE, region: HOSTILE } },
      { ...key, accessKeyId: `${HOSTILE}AKIA`, lastDecided: { valid: false, category: HOSTILE, at: '2025-06-01T00:00:00Z' } },
    ],
  };
  // Resolved: a finding of a check and source this review covers, no longer found.
  const earlier = { Id: 'e'.repeat(32), Check: 'access-key-unused', Severity: HOSTILE, Title: HOSTILE, Resource: { Account: HOSTILE, User: HOSTILE, AccessKeyId: HOSTILE, Profile: HOSTILE, KeySlot: HOSTILE }, DataAsOf: HOSTILE, Source: 'audit' };
  return runReview({
    sources: [audit],
    idKey: ID_KEY,
    generatedAt: AS_OF,
    offline: true,
    previous: { findings: [earlier], label: HOSTILE },
    suppressions: [
      { check: 'access-key-not-rotated', resource: '*', reason: HOSTILE, expires: null },
      { check: 'access-key-unused', resource: '*', reason: HOSTILE, expires: '2025-01-01' },
    ],
  });
}
