/** Stored credential reports: named by account and data time, and the newest of each account used by a review. */
import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
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

  it("removes what a killed fetch left (keyscope's own temporary files over a minute old), and nothing else", () => {
    const home = mkdtempSync(join(tmpdir(), 'keyscope-reports-'));
    const dir = join(home, REPORTS_DIR);
    mkdirSync(dir);
    const old = new Date(Date.now() - 120_000);
    const left = '.keyscope-credential-report-111122223333-20250601T000000Z.csv.0123456789ab.tmp';
    for (const [name, at] of [[left, old], ['.keyscope-credential-report-x.csv.ba9876543210.tmp', null], ['mine.tmp', old]] as const) {
      writeFileSync(join(dir, name), 'partial');
      if (at) utimesSync(join(dir, name), at, at);
    }
    expect(storeReport(home, csvOf('111122223333'), '2025-06-02T00:00:00Z').ok).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['.keyscope-credential-report-x.csv.ba9876543210.tmp', 'credential-report-111122223333-20250602T000000Z.csv', 'mine.tmp']);
  });
});
