/**
 * A store another user could write, as real users: keyscope run as `daemon` (uid 1, the store's owner) by setpriv,
 * the other user's files made as `nobody` by runuser, in a folder of /tmp's mode (root's, 1777) or looser. keyscope
 * uses a store only when its files are its user's or root's, in a folder of its user's or root's that others may not
 * write (unless sticky), as ssh does with its files. Root's own use (sudo keyscope on a user's store) is in
 * store-file-faults.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../../e2e/fixtures/keyscope-process.js';
import { publicCli } from '../../e2e/fixtures/public-cli.js';

/** The built CLI where the owner may read it (the repository may be in a folder only root may open). */
let BIN = '';
const OWNER = 1; // daemon

/** Runs node with `args` as the owner (setpriv). */
function asOwner(args: readonly string[], env?: NodeJS.ProcessEnv) {
  return spawnSync('setpriv', [`--reuid=${OWNER}`, `--regid=${OWNER}`, '--clear-groups', '--', process.execPath, ...args], { ...(env ? { env } : {}), encoding: 'utf8', timeout: 60_000 });
}
const dirs: string[] = [];
let step: string;

beforeAll(async () => {
  assertBuilt();
  BIN = publicCli();
  if (process.getuid?.() !== 0) throw new Error('these tests need root: they run keyscope and another user as real users');
  // Under /tmp, readable by all: the owner may not reach the repository.
  step = join(mkdtempSync('/tmp/keyscope-step-'), 'step.js');
  dirs.push(dirname(step));
  await build({ entryPoints: [join(__dirname, '../../e2e/fixtures/store-step.ts')], outfile: step, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
  chmodSync(dirname(step), 0o755);
  chmodSync(step, 0o644);
});
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A folder of `mode` (root's unless `owner`), as KEYSCOPE_HOME. */
function folder(mode: number, owner = 0): string {
  const dir = mkdtempSync('/tmp/ks-shared-');
  dirs.push(dir);
  chownSync(dir, owner, owner);
  chmodSync(dir, mode);
  return dir;
}

/** What the other user leaves in `dir`: `name` holding `text`, theirs, writable by all. */
function theirs(dir: string, name: string, text: string): Buffer {
  const r = spawnSync('runuser', ['-u', 'nobody', '--', 'sh', '-c', 'umask 0; printf %s "$1" > "$2"', 'sh', text, join(dir, name)]);
  expect(r.status, r.stderr.toString()).toBe(0);
  expect(statSync(join(dir, name)).uid).toBe(65534);
  return readFileSync(join(dir, name));
}

/** A store of one profile, p0, the owner's own (as keyscope writes it). */
function ownStore(dir: string): Buffer {
  const p0 = {
    id: 'p0', name: 'p0', accessKeyId: 'AKIAY34FZKBOKMUT0000', keyType: 'long-term', derivedAccount: '609629065308', partition: 'aws',
    source: 'manual', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', history: [],
  };
  const file = join(dir, 'profiles.json');
  writeFileSync(file, `${JSON.stringify({ schemaVersion: 2, profiles: [p0] })}\n`, { mode: 0o600 });
  chownSync(file, OWNER, OWNER);
  return readFileSync(file);
}

/** A forged store: "prod", valid a minute ago. */
const FORGED = JSON.stringify({
  schemaVersion: 2,
  profiles: [{
    id: 'p9', name: 'prod', accessKeyId: 'AKIAY34FZKBOKMUT0009', keyType: 'long-term', derivedAccount: '609629065308', partition: 'aws', region: 'us-east-1',
    source: 'manual', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
    history: [{ at: new Date(Date.now() - 60_000).toISOString(), valid: true, account: '609629065308' }],
  }],
});

/** `keyscope ...args` as the owner, with KEYSCOPE_HOME at `home`. */
function ks(home: string, args: readonly string[]) {
  const r = asOwner([BIN, ...args], { PATH: process.env.PATH ?? '', HOME: '/nonexistent', KEYSCOPE_HOME: home, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The store step `what` (store-step.ts) as the owner. */
function stepAs(home: string, what: 'store-id' | 'append'): { ok: boolean; value?: unknown; message?: string; hint?: string } {
  const r = asOwner([step, home, what]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { ok: boolean; value?: unknown; message?: string; hint?: string };
}

describe("another user's files in a shared folder (/tmp's mode)", () => {
  it('its own store there is used as before: list, rename, a check appended', () => {
    const dir = folder(0o1777);
    ownStore(dir);
    expect(ks(dir, ['profiles', 'rename', 'p0', 'q0']).code).toBe(0);
    const list = ks(dir, ['profiles', 'list', '--output', 'json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).Profiles.map((p: { Name: string }) => p.Name)).toEqual(['q0']);
    expect(stepAs(dir, 'append')).toEqual({ ok: true, value: ['p0'] });
  });

  it("a profiles.json another user made first is refused, naming its owner, exit 3: their profiles are never shown", () => {
    const dir = folder(0o1777);
    const bytes = theirs(dir, 'profiles.json', FORGED);
    const r = ks(dir, ['profiles', 'list']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${join(dir, 'profiles.json')} belongs to another user (uid 65534)`);
    expect(r.stderr).toMatch(/^hint: .*KEYSCOPE_HOME/m);
    expect(ks(dir, ['profiles', 'rename', 'prod', 'mine']).code).toBe(3);
    expect(readFileSync(join(dir, 'profiles.json')).equals(bytes)).toBe(true);
  });

  it("a store-id another user made first is refused, never taken as this store's (keychain entries would name it)", () => {
    const dir = folder(0o1777);
    theirs(dir, 'store-id', '11111111-2222-3333-4444-555555555555\n');
    const r = stepAs(dir, 'store-id');
    expect(r.ok).toBe(false);
    expect(r.message).toContain(`${join(dir, 'store-id')} belongs to another user (uid 65534)`);
    expect(readFileSync(join(dir, 'store-id'), 'utf8')).toBe('11111111-2222-3333-4444-555555555555\n');
  });

  it("a journal another user made first: neither read nor written (the owner's checks never reach their file)", () => {
    const dir = folder(0o1777);
    const store = ownStore(dir);
    theirs(dir, 'profiles.journal', '');
    const r = stepAs(dir, 'append');
    expect(r.ok).toBe(false);
    expect(r.message).toContain(`${join(dir, 'profiles.journal')} belongs to another user (uid 65534)`);
    expect(readFileSync(join(dir, 'profiles.journal'), 'utf8')).toBe('');
    expect(readFileSync(join(dir, 'profiles.json')).equals(store)).toBe(true);
    expect(ks(dir, ['profiles', 'list']).code).toBe(3);
  });
});

/** Runs `script` (sh) as the other user in `dir`, with umask 0. */
function asOther(dir: string, script: string): void {
  const r = spawnSync('runuser', ['-u', 'nobody', '--', 'sh', '-c', `umask 0; cd "$1" && ${script}`, 'sh', dir]);
  expect(r.status, r.stderr.toString()).toBe(0);
}

describe("another user's FIFO or link in a store file's place", () => {
  it('a FIFO is refused at once, never waited on for ever (the open blocked: profiles list hung, and keyscope ui with it)', () => {
    for (const name of ['profiles.json', 'store-id', 'profiles.journal']) {
      const dir = folder(0o1777);
      if (name === 'profiles.journal') ownStore(dir);
      asOther(dir, `mkfifo -m 666 ${name}`);
      const started = Date.now();
      const r = name === 'store-id' ? { code: 3, stderr: stepAs(dir, 'store-id').message ?? '' } : ks(dir, ['profiles', 'list']);
      expect(Date.now() - started, name).toBeLessThan(20_000);
      expect(r.code, `${name}: ${r.stderr}`).toBe(3);
      expect(r.stderr, name).toContain(`${join(dir, name)} belongs to another user (uid 65534)`);
      expect(statSync(join(dir, name)).isFIFO(), name).toBe(true);
    }
  });

  it("the owner's own FIFO is refused in words as not a regular file, never waited on", () => {
    const dir = folder(0o1777);
    const fifo = join(dir, 'profiles.json');
    spawnSync('mkfifo', ['-m', '600', fifo]);
    chownSync(fifo, OWNER, OWNER);
    const r = ks(dir, ['profiles', 'list']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`${fifo} is not a regular file (a FIFO (named pipe))`);
  });

  it("a link another user made in store-id's place, to the owner's real store-id, is refused: never the other store's id", () => {
    const real = folder(0o700, OWNER);
    writeFileSync(join(real, 'store-id'), '7d1eb411-2222-4333-8444-555555555555\n', { mode: 0o600 });
    chownSync(join(real, 'store-id'), OWNER, OWNER);
    chmodSync(real, 0o711);
    const dir = folder(0o1777);
    asOther(dir, `ln -s ${join(real, 'store-id')} store-id`);
    const r = stepAs(dir, 'store-id');
    expect(r.ok).toBe(false);
    expect(r.message).toContain(`${join(dir, 'store-id')} belongs to another user (uid 65534)`);
  });
});

describe("another user's lock on the owner's store", () => {
  it('is named at once with its owner and what to do, exit 3, never "busy, try again" for as long as they keep it', () => {
    const dir = folder(0o1777);
    const store = ownStore(dir);
    const lock = join(dir, 'profiles.json.lock');
    // Owned by process 1, which lives: before, each write waited 10 s and said "busy … try again in a moment".
    const host = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
    const made = spawnSync('runuser', ['-u', 'nobody', '--', 'sh', '-c', 'mkdir "$1" && : > "$1/$2"', 'sh', lock, `1.${host}.0123456789ab`]);
    expect(made.status, made.stderr.toString()).toBe(0);
    const started = Date.now();
    const r = ks(dir, ['profiles', 'rename', 'p0', 'q0']);
    expect(r.code, r.stderr).toBe(3);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(r.stderr).toContain(`${lock} belongs to another user (uid 65534)`);
    expect(r.stderr).toMatch(/^hint: .*sudo rm -r/m);
    expect(r.stderr).not.toMatch(/try again in a moment/);
    expect(readFileSync(join(dir, 'profiles.json')).equals(store)).toBe(true);
    expect(readdirSync(lock)).toEqual([`1.${host}.0123456789ab`]);
    expect(ks(dir, ['profiles', 'list']).code).toBe(0); // reading takes no lock
  });
});

describe("another user's link in the journal's place", () => {
  it('is refused as their file is, and the store is left byte for byte (it was rewritten, then said "Nothing was changed")', () => {
    const dir = folder(0o1777);
    const store = ownStore(dir);
    const made = spawnSync('runuser', ['-u', 'nobody', '--', 'ln', '-s', '/nonexistent/their-file', join(dir, 'profiles.journal')]);
    expect(made.status, made.stderr.toString()).toBe(0);
    const r = stepAs(dir, 'append');
    expect(r.ok).toBe(false);
    expect(r.message).toContain(`${join(dir, 'profiles.journal')} belongs to another user (uid 65534)`);
    expect(readFileSync(join(dir, 'profiles.json')).equals(store)).toBe(true);
    expect(ks(dir, ['profiles', 'list']).code).toBe(3);
  });
});

describe('a KEYSCOPE_HOME others could write into', () => {
  it('writable by all without the sticky bit: refused, saying how to fix it; the store in it is left byte for byte', () => {
    const dir = folder(0o777);
    const store = ownStore(dir);
    const r = ks(dir, ['profiles', 'list']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${dir} can be written by every user`);
    expect(r.stderr).toMatch(new RegExp(`^hint: .*chmod 700 ${dir}`, 'm'));
    expect(ks(dir, ['profiles', 'rename', 'p0', 'q0']).code).toBe(3);
    expect(readFileSync(join(dir, 'profiles.json')).equals(store)).toBe(true);
    expect(readdirSync(dir)).toEqual(['profiles.json']);
    chmodSync(dir, 0o700);
    chownSync(dir, OWNER, OWNER);
    expect(ks(dir, ['profiles', 'list']).code).toBe(0);
  });

  it("another user's folder (sticky, but its owner may remove anything in it): refused", () => {
    const dir = folder(0o1777, 65534);
    const store = ownStore(dir);
    const r = ks(dir, ['profiles', 'list']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`${dir} belongs to another user (uid 65534)`);
    expect(readFileSync(join(dir, 'profiles.json')).equals(store)).toBe(true);
  });

  it("the owner's own folder inside one another user could rename it out of: refused, naming that folder (as ssh judges every folder above)", () => {
    for (const [mode, owner, said] of [
      [0o777, 0, 'can be written by every user (mode 0777)'],
      [0o1777, 65534, 'belongs to another user (uid 65534)'],
    ] as const) {
      const parent = folder(mode, owner);
      const dir = join(parent, 'ks');
      spawnSync('mkdir', ['-m', '700', dir]);
      chownSync(dir, OWNER, OWNER);
      const store = ownStore(dir);
      const r = ks(dir, ['profiles', 'list']);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain(`${parent} ${said}`);
      expect(readFileSync(join(dir, 'profiles.json')).equals(store)).toBe(true);
    }
    // Reached through a link in a folder of the owner's: judged from its real path, as ssh walks (it was used).
    const parent = folder(0o1777, 65534);
    const dir0 = join(parent, 'ks');
    spawnSync('mkdir', ['-m', '700', dir0]);
    chownSync(dir0, OWNER, OWNER);
    ownStore(dir0);
    const own = folder(0o755, OWNER);
    symlinkSync(dir0, join(own, 'ksl'));
    const viaLink = ks(join(own, 'ksl'), ['profiles', 'list']);
    expect(viaLink.code, viaLink.stderr).toBe(3);
    expect(viaLink.stderr).toContain(`${parent} belongs to another user (uid 65534)`);
    // Under /tmp (root's, sticky) and folders of the owner's or root's: used.
    const fine = folder(0o755);
    const dir = join(fine, 'ks');
    spawnSync('mkdir', ['-m', '700', dir]);
    chownSync(dir, OWNER, OWNER);
    ownStore(dir);
    expect(ks(dir, ['profiles', 'list']).code).toBe(0);
  });
});
