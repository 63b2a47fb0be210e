/**
 * Whose store it is. In a folder others may write into (KEYSCOPE_HOME=/tmp), another user could make profiles.json,
 * store-id or profiles.journal before the owner does: keyscope would show the profiles and checks they wrote ("valid"
 * for a key never checked), name the owner's keychain entries with a store id they chose, and append the owner's
 * check results (account, ARN, user name) to a file they may read. As ssh does with its files, a store is used only
 * when its folder and files are its user's or root's, in a folder not every user may write unless it is sticky
 * (/tmp's mode). Root (`sudo keyscope` on a user's store) may use anyone's. Nothing is changed or removed: it refuses.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { kindOf } from '../aws/read-bounded.js';
import { StoreError } from './store-problem.js';

const ELSEWHERE = 'set KEYSCOPE_HOME to a folder only you can write (keyscope makes one that does not exist yet; unset, it is ~/.config/keyscope)';

/** This process's user id; undefined for root, whom no owner is kept from, and where there are none (Windows). */
function userId(): number | undefined {
  const uid = process.getuid?.();
  return uid === 0 ? undefined : uid;
}

/** The uid of another user (not root) who owns `st`, with this user's; undefined when it is this user's or root's, or this user is root. */
function otherOwner(st: Stats): { owner: number; uid: number } | undefined {
  const uid = userId();
  return uid === undefined || st.uid === uid || st.uid === 0 ? undefined : { owner: st.uid, uid };
}

/** What a refusal says: whose files are at stake, and what keyscope would do with another user's. */
export interface OwnedFiles {
  /** "the store's files" */
  readonly files: string;
  /** "keyscope would use the profiles, checks or store id they wrote, or add your checks to their file" */
  readonly misuse: string;
  /** What the user keeps elsewhere: "store" */
  readonly kept: string;
}

const STORE_FILES: OwnedFiles = { files: "the store's files", misuse: 'keyscope would use the profiles, checks or store id they wrote, or add your checks to their file', kept: 'store' };

/** Why a file or folder is not used: the sentence and what to do; nothing was changed. */
export interface OwnerRefusal {
  readonly file: string;
  readonly detail: string;
  readonly hint: string;
}

/** Why `st`, the file at `path` as it was opened, is not used: another user's, not this user's or root's. */
function ownerRefusal(path: string, st: Stats, of: OwnedFiles = STORE_FILES): OwnerRefusal | undefined {
  const other = otherOwner(st);
  if (!other) return undefined;
  const { owner, uid } = other;
  return {
    file: path,
    detail: `${path} belongs to another user (uid ${owner}), not to you (uid ${uid}): ${of.misuse}. Nothing was changed.`,
    hint: `If it is yours from another account, make it this one's (sudo chown ${uid} ${path}); if not, ${ELSEWHERE}.`,
  };
}

/**
 * Why the folder `dir` is not used: another user could replace or remove the files in it, or, from a folder above it,
 * move it away and put their own in its place (judged up to the root, as ssh judges the folders above its files). One
 * not made yet is keyscope's to make (owner-only).
 */
export function folderRefusal(dir: string, of: OwnedFiles = STORE_FILES): OwnerRefusal | undefined {
  if (process.platform === 'win32') return undefined; // no owners or mode bits here; the folder lies in the user's own profile
  const own = oneFolderRefusal(dir, of.files, of);
  if (own) return own;
  // From its real path, as ssh walks: a link's own folders are not what another user could move the store out of.
  for (let above = dirname(realPath(dir)); ; above = dirname(above)) {
    const refused = oneFolderRefusal(above, `the folder holding ${of.files}`, of);
    if (refused || above === dirname(above)) return refused;
  }
}

/** `dir` with every link resolved where it exists; as given (made absolute) where it does not yet. */
function realPath(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
}

/**
 * Why `home`/`sub` is not used: as folderRefusal of it, the folders above it walked once (from `home`), not again for
 * `sub` (unless `sub` is a link that leads elsewhere, whose own folders are walked then).
 */
export function subfolderRefusal(home: string, sub: string, of: OwnedFiles = STORE_FILES): OwnerRefusal | undefined {
  const inner = join(home, sub);
  if (dirname(realPath(inner)) !== realPath(home)) return folderRefusal(home, of) ?? folderRefusal(inner, of);
  return folderRefusal(home, of) ?? (process.platform === 'win32' ? undefined : oneFolderRefusal(inner, of.files, of));
}

