/**
 * Every command that reads standard input stops at its own cap and says so, exit 2, through the built CLI (the cap
 * is the process's reader). Each read everything first: 600 MiB, more than Node makes into one string, died with
 * ERR_STRING_TOO_LONG, a stack trace and exit 1 (which `review --fail-on` reads as "a finding"), and an endless
 * pipe was never answered.
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
  home = mkdtempSync(join(tmpdir(), 'keyscope-stdin-caps-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('standard input past its cap', () => {
  it.each([
    ['inspect -', 'keyscope: inspect -: standard input holds more than 16 MiB.\nhint: Pass the ids in pieces of fewer (split -l 500000 ids.txt).\n'],
    ['profiles add big', 'keyscope: Standard input holds more than 1 MiB: a credential is three short lines.\nhint: Pipe only the key id, the secret and (for ASIA… keys) the session token, one a line.\n'],
    ['review --offline --no-profiles --credential-report -', 'keyscope: --credential-report -: standard input holds more than 20 MiB.'],
    ['review --offline --no-profiles --keys -', 'keyscope: --keys -: standard input holds more than 16 MiB.'],
  ])('keyscope %s stops and says so, exit 2', (command, message) => {
    const r = spawnSync('sh', ['-c', `head -c 600M /dev/zero | "${process.execPath}" "${BIN}" ${command}`], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', KEYSCOPE_HOME: home },
    });
    if (message.endsWith('\n')) expect(r.stderr).toBe(message);
    else expect(r.stderr).toContain(message);
    expect(r.status).toBe(2);
  }, 60_000);
});
