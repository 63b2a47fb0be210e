/**
 * `keyscope profiles add NAME` with its credential piped on standard input: a huge input (an endless pipe, a file
 * piped by mistake) stops at 1 MiB, far past a key id, secret and token, and is refused, exit 2. Through the built
 * CLI: the limit is the process's reader.
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
  home = mkdtempSync(join(tmpdir(), 'keyscope-profiles-stdin-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('profiles add from a huge standard input', () => {
  it('stops past 1 MiB and says so, exit 2 (600 MiB died with ERR_STRING_TOO_LONG, a stack trace and exit 1)', () => {
    const r = spawnSync('sh', ['-c', `head -c 600M /dev/zero | "${process.execPath}" "${BIN}" profiles add big`], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', KEYSCOPE_HOME: home } });
    expect(r.stderr).toBe('keyscope: Standard input holds more than 1 MiB: a credential is three short lines.\nhint: Pipe only the key id, the secret and (for ASIA… keys) the session token, one a line.\n');
    expect(r.status).toBe(2);
  }, 60_000);
});
