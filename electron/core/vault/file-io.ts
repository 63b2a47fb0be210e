/**
 * What atomic-file and file-lock share: the error they throw, and the names of keyscope's own temporary files (a
 * prefix of their own, so tidying never touches anyone else's `*.tmp`, even with KEYSCOPE_HOME=/tmp).
 */
import { lstatSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { errnoName, fileErrorReason } from '../errno-name.js';

/** What a file operation was doing when it failed. */
export type FileOp = 'read' | 'write' | 'lock';

// What to do about it, where there is something to do (the reason itself is errno-name.ts's, shared with every file
// failure keyscope reports).
const ACTIONS: Readonly<Record<string, string>> = {
  ENOSPC: 'free some space and try again',
  EDQUOT: 'free some space and try again',
  EACCES: "check the folder's permissions",
  EPERM: "check the folder's permissions",
};
const READ_ACTIONS: Readonly<Record<string, string>> = {
  EACCES: "check the file's and its folder's permissions",
  EPERM: "check the file's and its folder's permissions",
};

/** A read, write or lock that failed with a file-system error; nothing was changed. `code` is the errno name (ENOSPC…). */
export class FileIoError extends Error {
  constructor(
    readonly op: FileOp,
    readonly code: string,
    readonly folder: string,
    readonly path: string,
  ) {
    const action = (op === 'read' ? READ_ACTIONS : ACTIONS)[code];
    super(`Could not ${op} ${path} (${code}): ${fileErrorReason(code, op === 'read' ? 'read' : 'write', folder)}${action ? `: ${action}` : ''}. Nothing was changed.`);
    this.name = 'FileIoError';
  }
}

/** The errno name of a thrown file-system error (or of a FileIoError); EIO when it has none. */
export function errorCode(e: unknown): string {
  return e instanceof FileIoError ? e.code : errnoName(e);
}

/** A fresh name for keyscope's own temporary file (or folder) for `target`, in the same folder as `target`. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.keyscope-${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

function ownTempPattern(target: string): RegExp {
  const name = basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.keyscope-${name}\\.[0-9a-f]{12}\\.tmp$`);
}
/** A temporary file of keyscope's own older than this was left by a writer that was killed (a write takes far less). */
export const STALE_TEMP_MS = 60_000;

// Any of keyscope's own temporary names, whatever file it was for.
const ANY_OWN_TEMP = /^\.keyscope-.+\.[0-9a-f]{12}\.tmp$/;

/**
 * Removes keyscope's own temporary files (and lock staging folders) for `target` in `dir` older than `olderThanMs`,
 * left by writers that were killed mid-write; any other file, `*.tmp` or not, is never touched. Returns what it
 * removed. Best effort: a file it cannot remove is left. Call it holding the target's lock.
 */
export function sweepTempFiles(dir: string, target: string, olderThanMs: number): string[] {
  return sweep(dir, ownTempPattern(target), olderThanMs);
}

/**
 * The same for every file of a folder that is keyscope's alone (reviews/, reports/), whose files each have a name of
 * their own, so no lock covers them all: a temporary file older than `olderThanMs` belongs to a writer that was killed.
 */
export function sweepOwnFolder(dir: string, olderThanMs: number): string[] {
  return sweep(dir, ANY_OWN_TEMP, olderThanMs);
}

/** The same for the files of a folder of keyscope's own whose names match `pattern` (the pages `keyscope ui` opens). */
export function sweepMatching(dir: string, pattern: RegExp, olderThanMs: number): string[] {
  return sweep(dir, pattern, olderThanMs);
}

function sweep(dir: string, pattern: RegExp, olderThanMs: number): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!pattern.test(name)) continue;
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (Date.now() - st.mtimeMs <= olderThanMs) continue;
      if (st.isFile()) unlinkSync(path);
      else if (st.isDirectory()) rmSync(path, { recursive: true });
      else continue;
      removed.push(path);
    } catch {
      // removed meanwhile, or not ours to remove
    }
  }
  return removed;
}
