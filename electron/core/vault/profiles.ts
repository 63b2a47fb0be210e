/**
 * Profile metadata: everything about a saved credential except its secret, in KEYSCOPE_HOME/profiles.json, compact
 * JSON, each check stored once. Versioned, migrated on read, written atomically under a lock shared by every
 * keyscope process; rechecks append their results to a journal (journal.ts) that the next full write absorbs. A
 * file that cannot be read is reported, never replaced, until the user asks (`profiles doctor --repair`).
 * About 215 lines, one class on purpose: reading, the journal and writing share the lock and the parsed-document
 * cache; the document (store-doc.ts), the journal file (journal.ts) and the problems (store-problem.ts) are apart.
 */
import { randomUUID } from 'node:crypto';
import type { StorageFailure } from '../../../shared/failure.js';
import type { Result } from '../../../shared/result.js';
import { closeSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { LockTimeout, STALE_TEMP_MS, sweepTempFiles, withLockSync, writeFileAtomic, type LockHold } from './atomic-file.js';
import { appendJournal, JOURNAL_FILE, JournalProblem, readJournal, removeJournal, type JournalEntry } from './journal.js';
import { withCheck } from './check-record.js';
import { SCHEMA_VERSION, type CheckRecord, type ProfileMeta, type StoreDoc } from './store-doc.js';
import { checkFolder, checkLock, openOwnFile } from './store-owner.js';
import { attempt, ioError, parseStoreText, StoreError } from './store-problem.js';

export { NAME_PATTERN, SCHEMA_VERSION, type CheckRecord, type ProfileMeta, type StoreDoc } from './store-doc.js';
export { storageFailure, type StoreProblem } from './store-problem.js';
export { checkRecord, currentChecks, HISTORY_LIMIT, historyOfReplacedKey, isEarlierKeyCheck, isOwnLastUse, lastCheckOf, lastDecidedOf, undecidedRecord, withCheck } from './check-record.js';
export const STORE_FILE = 'profiles.json';
/** The store's id, beside it: keychain entries name it, so each store acts only on its own (see secret-store.ts). */
export const STORE_ID_FILE = 'store-id';
/** The journal is folded into the store once it is this big, or half the store's size if that is more. */
const JOURNAL_FOLD_BYTES = 1 << 20;

/**
 * A store this large has its lock kept fresh by a thread while it is written (file-lock.ts: keepFresh): its write
 * is what may outlast the stale time on a slow disk. A smaller one's write is not worth the thread's 7 ms; one that
 * outlasts the stale time anyway (a disk that stalls) writes nothing and says so.
 */
export const KEEP_FRESH_FROM_BYTES = 1 << 20;

/** The metadata store in one folder. */
export class ProfileStore {
  readonly file: string;
  readonly journal: string;
  private readonly lock: string;
  private cache: { readonly key: string; readonly doc: StoreDoc & { readonly absorbed?: string } } | undefined;

  /**
   * `lockTimeoutMs`: how long a write waits for another keyscope's; `lockStaleMs` (tests): after how long a lock not
   * kept fresh counts as a dead holder's (file-lock.ts).
   */
  constructor(
    readonly dir: string,
    private readonly lockTimeoutMs = 10_000,
    private readonly lockStaleMs?: number,
  ) {
    this.file = join(dir, STORE_FILE);
    this.journal = join(dir, JOURNAL_FILE);
    this.lock = join(dir, `${STORE_FILE}.lock`);
  }

  /** Reads the store with its journal applied; an absent file is an empty store. */
  read(): Result<StoreDoc, StorageFailure> {
    return attempt(() => this.readWithJournal().doc);
  }

  /** Reads, changes and writes the whole store under the lock (absorbing the journal). */
  update<T>(change: (doc: StoreDoc) => { doc: StoreDoc; value: T }): Result<T, StorageFailure> {
    return attempt(() => this.locked((hold) => {
      const { doc, generation } = this.readWithJournal();
      const next = change(doc);
      this.write(next.doc, generation, hold);
      return next.value;
    }));
  }

  /** Remembers checks by appending them to the journal; returns the profiles as they now are (removed ones left out). */
  appendChecks(checks: ReadonlyArray<{ readonly id: string; readonly record: CheckRecord }>): Result<Map<string, ProfileMeta>, StorageFailure> {
    return attempt(() => this.locked((hold) => {
      const { doc, generation, journalBytes, stale } = this.readWithJournal();
      hold.keep(); // a large store's read may be long: the journal is not touched under a lock taken meanwhile
      if (stale) this.io(this.journal, () => removeJournal(this.journal)); // never append to an absorbed journal
      const byId = new Map(doc.profiles.map((p) => [p.id, p]));
      const updated = new Map<string, ProfileMeta>();
      const entries: JournalEntry[] = [];
      for (const { id, record } of checks) {
        const p = updated.get(id) ?? byId.get(id);
        if (!p) continue; // removed meanwhile
        updated.set(id, withCheck(p, record));
        entries.push({ id, check: record });
      }
      if (entries.length === 0) return updated;
      // keyscope never makes the journal a link: one there (another user's, with a shared KEYSCOPE_HOME) would aim the
      // append, and its cut of a torn last line, at the file it names. What it held is folded in and the link removed.
      const linked = !stale && this.isLink(this.journal);
      const fold = linked || (!stale && journalBytes > Math.max(JOURNAL_FOLD_BYTES, this.size() / 2));
      if (fold) this.write({ ...doc, profiles: doc.profiles.map((p) => updated.get(p.id) ?? p) }, generation, hold);
      else this.io(this.journal, () => appendJournal(this.journal, entries));
      if (linked) this.io(this.journal, () => removeJournal(this.journal));
      return updated;
    }));
  }

  /** This store's id, made on first use and kept beside it (it outlives a lost profiles.json). */
  storeId(): Result<string, StorageFailure> {
    const path = join(this.dir, STORE_ID_FILE);
    return attempt(() => {
      checkFolder(this.dir);
      const existing = this.readId(path);
      if (existing) return existing;
      return this.locked((hold) => {
        const again = this.readId(path);
        if (again) return again;
        const id = randomUUID();
        this.io(path, () => writeFileAtomic(path, `${id}\n`, () => hold.keep()));
        return id;
      });
    });
  }

  /** Moves an unreadable store (and its journal) aside and starts an empty one; returns where the old file went. */
  keepAside(): Result<string | undefined, StorageFailure> {
    return attempt(() => this.locked((hold) => {
      checkFolder(this.dir);
      if (!existsSync(this.file) && !existsSync(this.journal)) return undefined;
      hold.keep();
      const aside = join(this.dir, `${STORE_FILE}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      this.io(this.file, () => {
        // The journal first, and back if the store cannot follow it: a failure changes nothing, as it says.
        const journalAside = `${aside}.journal`;
        const journalMoved = existsSync(this.journal);
        if (journalMoved) renameSync(this.journal, journalAside);
        try {
          if (existsSync(this.file)) renameSync(this.file, aside);
        } catch (e) {
          if (journalMoved) renameSync(journalAside, this.journal); // the rename just made, undone in the same folder
          throw e;
        }
      });
      return aside;
    }));
  }

  /** Files kept aside by earlier repairs. */
  keptAside(): string[] {
    try {
      return readdirSync(this.dir)
        .filter((f) => f.startsWith(`${STORE_FILE}.corrupt-`) && !f.endsWith('.journal'))
        .map((f) => join(this.dir, f));
    } catch {
      return [];
    }
  }

  private readWithJournal(): { doc: StoreDoc; generation?: string; journalBytes: number; stale?: boolean } {
    checkFolder(this.dir);
    for (let attempt = 0; ; attempt += 1) {
      const before = this.loadJournal();
      const doc = this.loadDoc();
      const journal = this.loadJournal();
      // A writer folded the journal between the two reads: read again (rare; never under the lock).
      if (before?.generation !== journal?.generation && attempt < 3) continue;
      if (!journal) return { doc: strip(doc), journalBytes: 0 };
      if (journal.generation === doc.absorbed) {
        // Left behind by a crash after the write that absorbed it: already in the store; the next write removes it.
        return { doc: strip(doc), generation: journal.generation, journalBytes: journal.bytes, stale: true };
      }
      const byId = new Map(doc.profiles.map((p) => [p.id, p]));
      for (const { id, check } of journal.entries) {
        const p = byId.get(id);
        if (p) byId.set(id, withCheck(p, check));
      }
      return { doc: { schemaVersion: doc.schemaVersion, profiles: doc.profiles.map((p) => byId.get(p.id) ?? p) }, generation: journal.generation, journalBytes: journal.bytes };
    }
  }

  private loadDoc(): StoreDoc & { readonly absorbed?: string } {
    try {
      // Every write replaces the file (a new inode), so the same inode, size and time mean the same document:
      // a long recheck does not parse a large store again for each batch it records.
      return this.withOwnFile(this.file, (fd, st) => {
        const key = `${st.ino}:${st.size}:${st.mtimeMs}`;
        if (this.cache?.key === key) return this.cache.doc;
        const doc = parseStoreText(readFileSync(fd, 'utf8'), this.file);
        this.cache = { key, doc };
        return doc;
      });
    } catch (e) {
      if (e instanceof StoreError) throw e;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { schemaVersion: SCHEMA_VERSION, profiles: [] };
      throw ioError(this.dir, this.file, e, 'read');
    }
  }

  private loadJournal() {
    try {
      return readJournal(this.journal);
    } catch (e) {
      if (e instanceof StoreError) throw e; // another user's (store-owner.ts)
      if (e instanceof JournalProblem) throw new StoreError({ kind: 'corrupt', file: this.journal, reason: e.message, fieldNamed: e.fieldNamed });
      throw ioError(this.dir, this.journal, e, 'read');
    }
  }

  /** Writes the store; `hold`'s lock is checked to be still this writer's right before the new file replaces the old. */
  private write(doc: StoreDoc, absorbed: string | undefined, hold: LockHold): void {
    const text = JSON.stringify({ schemaVersion: SCHEMA_VERSION, ...(absorbed ? { absorbedJournal: absorbed } : {}), profiles: doc.profiles });
    this.io(this.file, () => writeFileAtomic(this.file, `${text}\n`, () => hold.keep()));
    if (absorbed) this.io(this.journal, () => removeJournal(this.journal));
    sweepTempFiles(this.dir, this.file, STALE_TEMP_MS); // what killed writers left, and only keyscope's own
  }

  private isLink(path: string): boolean {
    try {
      return lstatSync(path).isSymbolicLink();
    } catch {
      return false;
    }
  }

  private size(): number {
    try {
      return statSync(this.file).size;
    } catch {
      return 0;
    }
  }

  /** The id in `path`; undefined if there is none yet. One that is not as keyscope writes it is refused, never replaced: entries name it. */
  private readId(path: string): string | undefined {
    let id: string;
    try {
      id = this.withOwnFile(path, (fd) => readFileSync(fd, 'utf8')).trim();
    } catch (e) {
      if (e instanceof StoreError) throw e;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw ioError(this.dir, path, e, 'read');
    }
    if (/^[0-9a-f-]{36}$/.test(id)) return id;
    const detail = `${path} does not hold a store id as keyscope writes it (one line: 36 characters of 0-9, a-f and -). Nothing was changed.`;
    const hint = "Put back the id it held (each of this store's keychain entries names it), or remove the file: keyscope then makes a new id, and leaves the entries that name the old one alone, as another store's.";
    throw new StoreError({ kind: 'io', file: path, code: 'EINVAL', op: 'read', detail, hint });
  }

  /** Opens the store's file at `path` for `use` once its owner is judged (store-owner.ts) on the file opened, not on a path another could swap. */
  private withOwnFile<T>(path: string, use: (fd: number, st: Stats) => T): T {
    const { fd, st } = openOwnFile(path);
    try {
      return use(fd, st);
    } finally {
      closeSync(fd);
    }
  }

  private io<T>(file: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof StoreError) throw e;
      throw ioError(this.dir, file, e);
    }
  }

  private locked<T>(fn: (hold: LockHold) => T): T {
    this.io(this.dir, () => mkdirSync(this.dir, { recursive: true, mode: 0o700 }));
    checkLock(this.lock);
    try {
      const keepFresh = this.size() >= KEEP_FRESH_FROM_BYTES;
      return withLockSync(this.lock, fn, { timeoutMs: this.lockTimeoutMs, keepFresh, ...(this.lockStaleMs === undefined ? {} : { staleMs: this.lockStaleMs }) });
    } catch (e) {
      if (e instanceof LockTimeout) throw new StoreError({ kind: 'locked', holder: e.holder });
      if (e instanceof StoreError) throw e;
      throw ioError(this.dir, this.lock, e);
    }
  }
}

function strip(doc: StoreDoc & { readonly absorbed?: string }): StoreDoc {
  return { schemaVersion: doc.schemaVersion, profiles: doc.profiles };
}
