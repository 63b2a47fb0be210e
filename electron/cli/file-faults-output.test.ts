/**
 * Where a command's output goes, refusing it, as real `keyscope` processes: standard output redirected to a full
 * disk (/dev/full, and a real full tmpfs), over a quota (EDQUOT injected by strace into the writes to that file),
 * a reader that leaves (`| head`), and `review --output-file` refused (EISDIR, EDQUOT injected by strace at the
 * flush, a real EACCES by setpriv, /proc's ENOENT in a folder that exists). A review whose report could not be written is not kept as the next one's
 * baseline.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer } from '../../e2e/fixtures/fault-server.js';
import { assertBuilt } from '../../e2e/fixtures/keyscope-process.js';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/keyscope.js');
const NOBODY = 65534;
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const UNPRIVILEGED = ['setpriv', '--bounding-set=-dac_override,-dac_read_search,-fowner', '--'];
// Reviewed against another account: two unexpected-account findings (the AWS documentation's example id carries no
// account, so it is not shown to be expected either).
const KEYS = 'AKIAY34FZKBOKMUTVV7C\nAKIAIOSFODNN7EXAMPLE\n';
const REVIEW = ['review', '--offline', '--no-profiles', '--keys', 'KEYS', '--accounts', '111111111111', '--output', 'json'];

const root = mkdtempSync(join(tmpdir(), 'ks-output-faults-'));
const mounts: string[] = [];
beforeAll(() => {
  assertBuilt();
  if (process.getuid?.() !== 0) throw new Error('these tests need root: they mount a tmpfs, take capabilities away from keyscope and trace it');
  for (const tool of ['setpriv', 'strace']) {
    if (spawnSync(tool, ['--version']).status !== 0) throw new Error(`these tests need ${tool} (.ci/run installs it)`);
  }
  writeFileSync(join(root, 'keys.txt'), KEYS);
});
afterAll(() => {
  for (const m of mounts) spawnSync('umount', [m]);
  rmSync(root, { recursive: true, force: true });
});

const fresh = (name: string): string => mkdtempSync(join(root, `${name}-`));
const reviewArgs = (...more: string[]) => [...REVIEW.map((a) => (a === 'KEYS' ? join(root, 'keys.txt') : a)), ...more];

/** `keyscope ...args` under `wrapper`, standard output to the file `out` (opened for writing, as a shell's `>`). */
function ks(wrapper: readonly string[], home: string, args: readonly string[], out = '/dev/null') {
  const [command, ...rest] = [...wrapper, process.execPath, BIN, ...args] as [string, ...string[]];
  const r = spawnSync('sh', ['-c', 'out=$1; shift; exec "$@" > "$out"', 'sh', out, command, ...rest], {
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', KEYSCOPE_HOME: home, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stderr: r.stderr };
}

const saved = (home: string) => {
  try {
    return readdirSync(join(home, 'reviews')).filter((n) => n.startsWith('review-'));
  } catch {
    return [];
  }
};
const statuses = (json: string) => (JSON.parse(json) as { Findings: Array<{ Status: string }> }).Findings.map((f) => f.Status);

/** A mounted 256 KiB tmpfs with no room left. */
function fullDisk(): string {
  const dir = fresh('full');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir]);
  if (mounted.status !== 0) throw new Error(`mount: ${mounted.stderr}`);
  mounts.push(dir);
  spawnSync('dd', ['if=/dev/zero', `of=${join(dir, 'fill')}`, 'bs=4k', 'count=1000']); // stops at "no space left"
  return dir;
}

