/**
 * `keyscope inspect -` with odd standard input: a huge one stops at 16 MiB (through the built CLI: the limit is the
 * process's reader), and a secret pasted among the ids is not shown, not even its first and last four characters.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from './index.js';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/keyscope.js');
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = `IQoJb3JpZ2luX2VjE${'A'.repeat(300)}`;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT });
});

async function inspect(stdin: string, output: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(['inspect', '-', '--output', output], { env: {}, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => stdin });
  return { code, stdout, stderr };
}

describe('inspect - with odd standard input', () => {
  it('stops past 16 MiB and says so, exit 2 (600 MiB died with ERR_STRING_TOO_LONG, a stack trace and exit 1)', () => {
    const r = spawnSync('sh', ['-c', `head -c 600M /dev/zero | "${process.execPath}" "${BIN}" inspect -`], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent' } });
    expect(r.stderr).toBe('keyscope: inspect -: standard input holds more than 16 MiB.\nhint: Pass the ids in pieces of fewer (split -l 500000 ids.txt).\n');
    expect(r.status).toBe(2);
  }, 60_000);

  it.each(['json', 'text', 'table'])('shows no part of a secret or token among the ids (--output %s)', async (output) => {
    const r = await inspect(`AKIAY34FZKBOKMUTVV7A\n${SECRET}\n${TOKEN}\n`, output);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('AKIA************VV7A');
    expect(r.stdout).toContain('[secret removed]');
    expect(r.stdout).toContain('[token removed]');
    for (const shown of [SECRET.slice(0, 4), SECRET.slice(-4), TOKEN.slice(0, 8)]) expect(r.stdout).not.toContain(shown);
  });
});
