/**
 * Validates keyscope's SARIF with Microsoft's SARIF multitool (its Linux binary ships in the npm package). The
 * multitool exits 0 even when it finds errors, so the test reads the validation log it writes (itself SARIF).
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatFixture } from './format-fixture.js';
import { formatSarif } from './format-sarif.js';

const MULTITOOL = join(__dirname, '..', '..', '..', 'node_modules', '@microsoft', 'sarif-multitool', 'bin.js');
const dir = mkdtempSync(join(tmpdir(), 'keyscope-sarif-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Issue {
  readonly ruleId: string;
  readonly level: string;
}

/** Runs `multitool validate` on a SARIF text; returns what it reported. */
function validate(name: string, text: string): Issue[] {
  const file = join(dir, `${name}.sarif`);
  const out = join(dir, `${name}.validation.sarif`);
  writeFileSync(file, text);
  const run = spawnSync(process.execPath, [MULTITOOL, 'validate', file, '--output', out, '--log', 'ForceOverwrite', '--quiet'], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`the SARIF multitool could not run (exit ${run.status}): ${run.stderr || run.stdout}`);
  const log = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results?: { ruleId: string; level?: string }[] }[] };
  // SARIF's default level is warning.
  return (log.runs[0]?.results ?? []).map((r) => ({ ruleId: r.ruleId, level: r.level ?? 'warning' }));
}

describe('SARIF and the multitool', () => {
  it('finds an error in a log that breaks the schema (the check can fail)', () => {
    const issues = validate('broken', JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }));
    expect(issues.some((i) => i.level === 'error')).toBe(true);
  });

  it("validates keyscope's review: no error, and no warning but the tool's missing informationUri", () => {
    const issues = validate('review', formatSarif(formatFixture()));
    expect(issues.filter((i) => i.level === 'error')).toEqual([]);
    // SARIF2005 asks for a web page about the tool; keyscope has none to name yet.
    expect(issues.filter((i) => i.ruleId !== 'SARIF2005')).toEqual([]);
  });

  it('validates the unmasked review too', () => {
    expect(validate('unmasked', formatSarif(formatFixture(), { unmask: true })).filter((i) => i.level === 'error')).toEqual([]);
  });
});