describe('standard output on a full disk', () => {
  it('a review to /dev/full: said in words, exit 3 (not a stack trace and exit 1, "a finding"), and not kept as a baseline', () => {
    const home = fresh('home');
    const r = ks([], home, reviewArgs('--fail-on', 'high'), '/dev/full');
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('keyscope: The output could not be written (ENOSPC): the disk is full. What was written of it is incomplete.');
    expect(r.stderr).toMatch(/^hint: Free some space where the output goes/m);
    expect(r.stderr).not.toMatch(/Unhandled|node:events|\n\s+at /);
    expect(saved(home)).toEqual([]);
    // Run again where it fits: the findings are new, as nobody has seen them.
    const again = ks([], home, reviewArgs(), join(home, 'review.json'));
    expect(again.code, again.stderr).toBe(0);
    expect(statuses(readFileSync(join(home, 'review.json'), 'utf8'))).toEqual(['new', 'new']);
  });

  it('a review redirected into a real full tmpfs: exit 3, in words', () => {
    const disk = fullDisk();
    const r = ks([], fresh('home'), reviewArgs(), join(disk, 'review.json'));
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('(ENOSPC): the disk is full');
    expect(r.stderr).not.toMatch(/Unhandled|\n\s+at /);
  });

  it('over a quota (EDQUOT injected by strace into the writes to the file): named EDQUOT, not UNKNOWN, exit 3', () => {
    const out = join(fresh('out'), 'ids.json');
    writeFileSync(out, '');
    const inject = ['strace', '-f', '-qq', '-o', '/dev/null', '-P', out, '-e', 'trace=write', '-e', 'inject=write:error=EDQUOT'];
    const r = ks(inject, fresh('home'), ['inspect', 'AKIAY34FZKBOKMUTVV7C'], out);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('The output could not be written (EDQUOT): the disk quota is used up.');
  });

  it('the hot path too (a valid keyscope verify, without the commands piece): exit 3, not 0, in words', async () => {
    const fault = await startFaultServer();
    try {
      const child = spawn('sh', ['-c', 'exec "$0" "$1" verify > /dev/full', process.execPath, BIN], {
        env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', AWS_ACCESS_KEY_ID: 'AKIAY34FZKBOKMUTVV7A', AWS_SECRET_ACCESS_KEY: SECRET, AWS_ENDPOINT_URL: `${fault.url}/ok/` },
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(fault.requests.length).toBeGreaterThan(0); // it was checked (valid), then could not say so
      expect(code, stderr).toBe(3);
      expect(stderr).toContain('The output could not be written (ENOSPC)');
      expect(stderr).not.toContain(SECRET);
    } finally {
      await fault.stop();
    }
  });
});

describe('a reader that leaves (| head)', () => {
  it('is no failure: no stack trace, the command\'s own exit code', async () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `AKIAY34FZKBOKMU${String(i).padStart(5, '0')}`).join('\n');
    const child = spawn(process.execPath, [BIN, 'inspect', '-', '--output', 'json'], { env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent' } });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.once('data', () => child.stdout.destroy()); // the reader takes one chunk of about 1 MB, and goes
    child.stdin.end(ids);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(code).toBe(0);
  });
});

describe('a review whose reader leaves before its report is all written', () => {
  it('is not kept as the next baseline, said on standard error; the exit code stays what its findings say', async () => {
    const home = fresh('home');
    const child = spawn(process.execPath, [BIN, ...reviewArgs()], { env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', KEYSCOPE_HOME: home } });
    child.stdout.destroy(); // the reader is gone before anything is written (as `| head -c 100` once it has its bytes)
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    // Before: kept, so the next review marked its findings "unchanged" though no one saw them.
    expect(stderr).toContain('the report was cut short: standard output was closed before all of it was written. This review is not kept');
    expect(saved(home)).toEqual([]);
    const whole = ks([], home, reviewArgs());
    expect(whole.code, whole.stderr).toBe(0);
    expect(saved(home)).toHaveLength(1);
  });
});

describe('a large review whose reader takes 100 bytes and exits (| head -c 100)', () => {
  // About 2 MB of JSON: far past a pipe's buffer, so the write is still queued when the command would decide to keep.
  const list = (): string => {
    const path = join(fresh('big'), 'keys.txt');
    writeFileSync(path, Array.from({ length: 1500 }, (_, i) => `AKIAY34FZKBOKMU${String(i).padStart(5, '0')}`).join('\n'));
    return path;
  };
  for (const reader of ['head -c 100', '(sleep 1; head -c 100)']) {
    it(`is not kept, said on standard error (${reader})`, () => {
      const home = fresh('home');
      const args = [BIN, 'review', '--offline', '--no-profiles', '--keys', list(), '--accounts', '111111111111', '--output', 'json'];
      const r = spawnSync('sh', ['-c', `"$@" | ${reader} > /dev/null`, 'sh', process.execPath, ...args], { env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', KEYSCOPE_HOME: home }, encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
      // Before: the write's EPIPE came after the review was kept, and nothing was said (4 runs in 4).
      expect(r.stderr).toContain('the report was cut short: standard output was closed before all of it was written. This review is not kept');
      expect(saved(home)).toEqual([]);
    });
  }
});

describe('review --output-file over a file of another group', () => {
  it('keeps its group; where keyscope may not (root without CAP_CHOWN, as a user not in it), its group bits are dropped, not handed to keyscope\'s group', () => {
    const dir = fresh('out');
    const target = join(dir, 'review.json');
    writeFileSync(target, '{}');
    chmodSync(target, 0o640);
    chownSync(target, 0, NOBODY);
    const kept = ks([], fresh('home'), reviewArgs('--output-file', target));
    expect(kept.code, kept.stderr).toBe(0);
    expect(statSync(target)).toMatchObject({ uid: 0, gid: NOBODY, mode: 0o100640 });
    const refused = ks(['setpriv', '--bounding-set=-chown', '--'], fresh('home'), reviewArgs('--output-file', target));
    expect(refused.code, refused.stderr).toBe(0);
    expect(statuses(readFileSync(target, 'utf8'))).toEqual(['new', 'new']);
    // Before: 0640 root:0, the report readable by root's group instead of the one it was shared with.
    expect(statSync(target)).toMatchObject({ uid: 0, gid: 0, mode: 0o100600 });
  });
});

describe('review --output-file refused', () => {
  it('a link whose target\'s folder does not exist: names that folder, not /proc; exit 3, the link left as it was', () => {
    const dir = fresh('out');
    symlinkSync('nowhere/x.json', join(dir, 'dangle'));
    const r = ks([], fresh('home'), reviewArgs('--output-file', join(dir, 'dangle')));
    expect(r.code, r.stderr).toBe(3);
    // Before: "ENOENT: the folder exists, but no file can be created in it", and a hint about /proc: of the link's folder.
    expect(r.stderr).toContain(`the report could not be written to ${join(dir, 'dangle')} (ENOENT: the folder does not exist); nothing was changed there.`);
    expect(r.stderr).toContain(`hint: ${join(dir, 'nowhere')} does not exist (${join(dir, 'dangle')} is a link to ${join(dir, 'nowhere', 'x.json')}): create it, or give another path.`);
    expect(r.stderr).not.toContain('/proc');
    expect(readdirSync(dir)).toEqual(['dangle']);
  });
  it('a folder given as the file: says it is a folder (no talk of disk room), exit 3, and the review is not kept', () => {
    const home = fresh('home');
    const folder = fresh('folder');
    const r = ks([], home, reviewArgs('--output-file', folder));
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`the report could not be written to ${folder} (EISDIR: it is a folder, not a file); nothing was changed there.`);
    expect(r.stderr).toContain(`hint: ${folder} is a folder: give the path of a file in it.`);
    expect(saved(home)).toEqual([]);
    const again = ks([], home, reviewArgs('--output-file', join(folder, 'review.json')));
    expect(again.code, again.stderr).toBe(0);
    expect(statuses(readFileSync(join(folder, 'review.json'), 'utf8'))).toEqual(['new', 'new']);
    expect(saved(home)).toHaveLength(1);
  });

  it('over a quota at the flush (EDQUOT injected by strace): named, exit 3, the old file byte for byte, no temporary file (those already worked), and the review not kept', () => {
    const home = fresh('home');
    const dir = fresh('out');
    const file = join(dir, 'review.json');
    writeFileSync(file, 'the previous report\n');
    mkdirSync(join(home, 'reviews'), { mode: 0o700 });
    writeFileSync(join(home, 'reviews', '.id-key'), `${'ab'.repeat(32)}\n`, { mode: 0o600 });
    // The report's file is written and flushed before the review is kept: its flush is the first.
    const inject = ['strace', '-f', '-qq', '-o', '/dev/null', '-e', 'trace=fsync', '-e', 'inject=fsync:error=EDQUOT:when=1'];
    const r = ks(inject, home, reviewArgs('--output-file', file));
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`the report could not be written to ${file} (EDQUOT: the disk quota is used up); nothing was changed there.`);
    expect(readFileSync(file, 'utf8')).toBe('the previous report\n');
    expect(readdirSync(dir)).toEqual(['review.json']);
    expect(saved(home)).toEqual([]);
  });

  it('a folder that exists but holds no files of its own (/proc answers ENOENT): not "the folder does not exist", exit 3, review not kept', () => {
    const home = fresh('home');
    const r = ks([], home, reviewArgs('--output-file', '/proc/x.json'));
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).not.toMatch(/does not exist/);
    expect(r.stderr).toContain('the report could not be written to /proc/x.json (ENOENT: the folder exists, but no file can be created in it); nothing was changed there.');
    expect(r.stderr).toContain('hint: /proc is on a file system where no file can be created (such as /proc or /sys): give a path in a folder on a disk.');
    expect(saved(home)).toEqual([]);
    // A folder that is truly missing still says so.
    const missing = join(fresh('out'), 'gone', 'x.json');
    const gone = ks([], fresh('home'), reviewArgs('--output-file', missing));
    expect(gone.code, gone.stderr).toBe(3);
    expect(gone.stderr).toContain('(ENOENT: the folder does not exist); nothing was changed there.');
  });

  it('a folder keyscope may not write (real EACCES): named, exit 3, nothing left there (already worked)', () => {
    const dir = fresh('out');
    chownSync(dir, NOBODY, NOBODY);
    chmodSync(dir, 0o755);
    const r = ks(UNPRIVILEGED, fresh('home'), reviewArgs('--output-file', join(dir, 'review.json')));
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('(EACCES: keyscope may not write there); nothing was changed there.');
    expect(readdirSync(dir)).toEqual([]);
  });
});
