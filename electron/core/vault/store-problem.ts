/**
 * What can go wrong with the profile store, as values: the problems, their sentences and hints, and the one place
 * where the store's internal StoreError becomes a StorageFailure. Also parsing a store file's text.
 */
import { dirname } from 'node:path';
import type { StorageFailure } from '../../../shared/failure.js';
import { assertNever, err, ok, type Result } from '../../../shared/result.js';
import { errorCode, FileIoError, LockLeft, LockLost, type FileOp } from './atomic-file.js';
import { DocProblem, readDoc, SCHEMA_VERSION, type StoreDoc } from './store-doc.js';

/** Why the store could not be used. */
export type StoreProblem =
  /** `fieldNamed`: the reason names the field that is wrong (else the file is not JSON, or a journal line not a check). */
  | { readonly kind: 'corrupt'; readonly file: string; readonly reason: string; readonly fieldNamed?: boolean }
  | { readonly kind: 'newer'; readonly file: string; readonly version: number }
  | { readonly kind: 'locked'; readonly holder: string }
  | { readonly kind: 'io'; readonly file: string; readonly code: string; readonly op?: FileOp; readonly detail?: string; readonly hint?: string };

/** Thrown inside the store only; every public method turns it into a StorageFailure value (attempt). */
export class StoreError extends Error {
  constructor(readonly problem: StoreProblem) {
    super(describeProblem(problem));
  }
}

const HINTS: Readonly<Record<StoreProblem['kind'], string>> = {
  corrupt: 'Fix the field named, or run `keyscope profiles doctor --repair`: it keeps the file aside and rebuilds the profiles from the keychain.',
  newer: 'Update keyscope to the version that wrote the file.',
  locked: 'Another keyscope is writing; try again in a moment.',
  io: "Check the folder's permissions and free space (KEYSCOPE_HOME).",
};
const READ_HINT = "Check the permissions of the store's folder (KEYSCOPE_HOME) and of the files in it.";
/** A corrupt file whose reason names no field: there is no field to fix. */
const UNREADABLE_HINT = 'Put back a copy of the file if you have one, or run `keyscope profiles doctor --repair`: it keeps the file aside and rebuilds the profiles from the keychain.';

/** A store problem as a failure value, with what to do. */
export function storageFailure(problem: StoreProblem): StorageFailure {
  const hint =
    problem.kind === 'io' && problem.hint ? problem.hint : problem.kind === 'io' && problem.op === 'read' ? READ_HINT : problem.kind === 'corrupt' && !problem.fieldNamed ? UNREADABLE_HINT : HINTS[problem.kind];
  return { kind: 'storage', category: 'service', problem: problem.kind, message: describeProblem(problem), hint, ...('file' in problem ? { file: problem.file } : {}), ...(problem.kind === 'corrupt' ? { reason: problem.reason } : {}) };
}

/** Runs a store step; a StoreError becomes its failure value, anything else is a bug and goes on up. */
export function attempt<T>(fn: () => T): Result<T, StorageFailure> {
  try {
    return ok(fn());
  } catch (e) {
    if (e instanceof StoreError) return err(storageFailure(e.problem));
    throw e;
  }
}

/** The problem in one sentence, with what to do. */
function describeProblem(p: StoreProblem): string {
  switch (p.kind) {
    case 'corrupt':
      return `The profile store ${p.file} cannot be read (${p.reason}). Nothing was changed: ${p.fieldNamed ? 'fix that field by hand' : 'it is not as keyscope writes it (cut short, or edited): put back a copy of it'}, or run \`keyscope profiles doctor --repair\` to keep the file aside and rebuild the profiles from the keychain.`;
    case 'newer':
      return `The profile store ${p.file} was written by a newer keyscope (schema ${p.version}, this one knows ${SCHEMA_VERSION}). Nothing was changed: update keyscope.`;
    case 'locked':
      return `The profile store is busy (locked by ${p.holder}). Nothing was changed: try again in a moment.`;
    case 'io':
      if (p.detail) return `The profile store could not be ${p.op === 'read' ? 'read' : 'saved'}: ${p.detail}`;
      return `The profile store ${p.file} could not be written or read (${p.code}). Nothing was changed: check the folder's permissions and free space.`;
    default:
      return assertNever(p);
  }
}

/** Parses, migrates and validates a store file's text (without its journal); throws StoreError. */
export function parseStoreText(text: string, file: string): StoreDoc & { readonly absorbed?: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new StoreError({ kind: 'corrupt', file, reason: `not JSON: ${(e as Error).message}` });
  }
  try {
    const doc = readDoc(raw);
    if ('newer' in doc) throw new StoreError({ kind: 'newer', file, version: doc.newer });
    const absorbed = (raw as { absorbedJournal?: unknown }).absorbedJournal;
    return typeof absorbed === 'string' ? { ...doc, absorbed } : doc;
  } catch (e) {
    if (e instanceof DocProblem) throw new StoreError({ kind: 'corrupt', file, reason: e.message, fieldNamed: true });
    throw e;
  }
}

/**
 * The file standing where the store's folder (or one above it) should be, when `code` says a path met a file:
 * KEYSCOPE_HOME set to a file. Read only on a failure's path.
 */
function fileInTheWay(code: string, dir: string): string | undefined {
  if (code !== 'ENOTDIR' && code !== 'EEXIST') return undefined;
  const { statSync } = process.getBuiltinModule('node:fs');
  for (let at = dir; ; at = dirname(at)) {
    let st;
    try {
      st = statSync(at, { throwIfNoEntry: false });
    } catch {
      // ENOTDIR: a file is higher up
    }
    if (st) return st.isDirectory() ? undefined : at;
    if (dirname(at) === at) return undefined;
  }
}

/** A file-system error of the store's in folder `dir` as a StoreError, saying whether a read or a change failed, and why. */
export function ioError(dir: string, file: string, e: unknown, op: FileOp = 'write'): StoreError {
  const blocker = fileInTheWay(errorCode(e), dir);
  if (blocker) {
    const detail = `${blocker} is a file, not a folder, so keyscope cannot keep its store in ${dir}. Nothing was changed.`;
    return new StoreError({ kind: 'io', file: blocker, code: errorCode(e), op: e instanceof FileIoError ? e.op : op, detail, hint: 'Set KEYSCOPE_HOME to a folder (keyscope makes one that does not exist yet), or move that file out of the way.' });
  }
  if (e instanceof FileIoError) return new StoreError({ kind: 'io', file: e.path, code: e.code, op: e.op, detail: e.message, ...(e instanceof LockLost || e instanceof LockLeft ? { hint: e.hint } : {}) });
  const code = errorCode(e);
  const { path = file } = e as NodeJS.ErrnoException;
  const io = new FileIoError(op, code, dirname(path), path);
  return new StoreError({ kind: 'io', file: path, code, op, detail: io.message });
}

/**
 * A store failure's cause without the "Nothing was changed…" its words end with: said of a step that came after
 * something was written (a repair's restore), that sentence would be false.
 */
export function causeOnly(message: string): string {
  return message.replace(/\s*Nothing was changed(?:[:.].*)?$/s, '');
}