function oneFolderRefusal(dir: string, what: string, of: OwnedFiles): OwnerRefusal | undefined {
  let st: Stats | undefined;
  try {
    st = statSync(dir, { throwIfNoEntry: false });
  } catch {
    return undefined; // a file above it, or a folder keyscope may not search: the read or write that follows says so
  }
  if (!st?.isDirectory()) return undefined;
  if ((st.mode & 0o1002) === 0o002) {
    const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
    return {
      file: dir,
      detail: `${dir} can be written by every user (mode ${mode}) and is not sticky: any of them could replace or remove ${what}. Nothing was changed.`,
      hint: `Make it yours alone (chmod 700 ${dir}) or sticky as /tmp is (chmod +t ${dir}), or ${ELSEWHERE}.`,
    };
  }
  const other = otherOwner(st);
  if (!other) return undefined;
  const { owner, uid } = other;
  return {
    file: dir,
    detail: `${dir} belongs to another user (uid ${owner}), not to you (uid ${uid}): they could replace or remove ${what} in it. Nothing was changed.`,
    hint: `Keep your ${of.kept} in a folder of your own: ${ELSEWHERE}.`,
  };
}

const refusalError = (refusal: OwnerRefusal, op: 'read' | 'lock' = 'read'): StoreError =>
  new StoreError({ kind: 'io', file: refusal.file, code: 'EPERM', op, detail: refusal.detail, hint: refusal.hint });

function refuse(refusal: OwnerRefusal | undefined): void {
  if (refusal) throw refusalError(refusal);
}

/** Throws when `st`, the store's file at `path` as it was opened, is neither this user's nor root's. */
export function checkOwner(path: string, st: Stats): void {
  refuse(ownerRefusal(path, st));
}

// Never waits on a FIFO another user left in a file's place (a blocking open hung keyscope, and keyscope ui with it).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Opens the file at `path` to read, judged before anything is read: a link in its place on the link's owner (another
 * user's link is refused, wherever it points), then the file opened (fstat). A link is followed only when it was
 * there, and this user's or root's, at the look (`noFollow`: never); one made after it is not followed (ELOOP), and is
 * refused if another user's. Returns the descriptor (the caller closes it) and its stats, or why it is refused (the
 * descriptor then closed); throws the open's own error (ENOENT when there is none).
 */
export function openJudged(path: string, of: OwnedFiles = STORE_FILES, noFollow = false): { readonly fd: number; readonly st: Stats } | { readonly refused: OwnerRefusal } {
  const link = lstatSync(path, { throwIfNoEntry: false });
  const linkRefused = link?.isSymbolicLink() ? ownerRefusal(path, link, of) : undefined;
  if (linkRefused) return { refused: linkRefused };
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS | (link?.isSymbolicLink() && !noFollow ? 0 : NO_FOLLOW));
  } catch (e) {
    const now = (e as NodeJS.ErrnoException).code === 'ELOOP' ? lstatSync(path, { throwIfNoEntry: false }) : undefined;
    const refused = now?.isSymbolicLink() ? ownerRefusal(path, now, of) : undefined;
    if (refused) return { refused };
    throw e;
  }
  const st = fstatSync(fd);
  const refused = ownerRefusal(path, st, of);
  if (!refused) return { fd, st };
  closeSync(fd);
  return { refused };
}

/**
 * The store's file at `path`, opened to read by openJudged: another user's file or link, or one that is not a regular
 * file, throws StoreError; the open's own error is thrown as it is. The caller closes the descriptor.
 */
export function openOwnFile(path: string, noFollow = false): { readonly fd: number; readonly st: Stats } {
  const opened = openJudged(path, STORE_FILES, noFollow);
  if ('refused' in opened) throw refusalError(opened.refused);
  const { fd, st } = opened;
  if (!st.isFile()) {
    closeSync(fd);
    throw new StoreError({
      kind: 'io',
      file: path,
      code: 'EINVAL',
      op: 'read',
      detail: `${path} is not a regular file (${kindOf(st)}): keyscope keeps its store in files it writes itself. Nothing was changed.`,
      hint: `Move it away (mv ${path} ${path}.moved) if it is yours; if not, ${ELSEWHERE}.`,
    });
  }
  return opened;
}

/** Throws when another user could replace or remove the files in the store's folder `dir`. One not made yet is keyscope's to make (owner-only). */
export function checkFolder(dir: string): void {
  refuse(folderRefusal(dir));
}

/**
 * Why the lock folder `lock` is not waited for: it is another user's. Only this user's keyscope (or root's) writes
 * here, so it is no writer to wait for, and one who keeps it fresh would make every write wait and say "busy".
 */
export function lockRefusal(lock: string): OwnerRefusal | undefined {
  let st: Stats;
  try {
    st = lstatSync(lock);
  } catch {
    return undefined; // none: the lock is taken as always
  }
  const other = otherOwner(st);
  if (!other) return undefined;
  return {
    file: lock,
    detail: `${lock} belongs to another user (uid ${other.owner}), not to you (uid ${other.uid}): no keyscope of yours holds it, and keyscope does not wait for another user's. Nothing was changed.`,
    hint: `Remove it as that user, or with \`sudo rm -r ${lock}\`, then try again; or ${ELSEWHERE}.`,
  };
}

/** Throws when the store's lock folder `lock` is another user's (lockRefusal). */
export function checkLock(lock: string): void {
  const refused = lockRefusal(lock);
  if (refused) throw refusalError(refused, 'lock');
}
