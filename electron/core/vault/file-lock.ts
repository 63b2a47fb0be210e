/**
 * A lock shared by every keyscope process (the app and the CLI may write at once), safe when holders crash.
 *
 * The lock is a folder `lockPath` holding exactly one empty owner file named `<pid>.<host>.<token>`. It is taken by
 * renaming a staging folder that already holds the owner file onto `lockPath`: rename(2) replaces an absent or empty
 * folder and fails on a non-empty one, so the lock appears whole or not at all, and a lock that cannot be created
 * (full disk, read-only folder) leaves nothing behind. It is given back, or broken when its owner is dead, by
 * unlinking that owner file: the name is unique, so the unlink succeeds only while that very owner holds the lock,
 * and a waiter that judged an old owner dead can never remove a newer owner's lock. "stat, judge stale, remove"
 * schemes cannot promise that (proper-lockfile 4.1.2 neither: moxystudio/node-proper-lockfile#121, so it is not
 * used). The folder, empty once its owner file is gone, is then removed with rmdir, which fails harmlessly if
 * someone took the lock meanwhile.
 *
 * A holder keeps its owner file fresh (its time touched every third of the stale time), so a long section is not
 * taken for a dead holder's: withLock from a timer, withLockSync from a thread of its own (the keeper below) when asked to
 * (keepFresh), as its section blocks the main thread (a large store read, a slow disk's fsync). A holder that could not keep it fresh
 * (stopped, suspended) and whose lock was broken finds out before it changes anything: LockHold.keep fails.
 */
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, unlinkSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { errorCode, FileIoError, STALE_TEMP_MS, sweepTempFiles, tempPathFor } from './file-io.js';

export interface LockOptions {
  /** How long to wait for another holder before giving up with LockTimeout (default 10 s). */
  readonly timeoutMs?: number;
  /** An owner this old is taken to be dead even if its pid looks alive (pid reused, another machine). Default 30 s. */
  readonly staleMs?: number;
  /**
   * withLockSync: have the keeper thread keep the lock fresh while the section runs, for a section that may block
   * the main thread for long (a large store's write). Starting the thread costs a process about 7 ms, so a short
   * section goes without: if it ever outlives the stale time, LockHold.keep still stops its write. Default false.
   */
  readonly keepFresh?: boolean;
}

/** The lock stayed held by a live process for the whole wait. */
export class LockTimeout extends Error {
  constructor(
    readonly holder: string,
    readonly path: string,
  ) {
    super(`${path} is locked by ${holder}`);
    this.name = 'LockTimeout';
  }
}

/**
 * A lock judged dead (its owner ended, or silent past the stale time) that this process may not remove: another
 * user's keyscope left it (`sudo keyscope` on this folder, killed). Waiting would not end it.
 */
export class LockLeft extends FileIoError {
  readonly hint: string;
  constructor(code: string, path: string, readonly uid: number | undefined) {
    super('lock', code, dirname(path), path);
    this.hint = `Remove it as that user, or with \`sudo rm -r ${path}\`, then try again (a keyscope run with sudo on this folder leaves files only root may change).`;
    this.message = `${path} was left by ${uid === undefined ? "another user's keyscope" : `another user (uid ${uid})`}, whose keyscope ended or stopped, and this keyscope may not remove it (${code}). Nothing was changed.`;
    this.name = 'LockLeft';
  }
}

/**
 * The lock a section held was broken meanwhile: another process took it for an abandoned one (its owner file not
 * touched for the stale time: this process stopped or suspended, or kept from touching it). Thrown by LockHold.keep,
 * before the section changes anything.
 */
export class LockLost extends FileIoError {
  readonly hint = 'Try again: what this keyscope was saving was not saved. If it happens again, the disk that holds KEYSCOPE_HOME may be failing or very slow.';
  constructor(path: string) {
    super('lock', 'ENOENT', dirname(path), path);
    this.message = `another keyscope took its lock (${path}) for an abandoned one while this one held it (this keyscope could not keep it fresh: it was stopped or suspended, or the machine or its disk very slow), and may have written meanwhile. Nothing was changed.`;
    this.name = 'LockLost';
  }
}

/** What a section run under withLockSync may ask of the lock it holds. */
export interface LockHold {
  /**
   * Touches the owner file, so the lock is fresh for the stale time to come; throws LockLost if it is no longer this
   * section's (broken meanwhile). Call it right before a write that must not land unless the lock is still held.
   */
  keep(): void;
}

/** A file system that refuses to set a file's times (not the file's absence): the owner file may still be there. */
const SETS_NO_TIMES = new Set(['EPERM', 'ENOTSUP', 'EROFS']);

function holdOf(lockPath: string, owner: string): LockHold {
  return {
    keep() {
      try {
        utimesSync(owner, new Date(), new Date());
      } catch (e) {
        // Held only while the owner file is seen there. Any other failure may be a lock taken meanwhile: EACCES is
        // another user's (sudo keyscope broke this one and took it, in a folder of its own this user may not search).
        if (!SETS_NO_TIMES.has(errorCode(e)) || !ownerThere(owner)) throw new LockLost(lockPath);
      }
    },
  };
}

