/**
 * scripts/summary.mjs, the closing line CI prints, read off the JSON of a real Vitest run over cases made to fail
 * (scripts/fixtures/summary): a failed test counts once, a file that fails to load counts once, an expected failure
 * is a pass. (It once printed "3 failed" for one failed test: Vitest's failed-suite count holds its file and its
 * describe block too.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'keyscope-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function summary(file: string) {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/summary.mjs'), file], { encoding: 'utf8' });
  return { line: r.stdout.trim(), status: r.status, stderr: r.stderr };
}

function vitestOn(cases: string[]): string {
  const out = join(dir, `${cases.join('-')}.json`);
  const files = cases.map((c) => `scripts/fixtures/summary/${c}.case.ts`);
  spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'scripts/fixtures/summary/vitest.config.mts', '--reporter=json', `--outputFile.json=${out}`, ...files], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  return out;
}

describe('the vitest line', () => {
  let both: string;
  let mixed: string;
  beforeAll(() => {
    both = vitestOn(['mixed', 'broken']);
    mixed = vitestOn(['mixed']);
  });

  it('counts a failed test once, and an expected failure as passed', () => {
    expect(summary(mixed)).toMatchObject({ line: 'vitest: 2 passed, 1 failed, 1 skipped', status: 1 });
  });

  it('counts a file that fails to load as one failure', () => {
    expect(summary(both)).toMatchObject({ line: 'vitest: 2 passed, 2 failed, 1 skipped', status: 1 });
  });

  it('names the tests that passed only when run again after the test keyring died, above the closing line, but those that killed it on purpose', () => {
    const r = summary(vitestOn(['again']));
    expect(r.status).toBe(0);
    expect(r.line.split('\n')).toEqual([
      "vitest: 1 passed when run again after the test keyring's daemon died: a suite run again passes the second time",
      'vitest: 3 passed, 0 failed, 0 skipped',
    ]);
  });

  it('passes a run with no failure, and says when there are no results at all', () => {
    const clean = join(dir, 'clean.json');
    writeFileSync(clean, JSON.stringify({ numPassedTests: 3, numFailedTests: 0, numPendingTests: 1, numTodoTests: 0, testResults: [] }));
    expect(summary(clean)).toMatchObject({ line: 'vitest: 3 passed, 0 failed, 1 skipped', status: 0 });
    expect(summary(join(dir, 'absent.json'))).toMatchObject({ line: 'vitest: 0 passed, 1 failed', status: 1, stderr: expect.stringMatching(/did not finish/) });
  });
});
