/**
 * Crash-safe writes and a lock shared by every keyscope process (the app and the CLI may write at once).
 * A write goes to a temporary file in the same folder, is flushed to disk, then renamed over the old one, so a
 * reader sees the old file or the new one, never half of either.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Replaces `path` with `data` atomically, readable by the owner only. */
export function writeFileAtomic(path: string, data: string): void {
  const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file is already gone
    }
    throw e;
  }
  if (process.platform !== 'win32') {
    // Make the rename itself durable.
    const dir = openSync(dirname(path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }
}

export interface LockOptions {
  readonly timeoutMs?: number;
  /** A lock older than this is taken to be left by a crash (writes hold it for milliseconds). */
  readonly staleMs?: number;
}

/** Why the lock could not be had. */
export class LockTimeout extends Error {
  constructor(readonly holder: string) {
    super(`the profile store is locked by ${holder}`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `fn` holding an exclusive lock file. A lock whose process is gone (same machine) or that is older than
 * `staleMs` is broken. Synchronous on purpose: the critical section is a read, a change and a rename.
 */
export function withLockSync<T>(lockPath: string, fn: () => T, options: LockOptions = {}): T {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const staleMs = options.staleMs ?? 30_000;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(lockPath, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (fd !== undefined) {
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, at: Date.now() }));
      } finally {
        closeSync(fd);
      }
      try {
        return fn();
      } finally {
        try {
          unlinkSync(lockPath);
        } catch {
          // already removed
        }
      }
    }
    let holder = 'another keyscope process';
    try {
      const info = JSON.parse(readFileSync(lockPath, 'utf8')) as { pid?: number; at?: number };
      holder = `process ${info.pid ?? '?'}`;
      const stale = (typeof info.pid === 'number' && !alive(info.pid)) || (typeof info.at === 'number' && Date.now() - info.at > staleMs);
      if (stale) {
        unlinkSync(lockPath);
        continue;
      }
    } catch {
      // The lock was released, or is being written; one left empty by a crash is broken once it is old.
      try {
        if (Date.now() - statSync(lockPath).mtimeMs > staleMs) unlinkSync(lockPath);
      } catch {
        // released meanwhile
      }
    }
    if (Date.now() > deadline) throw new LockTimeout(holder);
    sleepSync(5 + Math.floor(Math.random() * 20));
  }
}
