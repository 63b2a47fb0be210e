/**
 * The order of a review's findings, through the built CLI: most severe first, then by check, account and user (the
 * engine's order, core/review/findings.ts), in the terminal table and in JSON; Markdown lists them by severity. The
 * sources are given so that their own order differs from it everywhere: a credential report (the made-up
 * thresholds.csv with its rows reversed, so users come in reverse order) is read before a key list, whose high
 * findings would then come after the report's medium and low ones, its ids listed with the accounts out of order.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdForAccount, REPORTS_DIR } from '../core/review/test-kit.js';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/keyscope.js');
const REPORT = join(REPORTS_DIR, 'thresholds.csv');
const OTHER = keyIdForAccount('999988887777', 1, 1);
const CANARY = keyIdForAccount('052310077262', 2, 2); // a Thinkst Canarytokens account
const FIRST = keyIdForAccount('000011112222', 3, 3);

let dir: string;
let keys: string;
let report: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT });
  dir = mkdtempSync(join(tmpdir(), 'keyscope-review-order-'));
  keys = join(dir, 'keys.txt');
  writeFileSync(keys, `${OTHER}\n${CANARY}\n${FIRST}\n`);
  const [header, ...rows] = readFileSync(REPORT, 'utf8').trimEnd().split('\n');
  report = join(dir, 'reversed.csv');
  writeFileSync(report, `${[header, ...rows.reverse()].join('\n')}\n`);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function review(output: string) {
  const r = spawnSync(process.execPath, [BIN, 'review', '--offline', '--no-profiles', '--credential-report', report, '--as-of', '2025-06-30', '--unused-days', '30', '--keys', keys, '--accounts', '111122223333', '--output', output], {
    env: { PATH: process.env.PATH ?? '', HOME: join(dir, 'home'), KEYSCOPE_HOME: join(dir, 'keyscope') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** Severity, check, account and user or profile of each finding, in order. */
const EXPECTED = [
  'critical root-access-key 111122223333 <root_account>',
  'high canary-key 052310077262 -',
  'high unexpected-account 000011112222 -',
  'high unexpected-account 052310077262 -',
  'high unexpected-account 999988887777 -',
  'medium access-key-never-used 111122223333 never-used-45-days',
  'medium access-key-never-used 111122223333 never-used-46-days',
  'medium access-key-not-rotated 111122223333 rotated-91-days',
  'medium access-key-unused 111122223333 unused-45-days',
  'medium access-key-unused 111122223333 unused-46-days',
  'medium multiple-active-keys 111122223333 two-keys',
  'low access-key-at-setup 111122223333 console-setup',
];

describe('the order of findings (the built CLI)', () => {
  it('table: most severe first, then by check, account and user', () => {
    const lines = review('table').split('\n');
    const header = lines.findIndex((l) => /^SEVERITY +CHECK +ACCOUNT +PROFILE\/USER +KEY +STATUS$/.test(l));
    expect(header).toBeGreaterThan(0);
    const end = lines.indexOf('', header);
    const rows = lines.slice(header + 2, end).map((l) => l.split(/ {2,}/).slice(0, 4).join(' '));
    expect(rows).toEqual(EXPECTED);
  });

  it('JSON: Findings in the same order', () => {
    const findings = (JSON.parse(review('json')) as { Findings: Array<{ Severity: string; Check: string; Resource: { Account: string; User: string | null; Profile: string | null } }> }).Findings;
    expect(findings.map((f) => `${f.Severity} ${f.Check} ${f.Resource.Account} ${f.Resource.User ?? f.Resource.Profile ?? '-'}`)).toEqual(EXPECTED);
  });

  it('Markdown: findings by severity, most severe first, each group in the same order', () => {
    const md = review('markdown');
    const findings = md.slice(md.indexOf('## Findings'));
    const headings = [...findings.matchAll(/^### (\w+) \((\d+)\)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(headings).toEqual(['Critical 1', 'High 4', 'Medium 6', 'Low 1']);
    const checks = [...findings.matchAll(/^- \*\*Check and id:\*\* ([a-z-]+),/gm)].map((m) => m[1]);
    expect(checks).toEqual(EXPECTED.map((e) => e.split(' ')[1]));
  });
});
