/**
 * Crash-safe writes. A write goes to a temporary file of keyscope's own in the same folder, every byte is written and
 * flushed, then it is renamed over the old file, so a reader sees the old file or the new one, never half of either.
 * When anything fails the temporary file is removed and the old file is left exactly as it was. The store replaces a
 * symbolic link in its place with its file; a report the user names is written through one (`throughLink`).
 */
import { closeSync, fchmodSync, fchownSync, fsyncSync, lstatSync, openSync, readlinkSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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

/** How writeFileAtomic treats what is at the path already. The defaults are the store's. */
export interface AtomicWriteOptions {
  /**
   * A symbolic link at the path is written through, as a shell's `>` does: its target (at the end of a chain of links;
   * created if missing) is replaced atomically and the link kept. Without it the link itself is replaced by the file.
   */
  readonly throughLink?: boolean;
  /**
   * An existing file keeps its permission bits, and its owner and group where keyscope may give them (else its group's
   * bits are dropped); a new one is still readable by its owner only.
   */
  readonly keepMode?: boolean;
}

/** Linux follows at most 40 links in a path. */
const MAX_LINKS = 40;

/**
 * Whether a link must not be followed, by the kernel's protected_symlinks rule: in a sticky folder every user may write
 * (/tmp), only a link of this user's or of the folder's owner's. Another user could leave one naming this user's file.
 */
function foreignLink(link: { uid: number }, folder: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined || link.uid === uid) return false;
  const st = statSync(folder, { throwIfNoEntry: false });
  return st !== undefined && (st.mode & 0o1002) === 0o1002 && link.uid !== st.uid;
}

/** The file a write to `path` lands on when links are written through: `path`, or the end of its chain of links. */
function linkTarget(path: string): string {
  let current = path;
  for (let hops = 0; hops <= MAX_LINKS; hops += 1) {
    const st = lstatSync(current, { throwIfNoEntry: false });
    if (!st?.isSymbolicLink()) return current;
    if (foreignLink(st, dirname(current))) throw new FileIoError('write', 'EACCES', dirname(current), path);
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new FileIoError('write', 'ELOOP', dirname(path), path);
}

/** What an existing regular file at `path` keeps when replaced: permission bits, owner and group; undefined when none. */
interface Kept {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

function keptOf(path: string): Kept | undefined {
  const st = statSync(path, { throwIfNoEntry: false });
  return st?.isFile() ? { mode: st.mode & 0o777, uid: st.uid, gid: st.gid } : undefined;
}

/**
 * Gives the temporary file `fd` the replaced file's owner and group where this process may (root may give both; a
 * user, a group of theirs), and returns the permission bits it can keep: when the group cannot be kept, its bits are
 * dropped, so the file is never opened to keyscope's own group instead. A new owner keyscope may not give leaves the
 * file keyscope's, as any rewrite by its user does.
 */
function keepOwners(fd: number, kept: Kept): number {
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  if (uid === undefined || gid === undefined) return kept.mode;
  const owners: Array<[number, number]> = [[kept.uid === uid ? -1 : kept.uid, kept.gid === gid ? -1 : kept.gid], [-1, kept.gid === gid ? -1 : kept.gid]];
  for (const [u, g] of owners) {
    if (u === -1 && g === -1) return kept.mode;
    try {
      fchownSync(fd, u, g);
      return kept.mode;
    } catch {
      // not permitted: try the group alone, then drop the group's bits
    }
  }
  return kept.mode & ~0o070;
}

/**
 * Replaces `path` with `data` atomically, readable by the owner only (see AtomicWriteOptions). Throws FileIoError (op
 * 'write'). `beforeRename` (a lock's keep) runs once the data is on disk, right before the rename: a FileIoError it
 * throws fails the write as is.
 */
export function writeFileAtomic(given: string, data: string | Uint8Array, beforeRename?: () => void, options: AtomicWriteOptions = {}): void {
  let path = given;
  let kept: Kept | undefined;
  try {
    if (options.throughLink) path = linkTarget(given);
    if (options.keepMode) kept = keptOf(path);
  } catch (e) {
    throw e instanceof FileIoError ? e : new FileIoError('write', errorCode(e), dirname(given), given);
  }
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
      const mode = kept && keepOwners(fd, kept);
      if (mode !== undefined && mode !== 0o600) fchmodSync(fd, mode);
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
