/**
 * Atomic writes and the lock on real file systems that fail: a nearly full, a full and a read-only tmpfs (mounted
 * here; the tests need root, as in CI), and the sweep that must leave everyone else's `*.tmp` alone.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, lchownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmdirSync, statfsSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileIoError, sweepTempFiles, withLockSync, writeFileAtomic } from './atomic-file.js';

const OLD = `${JSON.stringify({ schemaVersion: 1, profiles: ['a'.repeat(8_000)] })}\n`;

/** Why tmpfs cannot be mounted here, or undefined if it can. */
function mountRefusal(): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir]);
    return undefined;
  } catch (e) {
    return `mounting a tmpfs is not permitted here (${String((e as { stderr?: Buffer }).stderr ?? e).trim()})`;
  } finally {
    rmdirSync(dir);
  }
}

/** Runs `fn` in a fresh tmpfs mounted with `options`, unmounted afterwards whatever happens. */
function onTmpfs(options: string, fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  try {
    fn(dir);
  } finally {
    try {
      execFileSync('umount', [dir]);
    } catch {
      execFileSync('umount', ['-l', dir]);
    }
    rmdirSync(dir);
  }
}

const free = (dir: string): number => {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
};

/** Fills the disk, leaving `leave` bytes free. */
function fill(dir: string, leave: number): void {
  writeFileSync(join(dir, 'filler'), Buffer.alloc(free(dir) - leave, 1));
  expect(free(dir)).toBe(leave);
}

function thrown(fn: () => unknown): FileIoError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FileIoError);
    return e as FileIoError;
  }
  throw new Error('expected a FileIoError, nothing was thrown');
}

const refusal = mountRefusal();
if (refusal) console.warn(`atomic-file.test.ts: skipping the tmpfs tests: ${refusal}`);

describe.skipIf(refusal !== undefined)('atomic writes on a file system that fails', () => {
  it('writes every byte, or fails with ENOSPC leaving the old file byte for byte, on a nearly full disk', () => {
    onTmpfs('size=256k', (dir) => {
      const file = join(dir, 'profiles.json');
      writeFileAtomic(file, OLD);
      fill(dir, 12 * 1024);
      const e = thrown(() => writeFileAtomic(file, `${JSON.stringify({ schemaVersion: 1, profiles: ['b'.repeat(40_000)] })}\n`));
      expect(e).toMatchObject({ op: 'write', code: 'ENOSPC', folder: dir, path: file });
      expect(e.message).toContain('disk is full');
      expect(readFileSync(file, 'utf8')).toBe(OLD);
      expect(readdirSync(dir).sort()).toEqual(['filler', 'profiles.json']);
      // What fits is written whole.
      const fits = `${JSON.stringify({ schemaVersion: 1, profiles: ['c'.repeat(6_000)] })}\n`;
      writeFileAtomic(file, fits);
      expect(readFileSync(file, 'utf8')).toBe(fits);
    });
  });

  it('takes and gives back the lock on a full disk, leaving no lock behind', () => {
    onTmpfs('size=256k', (dir) => {
      const file = join(dir, 'profiles.json');
      writeFileAtomic(file, OLD);
      fill(dir, 0);
      const before = readdirSync(dir).sort();
      const e = thrown(() => withLockSync(`${file}.lock`, () => writeFileAtomic(file, '{}\n')));
      // The lock was had; the write failed cleanly inside it.
      expect(e).toMatchObject({ op: 'write', code: 'ENOSPC', folder: dir });
      expect(readdirSync(dir).sort()).toEqual(before);
      expect(readFileSync(file, 'utf8')).toBe(OLD);
      expect(withLockSync(`${file}.lock`, () => 'ran again', { timeoutMs: 100 })).toBe('ran again');
    });
  });

  it('reports ENOSPC and leaves nothing behind when not even a lock can be created', () => {
    onTmpfs('size=256k,nr_inodes=16', (dir) => {
      for (let i = 0; ; i += 1) {
        try {
          writeFileSync(join(dir, `f${i}`), '');
        } catch (e) {
          expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
          break;
        }
      }
      const before = readdirSync(dir).sort();
      let ran = false;
      const e = thrown(() => withLockSync(join(dir, 'profiles.json.lock'), () => (ran = true)));
      expect(e).toMatchObject({ op: 'lock', code: 'ENOSPC', folder: dir, path: join(dir, 'profiles.json.lock') });
      expect(e.message).toContain('disk is full');
      expect(ran).toBe(false);
      expect(readdirSync(dir).sort()).toEqual(before);
    });
  });

  it('says the folder is read-only, and changes nothing', () => {
    onTmpfs('size=256k', (dir) => {
      const file = join(dir, 'profiles.json');
      writeFileAtomic(file, OLD);
      execFileSync('mount', ['-o', 'remount,ro', dir]);
      const write = thrown(() => writeFileAtomic(file, '{}\n'));
      expect(write).toMatchObject({ op: 'write', code: 'EROFS', folder: dir, path: file });
      expect(write.message).toContain('read-only');
      const lock = thrown(() => withLockSync(`${file}.lock`, () => writeFileAtomic(file, '{}\n')));
      expect(lock).toMatchObject({ op: 'lock', code: 'EROFS', folder: dir });
      expect(readFileSync(file, 'utf8')).toBe(OLD);
      expect(readdirSync(dir)).toEqual(['profiles.json']);
    });
  });
});

