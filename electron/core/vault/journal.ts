/**
 * The check journal: checks appended to `profiles.journal` (JSON lines) instead of rewriting the whole store for
 * every batch of a recheck. Its first line names its generation; a full write of the store records the generation
 * it absorbed, so a journal left behind by a crash between that write and the journal's removal is never applied
 * twice. A last line cut short by a crash is ignored (its append never finished); any other bad line makes the
 * journal unreadable, reported like a corrupt store, as is a check that breaks the store's rules (store-doc.ts).
 */
import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { checkCheck, DocProblem, type CheckRecord } from './store-doc.js';
import { checkOwner, openOwnFile } from './store-owner.js';

export const JOURNAL_FILE = 'profiles.journal';

export interface JournalEntry {
  readonly id: string;
  readonly check: CheckRecord;
}

export interface Journal {
  readonly generation: string;
  readonly entries: readonly JournalEntry[];
  readonly bytes: number;
}

/** A journal that cannot be read; names the line. */
export class JournalProblem extends Error {
  /** `fieldNamed`: the message names the field of the line that is wrong. */
  constructor(
    message: string,
    readonly fieldNamed = false,
  ) {
    super(message);
  }
}

/**
 * Reads the journal; undefined when there is none, or when it is a symbolic link: keyscope never makes one, and what a
 * link names is not this store's (another user's file, whose "checks" would be applied). The next write removes it.
 * Throws JournalProblem, a StoreError for another user's journal or link (store-owner.ts), or the read's own error.
 */
export function readJournal(path: string): Journal | undefined {
  let text: string;
  try {
    // Another user's journal, or their link, is refused (their "checks" would be applied; in a sticky folder such as
    // /tmp the link could not be removed after the fold); this user's own link is not followed (ELOOP).
    const { fd } = openOwnFile(path, true);
    try {
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ELOOP') return undefined;
    throw e;
  }
  const lines = text.split('\n');
  const complete = lines.slice(0, -1); // after the last newline: '' or an append cut short, dropped
  const header = parseLine(complete[0], 1) as { generation?: unknown } | undefined;
  if (!header || typeof header.generation !== 'string') {
    if (complete.length === 0) return undefined; // the header itself was cut short: nothing was appended after it
    throw new JournalProblem(`${JOURNAL_FILE} line 1 is not a journal header`);
  }
  const entries = complete.slice(1).map((line, i) => {
    const e = parseLine(line, i + 2) as Partial<JournalEntry>;
    if (typeof e?.id !== 'string' || typeof e.check !== 'object' || e.check === null) throw new JournalProblem(`${JOURNAL_FILE} line ${i + 2} is not a check`);
    // Held to the store's own rules: a check applied as it stood would reach the views, and the next write the store.
    try {
      checkCheck(e.check, 'check');
    } catch (problem) {
      if (problem instanceof DocProblem) throw new JournalProblem(`${JOURNAL_FILE} line ${i + 2}: ${problem.message}`, true);
      throw problem;
    }
    return e as JournalEntry;
  });
  return { generation: header.generation, entries, bytes: Buffer.byteLength(text) };
}

function parseLine(line: string | undefined, n: number): unknown {
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    throw new JournalProblem(`${JOURNAL_FILE} line ${n} is not JSON`);
  }
}

/** Appends checks (creating the journal with a new generation if needed), flushed to disk before returning. */
export function appendJournal(path: string, entries: readonly JournalEntry[]): void {
  // Never through a link (ELOOP): the store folds a linked journal in instead (profiles.ts), and one made after it looked is refused.
  const fd = openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0), 0o600);
  let size = 0;
  let st: Stats;
  try {
    st = fstatSync(fd);
    // One another user made after the store's read looked: this user's checks would go into their file. Left as it is.
    checkOwner(path, st);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  try {
    size = st.size;
    if (size > 0 && !endsWithNewline(fd, size)) {
      // A crash left a torn last line: cut it, or the next line would be glued to it. (Only then is the file read.)
      const bytes = readFileSync(fd); // through the descriptor judged above, never the name again
      size = bytes.lastIndexOf(0x0a) + 1;
      ftruncateSync(fd, size);
    }
    const header = size === 0 ? `${JSON.stringify({ generation: randomUUID() })}\n` : '';
    const data = Buffer.from(header + entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
  } catch (e) {
    try {
      // All of this append or none of it. A journal this append began (under the store's lock, so no one else's) is
      // removed rather than left empty.
      if (size === 0) unlinkSync(path);
      else ftruncateSync(fd, size);
    } catch {
      // readJournal drops a torn last line anyway
    }
    throw e;
  } finally {
    closeSync(fd);
  }
}

function endsWithNewline(fd: number, size: number): boolean {
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

/** Removes the journal once a full write of the store has absorbed it. */
export function removeJournal(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
