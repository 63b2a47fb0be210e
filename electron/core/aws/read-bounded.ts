/**
 * Reads a small file named by the user (a file:// parameter, AWS_CA_BUNDLE, the ~/.aws files) without letting it
 * hurt: only a regular file, never more than a limit. /dev/zero would otherwise grow without end, and a FIFO
 * would block forever.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { err, ok, type Result } from '../../../shared/result.js';
import { describeFileError, errnoName } from '../errno-name.js';

/** One mebibyte: the limit for CA bundles and the AWS files. */
export const MIB = 1 << 20;

/** Why a file was not read; `detail` completes a sentence that begins with the file's path. */
export interface BoundedReadError {
  readonly reason: 'not-found' | 'not-regular' | 'too-large' | 'unreadable';
  /** The Node error code, when the system refused. */
  readonly code?: string;
  /** Such as "is a FIFO, not a regular file" or "is larger than 1 MiB". */
  readonly detail: string;
}

// O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer; Windows has no such flag.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** "1 MiB", "2 KiB", "900 bytes". */
export function describeSize(bytes: number): string {
  if (bytes >= MIB && bytes % MIB === 0) return `${bytes / MIB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function kindOf(stat: ReturnType<typeof fstatSync>): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}

function refused(e: unknown): BoundedReadError {
  const code = errnoName(e);
  if (code === 'ENOENT' || code === 'ENOTDIR') return { reason: 'not-found', code, detail: 'does not exist' };
  if (code === 'EISDIR') return { reason: 'not-regular', code, detail: 'is a folder, not a file' };
  return { reason: 'unreadable', code, detail: `cannot be read (${describeFileError(code, 'read')})` };
}

/** Reads a regular file of at most `maxBytes` bytes as UTF-8. Never blocks on a FIFO, never reads past the limit. */
export function readBoundedFile(path: string, maxBytes: number): Result<string, BoundedReadError> {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    return err(refused(e));
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return err({ reason: 'not-regular', detail: `is ${kindOf(stat)}, not a regular file` });
    const tooLarge = { reason: 'too-large', detail: `is larger than ${describeSize(maxBytes)}` } as const;
    if (stat.size > maxBytes) return err(tooLarge);
    // The size can lie (files in /proc say 0, a file can grow while read): read until the end or one byte past.
    let buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stat.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const next = Buffer.alloc(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(next, 0, 0, length);
        buffer = next;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) return err(tooLarge);
    }
    return ok(buffer.subarray(0, length).toString('utf8'));
  } catch (e) {
    return err(refused(e));
  } finally {
    closeSync(fd);
  }
}
