/**
 * Words of the saved-credential commands that said something false or ungrammatical, with a real gnome-keyring and
 * a real store: doctor's counts of one ("1 keychain entries belong…"), a store that is not JSON (its hint said to fix
 * "the field named", and none is), and a Secret Service that stopped (its hint said to install gnome-keyring, which
 * is installed: it has to be started again).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ageKeychainEntries } from '../../e2e/fixtures/keychain-age.js';
import { builtCliOnKeyring } from '../../e2e/fixtures/keyring-cli.js';

const KEY = { id: 'AKIAY34FZKBOKMUTVV7B', secret: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' };

const cli = builtCliOnKeyring();
const { ks } = cli;
const newHome = () => mkdtempSync(join(tmpdir(), 'ks-wording-'));

describe('profiles doctor counts', () => {
  it('one entry of another store and one unreadable entry are said in the singular', async () => {
    await cli.start();
    expect(ks(newHome(), ['profiles', 'add', 'alice'], `${KEY.id}\n${KEY.secret}\n`).code).toBe(0);
    // An entry under the keyscope service that is not keyscope's (another tool's, or damaged).
    const stored = spawnSync('secret-tool', ['store', '--label=not keyscope', 'service', 'keyscope', 'username', 'stray'], { env: { ...process.env, ...cli.env() }, input: 'not json', encoding: 'utf8' });
    expect(stored.status, stored.stderr).toBe(0);
    const r = ks(newHome(), ['profiles', 'doctor', '--output', 'text']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 keychain entry belongs to another keyscope store (another KEYSCOPE_HOME folder): left alone.');
    expect(r.stdout).toContain("1 entry under the keyscope service could not be read as keyscope's: left alone.");
    expect(r.stdout).not.toMatch(/\b1 (keychain )?entries\b/);
  });
});

describe('profiles list --output table', () => {
  it('counts one profile in the singular', async () => {
    await cli.start();
    const home = newHome();
    expect(ks(home, ['profiles', 'add', 'alice'], `${KEY.id}\n${KEY.secret}\n`).code).toBe(0);
    const r = ks(home, ['profiles', 'list', '--output', 'table']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 profile: 0 valid, 0 invalid, 0 could not check, 1 never checked');
  });
});

describe('profiles doctor --forget-orphans without --yes', () => {
  it('one entry listed is said in the singular', async () => {
    await cli.start();
    const home = newHome();
    expect(ks(home, ['profiles', 'add', 'alice'], `${KEY.id}\n${KEY.secret}\n`).code).toBe(0);
    rmSync(join(home, 'profiles.json')); // alice's entry is left with no profile
    ageKeychainEntries(cli.env()); // saved 11 minutes ago: no save of it can be under way
    const r = ks(home, ['profiles', 'doctor', '--forget-orphans', '--output', 'text']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Nothing was deleted: run again with --yes to forget the entry listed.');
    expect(r.stderr).toContain('keyscope: nothing was deleted; add --yes to forget this keychain entry.');
  });
});

describe('a store that cannot be read', () => {
  it('not JSON: the words say so, and do not send the person to fix a field that is not named', async () => {
    const home = newHome();
    writeFileSync(join(home, 'profiles.json'), '{"schemaVersion": 2, "profiles": [');
    const r = ks(home, ['profiles', 'list']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot be read \(not JSON: /);
    expect(r.stderr).not.toMatch(/field/i);
    expect(r.stderr).toContain('keyscope profiles doctor --repair');
  });

  it('a field that is wrong: the words still say to fix that field', async () => {
    const home = newHome();
    writeFileSync(join(home, 'profiles.json'), JSON.stringify({ schemaVersion: 2, profiles: 'none' }));
    const r = ks(home, ['profiles', 'list']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/profiles is not a list/);
    expect(r.stderr).toMatch(/Fix the field named/);
  });
});

describe('a Secret Service that stopped', () => {
  it('gnome-keyring installed but its daemon gone: says to start it (and unlock it), not to install it', async () => {
    const keyring = await cli.start();
    const home = newHome();
    expect(ks(home, ['profiles', 'add', 'alice'], `${KEY.id}\n${KEY.secret}\n`).code).toBe(0);
    process.kill(keyring.pid() as number, 'SIGKILL'); // as when it crashes
    expect(await keyring.ended(5_000)).toBe(true);
    const r = ks(home, ['profiles', 'add', 'bob'], `AKIAY34FZKBOKMUTVV7C\n${KEY.secret}\n`);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/gnome-keyring is installed, but its daemon is not running/);
    expect(r.stderr).toContain('gnome-keyring-daemon --start --components=secrets');
    expect(r.stderr).not.toMatch(/Install and start/);

    // Where gnome-keyring-daemon is not on PATH, installing it is still what to do.
    const bin = newHome();
    symlinkSync(process.execPath, join(bin, 'node'));
    const bare = ks(home, ['profiles', 'add', 'bob'], `AKIAY34FZKBOKMUTVV7C\n${KEY.secret}\n`, { PATH: bin });
    expect(bare.code).toBe(3);
    expect(bare.stderr).toMatch(/Install and start gnome-keyring/);
  });
});
