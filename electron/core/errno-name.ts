/**
 * The errno name of a failed system call. Node 20's libuv has no name for a few errors the kernel gives: over a disk
 * quota, fs.writeSync's error says code "UNKNOWN" and fsyncSync's "Unknown system error -122", errno -122 both. The
 * number has a name (EDQUOT) in the platform's errno table, read only on this rare path: a cold `keyscope verify`
 * does not load node:os.
 */
export function errnoName(e: unknown, fallback = 'EIO'): string {
  const { code, errno } = (e ?? {}) as NodeJS.ErrnoException;
  if (typeof errno === 'number' && (code === undefined || code === 'UNKNOWN' || code.startsWith('Unknown system error'))) {
    const names = process.getBuiltinModule('node:os').constants.errno as Readonly<Record<string, number>>;
    const name = Object.keys(names).find((n) => names[n] === -errno);
    if (name) return name;
  }
  return code ?? fallback;
}

// Why a file operation failed, in words a user can act on. A read fails for fewer reasons than a write, and the
// folder's free space is none of them.
const WRITE_REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the folder is on a read-only file system',
  EFBIG: 'the file is larger than the file system allows',
  EIO: 'the device reported an error',
  EACCES: 'keyscope may not write there',
  EPERM: 'keyscope may not write there',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'a part of the path is not a folder',
};
const READ_REASONS: Readonly<Record<string, string>> = {
  EIO: 'the device reported an error',
  EACCES: 'keyscope may not read it',
  EPERM: 'keyscope may not read it',
  EISDIR: 'it is a folder, not a file',
};

/**
 * Whether a write's ENOENT came from a folder that exists: a virtual file system (/proc, /sys) answers ENOENT to
 * creating a file, and "the folder does not exist" would be untrue. Read only on a failure's path.
 */
export function createRefusedIn(code: string, folder: string): boolean {
  if (code !== 'ENOENT') return false;
  return process.getBuiltinModule('node:fs').statSync(folder, { throwIfNoEntry: false })?.isDirectory() === true;
}

/**
 * A failed file operation's errno name (`errnoName`'s) in words: "the disk is full"; "the file system refused" else.
 * `folder`, for a write, is where the file was to be created: an ENOENT there names what it was (createRefusedIn).
 */
export function fileErrorReason(code: string, op: 'read' | 'write' = 'write', folder?: string): string {
  if (op === 'write' && folder !== undefined && createRefusedIn(code, folder)) return 'the folder exists, but no file can be created in it';
  return (op === 'read' ? READ_REASONS : WRITE_REASONS)[code] ?? 'the file system refused';
}

/** "ENOSPC: the disk is full", for a message's parentheses; `folder` as for fileErrorReason. */
export function describeFileError(code: string, op: 'read' | 'write' = 'write', folder?: string): string {
  return `${code}: ${fileErrorReason(code, op, folder)}`;
}
