/**
 * A profile name that is not saved anywhere, 100,000 characters long, given to `profiles recheck`, `verify
 * --profile` or AWS_PROFILE: the message quotes its first 64 characters (the longest a name can be), "…" and its
 * length, as the vault's messages do; the whole name made a 100 KB error line. In process, a real (empty) store in
 * a new KEYSCOPE_HOME, no AWS files; nothing sent.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcessOnFaultServer } from '../../e2e/fixtures/cli-in-process.js';

const run = inProcessOnFaultServer();
const HUGE = 'n'.repeat(100_000);
const SHOWN = `"${'n'.repeat(64)}…" (100,000 characters)`;

const home = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ks-huge-name-'));
  return { HOME: dir, KEYSCOPE_HOME: join(dir, 'keyscope') };
};

describe('a huge profile name that is not saved', () => {
  it.each([
    ['profiles recheck NAME', ['profiles', 'recheck', HUGE], {}, `No profile is named ${SHOWN}.`],
    ['verify --profile NAME', ['verify', '--profile', HUGE], {}, `No profile is named ${SHOWN}: keyscope has none saved by that name`],
    ['AWS_PROFILE=NAME verify', ['verify'], { AWS_PROFILE: HUGE, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' }, `AWS_PROFILE names the profile ${SHOWN}, which neither`],
  ])('%s: quoted up to 64 characters with its length, exit 2, nothing sent', async (_what, argv, env, words) => {
    const r = await run(argv, { ...home(), ...env });
    expect(r.code, r.stderr).toBe(2);
    expect(r.sent).toHaveLength(0);
    expect(r.stderr).toContain(words);
    expect(r.out.length).toBeLessThan(1_000);
  });
});