describe('atomic writes', () => {
  it('replaces the file whole, readable by its owner only, leaving nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-atomic-'));
    const file = join(dir, 'profiles.json');
    writeFileAtomic(file, OLD);
    writeFileAtomic(file, new TextEncoder().encode('{"new":true}\n'));
    expect(readFileSync(file, 'utf8')).toBe('{"new":true}\n');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['profiles.json']);
  });

  it('replaces a symbolic link itself by default (the store relies on it), owner-only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-atomic-'));
    writeFileSync(join(dir, 'target.json'), OLD, { mode: 0o644 });
    symlinkSync('target.json', join(dir, 'profiles.json'));
    writeFileAtomic(join(dir, 'profiles.json'), 'new\n');
    expect(lstatSync(join(dir, 'profiles.json')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(dir, 'target.json'), 'utf8')).toBe(OLD);
  });
});

describe('atomic writes of a report (throughLink, keepMode)', () => {
  const REPORT = { throughLink: true, keepMode: true } as const;
  const mode = (path: string): number => statSync(path).mode & 0o777;

  it("writes through a symbolic link to its target, keeping the link and the target's permissions", () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-atomic-'));
    const shared = mkdtempSync(join(tmpdir(), 'keyscope-atomic-shared-'));
    writeFileSync(join(shared, 'review.md'), 'old report\n');
    chmodSync(join(shared, 'review.md'), 0o644);
    symlinkSync(join(shared, 'review.md'), join(dir, 'link.md'));
    // A chain of links is followed to its end.
    symlinkSync('link.md', join(dir, 'link2.md'));
    writeFileAtomic(join(dir, 'link2.md'), '# new report\n', undefined, REPORT);
    expect(readlinkSync(join(dir, 'link.md'))).toBe(join(shared, 'review.md'));
    expect(readlinkSync(join(dir, 'link2.md'))).toBe('link.md');
    expect(readFileSync(join(shared, 'review.md'), 'utf8')).toBe('# new report\n');
    expect(mode(join(shared, 'review.md'))).toBe(0o644);
    expect(readdirSync(dir).sort()).toEqual(['link.md', 'link2.md']);
    expect(readdirSync(shared)).toEqual(['review.md']);
  });

  it('creates the file a dangling link names, owner-only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-atomic-'));
    symlinkSync('later.md', join(dir, 'link.md'));
    writeFileAtomic(join(dir, 'link.md'), 'report\n', undefined, REPORT);
    expect(lstatSync(join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'later.md'), 'utf8')).toBe('report\n');
    expect(mode(join(dir, 'later.md'))).toBe(0o600);
  });

  it("keeps an existing file's permission bits; a new file is owner-only", () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-atomic-'));
    writeFileSync(join(dir, 'review.md'), 'old\n');
    chmodSync(join(dir, 'review.md'), 0o640);
    writeFileAtomic(join(dir, 'review.md'), 'new\n', undefined, REPORT);
    expect(mode(join(dir, 'review.md'))).toBe(0o640);
    writeFileAtomic(join(dir, 'fresh.md'), 'new\n', undefined, REPORT);
    expect(mode(join(dir, 'fresh.md'))).toBe(0o600);
  });

  it("keeps an existing file's group (and its owner, written as root), as a shell's > does", () => {
    if (process.getuid?.() !== 0) return; // a file of another group and owner needs root to make, as in CI
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-atomic-'));
    const shared = join(dir, 'shared.md');
    writeFileSync(shared, 'old\n');
    chmodSync(shared, 0o640);
    chownSync(shared, 0, 65534);
    symlinkSync(shared, join(dir, 'link.md'));
    writeFileAtomic(join(dir, 'link.md'), 'new\n', undefined, REPORT);
    // Before: 0640 root:0, so the group that could read the report no longer could.
    expect(statSync(shared)).toMatchObject({ uid: 0, gid: 65534 });
    expect(mode(shared)).toBe(0o640);
    const theirs = join(dir, 'theirs.md');
    writeFileSync(theirs, 'old\n');
    chmodSync(theirs, 0o644);
    chownSync(theirs, 65534, 65534);
    writeFileAtomic(theirs, 'new\n', undefined, REPORT);
    expect(statSync(theirs)).toMatchObject({ uid: 65534, gid: 65534 });
    expect(mode(theirs)).toBe(0o644);
  });

  it("refuses a link another user left in a sticky folder every user may write, as the kernel's protected_symlinks does", () => {
    if (process.getuid?.() !== 0) return; // making a link another user owns needs root, as in CI
    const sticky = mkdtempSync(join(tmpdir(), 'keyscope-atomic-sticky-'));
    chmodSync(sticky, 0o1777);
    const mine = mkdtempSync(join(tmpdir(), 'keyscope-atomic-mine-'));
    writeFileSync(join(mine, 'precious'), 'keep me\n');
    symlinkSync(join(mine, 'precious'), join(sticky, 'review.md'));
    lchownSync(join(sticky, 'review.md'), 65534, 65534);
    const e = thrown(() => writeFileAtomic(join(sticky, 'review.md'), 'report\n', undefined, REPORT));
    expect(e).toMatchObject({ op: 'write', code: 'EACCES', path: join(sticky, 'review.md') });
    expect(readFileSync(join(mine, 'precious'), 'utf8')).toBe('keep me\n');
    expect(readlinkSync(join(sticky, 'review.md'))).toBe(join(mine, 'precious'));
    expect(readdirSync(sticky)).toEqual(['review.md']);
  });
});

