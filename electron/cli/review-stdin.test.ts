/**
 * `keyscope review` reading a huge standard input, through the built CLI: it stops past the source's limit
 * (20 MiB for a credential report, 16 MiB for a key list) and says so, exit 2. It read everything first: past
 * ~512 MiB Node could not make the text a string and keyscope died with a stack trace and exit 1, which
 * `--fail-on` reads as "a finding".
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/keyscope.js');
let home: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT });
  home = mkdtempSync(join(tmpdir(), 'keyscope-review-stdin-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('review from a huge standard input', () => {
  it.each([
    ['--credential-report', 'standard input holds more than 20 MiB'],
    ['--keys', 'standard input holds more than 16 MiB'],
  ])('%s - stops past its limit and says so (exit 2)', (flag, message) => {
    // 600 MiB: more than Node makes into one string (a reader that never stopped died at the end of it).
    const r = spawnSync('sh', ['-c', `head -c 600M /dev/zero | "${process.execPath}" "${BIN}" review --offline --no-profiles ${flag} -`], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, KEYSCOPE_HOME: home } });
    expect(r.stderr).toContain(`keyscope: ${flag} -: ${message}.`);
    expect(r.status).toBe(2);
  }, 60_000);
});
