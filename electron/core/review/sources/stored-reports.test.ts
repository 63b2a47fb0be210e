/** Stored credential reports: named by account and data time, and the newest of each account used by a review. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestStoredReports, listStoredReports, REPORTS_DIR, storeReport } from './stored-reports.js';

const csvOf = (account: string | null) =>
  Buffer.from(`user,arn,user_creation_time\nalice,${account ? `arn:aws:iam::${account}:user/alice` : 'not an arn'},2020-01-01T00:00:00+00:00\n`);

describe('stored credential reports', () => {
  it('uses the newest report of each account, whatever order they were stored in, and keeps each of an unknown account', () => {
    const home = mkdtempSync(join(tmpdir(), 'keyscope-reports-'));
    const stored = [
      storeReport(home, csvOf('111122223333'), '2025-06-01T00:00:00Z'),
      storeReport(home, csvOf('111122223333'), '2025-06-30T08:00:00Z'),
      storeReport(home, csvOf('111122223333'), '2025-06-15T00:00:00Z'),
      storeReport(home, csvOf('444455556666'), '2025-05-01T00:00:00Z'),
      storeReport(home, csvOf(null), '2025-04-01T00:00:00Z'),
      storeReport(home, csvOf(null), '2025-04-02T00:00:00Z'),
    ];
    for (const s of stored) expect(s.ok).toBe(true);
    // A file keyscope did not name is not a stored report.
    writeFileSync(join(home, REPORTS_DIR, 'notes.txt'), 'x');
    const latest = latestStoredReports(home);
    expect(latest.ok && latest.value.map((r) => [r.account, r.generatedTime])).toEqual([
      ['111122223333', '2025-06-30T08:00:00.000Z'],
      ['444455556666', '2025-05-01T00:00:00.000Z'],
      [null, '2025-04-02T00:00:00.000Z'],
      [null, '2025-04-01T00:00:00.000Z'],
    ]);
    const all = listStoredReports(home);
    expect(all.ok && all.value).toHaveLength(6);
  });

  it('has none before the first fetch', () => {
    expect(latestStoredReports(mkdtempSync(join(tmpdir(), 'keyscope-reports-')))).toEqual({ ok: true, value: [] });
  });
});
