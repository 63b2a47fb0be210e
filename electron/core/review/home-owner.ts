/**
 * Whose reviews/ and reports/ are used: as with the profile store (vault/store-owner.ts, whose rules these are). In a
 * KEYSCOPE_HOME others may write into (/tmp), another user who made reviews/ or reports/ first, or left a file in
 * them, could forge earlier reviews (findings would read unchanged or Resolved), mute findings, choose the finding-id
 * key, or have `--credential-report stored` review a report they wrote. keyscope uses these folders only when they
 * and their files are its user's or root's, in a home of its user's or root's; otherwise it refuses, changing nothing.
 * Root may use anyone's.
 */
import { closeSync } from 'node:fs';
import { storageFailure, type StorageFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { errorCode } from '../vault/atomic-file.js';
import { lockRefusal, openJudged, subfolderRefusal, type OwnedFiles, type OwnerRefusal } from '../vault/store-owner.js';

/** reviews/: the saved reviews, the mutes and the finding-id key. */
export const REVIEW_FILES: OwnedFiles = {
  files: 'the saved reviews, mutes and finding-id key',
  misuse: 'keyscope would compare with the reviews, apply the mutes or make finding ids with the key they wrote',
  kept: 'reviews',
};
/** reports/: the stored credential reports. */
export const REPORT_FILES: OwnedFiles = {
  files: 'the stored credential reports',
  misuse: 'keyscope would review the credential report they wrote as one it fetched',
  kept: 'credential reports',
};

// The refusals made here, so that a caller that passes over a file it cannot read stops at one of these instead.
const refusals = new WeakSet<StorageFailure>();

function failure(of: OwnedFiles, r: OwnerRefusal): StorageFailure {
  const f = storageFailure('io', r.file, `The ${of === REPORT_FILES ? 'stored credential reports' : 'saved reviews'} could not be read: ${r.detail}`, r.hint);
  refusals.add(f);
  return f;
}

/** Whether `f` is a refusal of another user's folder or file (made here): a review stops at it, as the store does. */
export const isOwnerRefusal = (f: StorageFailure): boolean => refusals.has(f);

/** Why `home`/`sub` is not used: it, or the home it is in, another user could write. Undefined when it may be used (or is not there yet). */
export function folderFailure(home: string, sub: string, of: OwnedFiles): StorageFailure | undefined {
  const refused = subfolderRefusal(home, sub, of);
  return refused && failure(of, refused);
}

/** Why the lock folder `lock` (the mutes') is not waited for: another user's (store-owner.ts's lockRefusal). */
export function lockFailure(lock: string, of: OwnedFiles): StorageFailure | undefined {
  const refused = lockRefusal(lock);
  return refused && failure(of, refused);
}

/**
 * Runs `read` on the file at `path` once it is judged on the file opened (and a link in its place on the link;
 * store-owner.ts's openJudged): another user's is refused, unread. The file is held open while `read` reads it by name:
 * in a folder folderFailure allows, no other user can move that name off it. When nothing is there, `absent` is returned
 * and nothing read (a file another user made after the look is never read unjudged).
 */
export function readOwnFile<T, E>(path: string, of: OwnedFiles, absent: Result<T, E>, read: () => Result<T, E>): Result<T, E | StorageFailure> {
  let opened: ReturnType<typeof openJudged>;
  try {
    opened = openJudged(path, of);
  } catch (e) {
    const code = errorCode(e);
    return code === 'ENOENT' || code === 'ENOTDIR' ? absent : read(); // the read says why it cannot open it
  }
  if ('refused' in opened) return err(failure(of, opened.refused));
  try {
    return read();
  } finally {
    closeSync(opened.fd);
  }
}

/** Why the listed files `paths` are not used: the first that is another user's, judged on the file opened. */
export function listedFailure(paths: readonly string[], of: OwnedFiles): StorageFailure | undefined {
  for (const path of paths) {
    const judged = readOwnFile<null, never>(path, of, ok(null), () => ok(null));
    if (!judged.ok) return judged.error;
  }
  return undefined;
}
