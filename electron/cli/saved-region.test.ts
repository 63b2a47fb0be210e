/**
 * A profile saved with a region that is not a region name (an older import saved `region = us-east-1 # prod` whole),
 * written into profiles.json by hand, with its secret in a real gnome-keyring: `profiles recheck` and `verify
 * --profile` record it as could not check, with an input failure naming the profile's region and what to do; nothing
 * is sent. A recheck reported an internal error ("a bug in keyscope"), and verify recorded nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtCliOnKeyring } from '../../e2e/fixtures/keyring-cli.js';

const KEY = { id: 'AKIAY34FZKBOKMUTVV7B', secret: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' };
const BAD = 'us-east-1 # prod';

const cli = builtCliOnKeyring();
const { ks } = cli;

/** A store in a new folder holding `name` (its secret in the keychain) with the region `region` written into profiles.json. */
function savedWithRegion(name: string, region: string): string {
  const home = mkdtempSync(join(tmpdir(), 'ks-saved-region-'));
  const added = ks(home, ['profiles', 'add', name], `${KEY.id}\n${KEY.secret}\n`);
  expect(added.code, added.stderr).toBe(0);
  const file = join(home, 'profiles.json');
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  doc.profiles[0].region = region;
  writeFileSync(file, JSON.stringify(doc));
  return home;
}

describe('a saved profile whose region is not a region name', () => {
  it('profiles recheck NAME: could not check, an input failure naming the region and the fix, recorded; not an internal error', async () => {
    await cli.start();
    const home = savedWithRegion('alice', BAD);
    const r = ks(home, ['profiles', 'recheck', 'alice']);
    expect(r.stdout + r.stderr).not.toMatch(/internal|a bug in keyscope/i);
    expect(r.code, r.stderr).toBe(3);
    const [row] = r.json().Rechecked;
    expect(row.Status).toBe('could not check');
    expect(row.Error).toMatchObject({ Category: 'input' });
    expect(row.Error.Message).toContain(`The saved region of "alice", "${BAD}", is not a region name`);
    expect(row.Error.Hint).toMatch(/--region/);
    expect(row.Error.Hint).toContain('keyscope profiles remove alice');
    expect(ks(home, ['profiles', 'show', 'alice']).json().LastCheck).toMatchObject({ Valid: null, Error: { Category: 'input' } });
  });

  it('verify --profile NAME: exit 2 with the same words, and the check recorded as could not check', async () => {
    await cli.start();
    const home = savedWithRegion('bob', BAD);
    const r = ks(home, ['verify', '--profile', 'bob']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`The saved region of "bob", "${BAD}", is not a region name`);
    expect(r.stderr).not.toContain(KEY.secret);
    expect(ks(home, ['profiles', 'show', 'bob']).json().History).toEqual([expect.objectContaining({ Valid: null, Error: expect.objectContaining({ Category: 'input' }) })]);
  });

  it('a region given before it (--region, AWS_REGION) is used instead, as the region order says: the profile is checked', async () => {
    await cli.start();
    const home = savedWithRegion('carol', BAD);
    for (const [args, env] of [
      [['verify', '--profile', 'carol', '--region', 'eu-west-1'], {}],
      [['profiles', 'recheck', 'carol'], { AWS_REGION: 'eu-west-1' }],
    ] as const) {
      const r = ks(home, args, '', env);
      // Sent to the loopback port where nothing listens: offline, could not decide, never a region failure.
      expect(r.code, r.stderr).toBe(3);
      expect(r.stdout + r.stderr).not.toMatch(/region name|internal/i);
    }
  });
});
