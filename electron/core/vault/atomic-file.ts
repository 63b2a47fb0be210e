/**
 * Crash-safe writes. A write goes to a temporary file of keyscope's own in the same folder, every byte is written and
 * flushed, then it is renamed over the old file, so a reader sees the old file or the new one, never half of either.
 * When anything fails the temporary file is removed and the old file is left exactly as it was.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { errorCode, FileIoError, tempPathFor } from './file-io.js';

// The one module the store imports: writes, the lock, the error and the sweep.
export { errorCode, FileIoError, STALE_TEMP_MS, sweepMatching, sweepOwnFolder, sweepTempFiles, tempPathFor, type FileOp } from './file-io.js';
export { LockLeft, LockLost, LockTimeout, withLock, withLockSync, type LockHold, type LockOptions } from './file-lock.js';

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone, or the folder refuses: nothing more can be done
  }
}

/** Writes all of `buf` to `fd`: one write call may write only part of it (a nearly full disk does exactly that). */
function writeAll(fd: number, buf: Uint8Array): void {
  let off = 0;
  while (off < buf.length) {
    const n = writeSync(fd, buf, off, buf.length - off);
    // A regular file never legitimately accepts 0 bytes of a non-empty write; do not spin on it.
    if (n <= 0) throw Object.assign(new Error('the file system accepted no bytes'), { code: 'EIO' });
    off += n;
  }
}

/**
 * Replaces `path` with `data` atomically, readable by the owner only. Throws FileIoError (op 'write'). `beforeRename`
 * (a lock's keep) runs once the data is on disk, right before the rename: a FileIoError it throws fails the write as is.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, beforeRename?: () => void): void {
  const folder = dirname(path);
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const tmp = tempPathFor(path);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', 0o600);
  } catch (e) {
    throw new FileIoError('write', errorCode(e), folder, path);
  }
  try {
    try {
      writeAll(fd, buf);
      fsyncSync(fd);
    } finally {
      // Some file systems (NFS) report a full disk only on close: it must fail the write too.
      closeSync(fd);
    }
    beforeRename?.();
    renameSync(tmp, path);
  } catch (e) {
    removeQuietly(tmp);
    throw e instanceof FileIoError ? e : new FileIoError('write', errorCode(e), folder, path);
  }
  if (process.platform !== 'win32') {
    // Make the rename itself durable. The new file is already in place, so a failure here must not be reported as
    // "nothing was changed"; some file systems refuse to fsync a folder at all.
    try {
      const dir = openSync(folder, 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    } catch {
      // best effort
    }
  }
}