describe('sweepTempFiles', () => {
  it("removes only keyscope's own old temporary files for the target", () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-sweep-'));
    const target = join(dir, 'profiles.json');
    const old = new Date(Date.now() - 120_000);
    const make = (name: string, age: Date | undefined, folder = false): void => {
      const path = join(dir, name);
      if (folder) {
        mkdirSync(path);
        writeFileSync(join(path, `${process.pid}.00000000.0123456789ab`), '');
      } else writeFileSync(path, 'someone else might need this');
      if (age) utimesSync(path, age, age);
    };
    make('x.tmp', old); // anyone's
    make('.deadbeef0000.tmp', old); // anyone's, even shaped like the names keyscope used to give
    make('.keyscope-profiles.json.0123456789ab.tmp', old); // ours, left by a killed writer
    make('.keyscope-profiles.json.ba9876543210.tmp', undefined); // ours, being written right now
    make('.keyscope-other.json.0123456789ab.tmp', old); // ours, for another file
    make('.keyscope-profiles.json.lock.0123456789ab.tmp', old, true); // a lock staging folder of a killed writer
    expect(sweepTempFiles(dir, target, 60_000)).toEqual([join(dir, '.keyscope-profiles.json.0123456789ab.tmp')]);
    expect(sweepTempFiles(dir, `${target}.lock`, 60_000)).toEqual([join(dir, '.keyscope-profiles.json.lock.0123456789ab.tmp')]);
    expect(readdirSync(dir).sort()).toEqual(
      ['.deadbeef0000.tmp', '.keyscope-other.json.0123456789ab.tmp', '.keyscope-profiles.json.ba9876543210.tmp', 'x.tmp'].sort(),
    );
  });
});