function ownerThere(owner: string): boolean {
  try {
    return lstatSync(owner).isFile();
  } catch {
    return false;
  }
}

/**
 * The keeper: a thread that touches the owner file of the lock withLockSync holds every third of the stale time while
 * the section runs, the main thread being busy in it. One a process, started at its first lock, never keeping the
 * process alive (unref). Shared memory: [0] a count, odd while a lock is held; [1] the owner path's length in bytes;
 * [2] the interval (ms); the path from byte 16, written only while the count is even.
 */
const KEEPER = `
const { workerData } = require('node:worker_threads');
const { utimesSync } = require('node:fs');
const state = new Int32Array(workerData, 0, 4);
const path = new Uint8Array(workerData, 16);
for (;;) {
  const count = Atomics.load(state, 0);
  let wait = 60000;
  if (count % 2 === 1) {
    const owner = Buffer.from(path.subarray(0, Atomics.load(state, 1))).toString();
    wait = Atomics.load(state, 2);
    try {
      if (Atomics.load(state, 0) === count) utimesSync(owner, new Date(), new Date());
    } catch {}
  }
  Atomics.wait(state, 0, count, wait);
}`;
const KEEPER_PATH_BYTES = 4096;
/** The keeper's shared memory once started; null once it could not start, or ended (never tried again). */
let keeper: { readonly state: Int32Array; readonly path: Uint8Array } | null | undefined;

function startKeeper(): typeof keeper {
  try {
    const shared = new SharedArrayBuffer(16 + KEEPER_PATH_BYTES);
    const { Worker } = process.getBuiltinModule('node:worker_threads'); // loaded at the first lock only
    const worker = new Worker(KEEPER, { eval: true, workerData: shared });
    // A thread that could not start (or ended) keeps nothing fresh: sections then rely on keep() alone. Never a crash.
    worker.on('error', () => (keeper = null));
    worker.unref();
    return { state: new Int32Array(shared, 0, 4), path: new Uint8Array(shared, 16) };
  } catch {
    return null; // no thread to be had: a section then keeps its lock only through keep()
  }
}

/** Has the keeper keep `owner` fresh until the returned function is called; undefined when it cannot (a section inside another's). */
function keptFresh(owner: string, staleMs: number): (() => void) | undefined {
  if (keeper === undefined) keeper = startKeeper();
  const bytes = Buffer.from(owner);
  if (!keeper || Atomics.load(keeper.state, 0) % 2 === 1 || bytes.length > KEEPER_PATH_BYTES) return undefined;
  const { state, path } = keeper;
  path.set(bytes);
  Atomics.store(state, 1, bytes.length);
  Atomics.store(state, 2, Math.max(1, Math.floor(staleMs / 3)));
  Atomics.add(state, 0, 1);
  Atomics.notify(state, 0);
  return () => {
    Atomics.add(state, 0, 1);
    Atomics.notify(state, 0);
  };
}

const REFUSED = new Set(['EACCES', 'EPERM']);

/**
 * Removes a dead lock's `path` (its owner file, or an older keyscope's lock file); throws LockLeft, naming `uid` (the
 * lock's owner, from the lstat that judged it dead), if it may not.
 */
function breakDead(lockPath: string, path: string, uid: number): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if (REFUSED.has(errorCode(e))) throw new LockLeft(errorCode(e), lockPath, uid);
    // already gone: taken and given back by someone else meanwhile
  }
}

// Pids mean something on this machine only: a shared folder may be locked from another one.
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
const OWNER = /^(\d+)\.([0-9a-f]{8})\.[0-9a-f]{12}$/;
// rename(2) onto a held lock: ENOTEMPTY/EEXIST (a folder), ENOTDIR (a lock file of keyscope before 0.2), EPERM/EACCES
// (Windows cannot rename onto an existing folder).
const CONTENDED = new Set(['ENOTEMPTY', 'EEXIST', 'ENOTDIR', 'EISDIR', 'EPERM', 'EACCES']);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === 'EPERM';
  }
}

function quietly(op: () => void): void {
  try {
    op();
  } catch {
    // already gone, or taken by someone else: both are fine here
  }
}

/** The holder's description if the lock is held by a live owner; undefined if it was free or has just been broken. */
function inspect(lockPath: string, staleMs: number): string | undefined {
  let st;
  try {
    st = lstatSync(lockPath);
  } catch {
    return undefined;
  }
  if (!st.isDirectory()) {
    // A lock file written by an older keyscope: {pid, at}, or empty when its write failed on a full disk.
    let pid: unknown;
    quietly(() => (pid = (JSON.parse(readFileSync(lockPath, 'utf8')) as { pid?: unknown }).pid));
    if (typeof pid === 'number' && alive(pid) && Date.now() - st.mtimeMs <= staleMs) return `process ${pid}`;
    breakDead(lockPath, lockPath, st.uid); // unlink never removes a folder, so never a lock of the current kind
    return undefined;
  }
  let names: string[] = [];
  try {
    names = readdirSync(lockPath);
  } catch (e) {
    // Another user's lock folder, owner-only: its owner file cannot be seen, only the folder's age judged.
    if (REFUSED.has(errorCode(e))) {
      if (Date.now() - st.mtimeMs > staleMs) throw new LockLeft(errorCode(e), lockPath, st.uid);
      return "another user's keyscope process";
    }
  }
  const name = names[0];
  if (name === undefined) {
    quietly(() => rmdirSync(lockPath)); // left empty by a release cut short; rmdir spares a lock taken meanwhile
    return undefined;
  }
  const owner = join(lockPath, name);
  let age = 0;
  try {
    age = Date.now() - lstatSync(owner).mtimeMs;
  } catch {
    return undefined;
  }
  const m = OWNER.exec(name);
  const local = m?.[2] === HOST;
  if ((m && local && !alive(Number(m[1]))) || age > staleMs) {
    breakDead(lockPath, owner, st.uid);
    quietly(() => rmdirSync(lockPath));
    return undefined;
  }
  if (!m) return 'another keyscope process';
  return local ? `process ${m[1]}` : `process ${m[1]} on another machine`;
}

type Attempt = { readonly owner: string } | { readonly holder: string | undefined };

/** One try: the owner file's path when taken, else who holds it. Throws FileIoError if the lock cannot be made. */
function attempt(lockPath: string, staleMs: number): Attempt {
  const folder = dirname(lockPath);
  const stage = tempPathFor(lockPath);
  const name = `${process.pid}.${HOST}.${randomBytes(6).toString('hex')}`;
  try {
    mkdirSync(stage, 0o700);
  } catch (e) {
    throw new FileIoError('lock', errorCode(e), folder, lockPath);
  }
  let step = 'create';
  try {
    closeSync(openSync(join(stage, name), 'wx', 0o600));
    step = 'rename';
    renameSync(stage, lockPath);
  } catch (e) {
    quietly(() => unlinkSync(join(stage, name)));
    quietly(() => rmdirSync(stage));
    if (step === 'create' || !CONTENDED.has(errorCode(e))) throw new FileIoError('lock', errorCode(e), folder, lockPath);
    return { holder: inspect(lockPath, staleMs) };
  }
  // Staging folders of processes killed between mkdir and rename.
  sweepTempFiles(folder, lockPath, STALE_TEMP_MS);
  return { owner: join(lockPath, name) };
}

function release(owner: string): void {
  quietly(() => unlinkSync(owner));
  quietly(() => rmdirSync(dirname(owner)));
}

function pause(holder: string | undefined): number {
  // Right after breaking a dead lock, try again at once; behind a live holder, back off a little, at random.
  return holder === undefined ? 1 : 5 + Math.floor(Math.random() * 20);
}

function settings(options: LockOptions): { deadline: number; staleMs: number } {
  return { deadline: Date.now() + (options.timeoutMs ?? 10_000), staleMs: options.staleMs ?? 30_000 };
}

/**
 * Runs `fn` holding the lock at `lockPath` (a folder; its parent must exist), kept fresh by the keeper meanwhile
 * when `options.keepFresh`.
 * Synchronous on purpose: the critical section is a read, a change and a rename; `fn` calls `hold.keep()` right before
 * its rename. Throws LockTimeout, or FileIoError (op 'lock') if it cannot be created.
 */
export function withLockSync<T>(lockPath: string, fn: (hold: LockHold) => T, options: LockOptions = {}): T {
  const { deadline, staleMs } = settings(options);
  for (;;) {
    const a = attempt(lockPath, staleMs);
    if ('owner' in a) {
      const done = options.keepFresh ? keptFresh(a.owner, staleMs) : undefined;
      try {
        return fn(holdOf(lockPath, a.owner));
      } finally {
        done?.();
        release(a.owner);
      }
    }
    if (Date.now() > deadline) throw new LockTimeout(a.holder ?? 'another keyscope process', lockPath);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause(a.holder));
  }
}

/** As withLockSync, for an async `fn`; while it runs the owner file is kept fresh so it is never judged stale. */
export async function withLock<T>(lockPath: string, fn: () => Promise<T> | T, options: LockOptions = {}): Promise<T> {
  const { deadline, staleMs } = settings(options);
  for (;;) {
    const a = attempt(lockPath, staleMs);
    if ('owner' in a) {
      const touch = setInterval(() => quietly(() => utimesSync(a.owner, new Date(), new Date())), Math.max(1_000, staleMs / 3));
      touch.unref();
      try {
        return await fn();
      } finally {
        clearInterval(touch);
        release(a.owner);
      }
    }
    if (Date.now() > deadline) throw new LockTimeout(a.holder ?? 'another keyscope process', lockPath);
    await new Promise((resolve) => setTimeout(resolve, pause(a.holder)));
  }
}
