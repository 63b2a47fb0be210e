/**
 * Reading, writing and deleting an entry that may be kept in pieces (secret-pieces.ts), over the keychain's calls for
 * one value each (KeychainStore's). The order is what keeps a value whole: pieces before their head, the pieces of the
 * value replaced only after the new head, once the new pieces are seen to be still there; on removal the head first.
 */
import type { KeychainFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { headOf, joinPieces, MAX_PIECES, pieceAccounts, pieceOf, pieceOwner, previousOf, splitEntry, VALUE_LIMIT, type Head } from './secret-pieces.js';
import { decodeSecret, encodeSecret, idInSecret, writtenIn, type EntryFound, type KeychainEntry, type StoredSecret } from './secret-store.js';

/** The keychain's calls on one value (its account under the service keyscope). */
export interface ValueCalls {
  readonly label: string;
  read(account: string, action: string): Promise<Result<string | null, KeychainFailure>>;
  write(account: string, value: string): Promise<Result<void, KeychainFailure>>;
  remove(account: string): Promise<Result<boolean, KeychainFailure>>;
}

/** The words for an entry whose pieces do not add up: never used, and what to do about it. */
function piecesFailure(label: string, head: Head): KeychainFailure {
  const why = head.pieces > MAX_PIECES ? `more than the ${MAX_PIECES} keyscope ever writes: another program wrote it, or it was damaged` : 'one is missing or was changed: a save of it was interrupted, or another program changed them';
  return {
    kind: 'keychain',
    category: 'service',
    message: `${capital(label)} keeps this profile's secret in ${head.pieces} pieces, and they do not add up (${why}), so keyscope did not use it.`,
    hint: 'Give the profile its key again (`keyscope profiles set-key NAME`, or Replace key… in the app), or remove it. Nothing was sent.',
  };
}

const capital = (label: string) => `${label[0]?.toUpperCase() ?? ''}${label.slice(1)}`;

/** A save refused before anything is written: the entry would take more than MAX_PIECES pieces. */
function tooLong(label: string, length: number): KeychainFailure {
  return {
    kind: 'keychain',
    category: 'service',
    message: `This profile's secret is ${length.toLocaleString('en-US')} characters long, more than keyscope keeps in ${label} (${MAX_PIECES} pieces, about ${(MAX_PIECES * 900).toLocaleString('en-US')} characters; an AWS session token is at most 65,536), so nothing was saved.`,
    hint: 'Check the session token: paste it again, in one piece, from where it was issued.',
  };
}

/**
 * A save whose pieces another program deleted before its head was written (an older keyscope's doctor did). `back`:
 * the value saved before was written back (or, `before` 'none', the new head removed); or it could not be (`failed`),
 * and that value still reads from pieces the head names (`kept`: Head.prev), or it does not (`before` 'value': it was
 * one value, which the head replaced, or its pieces did not add up), or there was none (`before` 'none': the head
 * names gone pieces, and no profile uses it, as the save that wrote it failed).
 */
function piecesVanished(label: string, back: { readonly failed?: KeychainFailure; readonly kept: boolean; readonly before: 'none' | 'value' }): KeychainFailure {
  const said = `${capital(label)} deleted pieces of this profile's new secret while keyscope saved it (another program, or an older keyscope's \`profiles doctor --forget-orphans\`), so it was not saved:`;
  const { failed } = back;
  if (!failed) return { kind: 'keychain', category: 'service', message: `${said} ${back.before === 'none' ? 'nothing of it is left' : 'the value saved before is as it was'}.`, hint: 'Retry; nothing else was changed.' };
  const unlock = 'Unlock the keychain (or start it again), then';
  if (back.kept) {
    return {
      kind: 'keychain',
      category: failed.category,
      message: `${said} the value saved before could not be written back (${failed.message}), but its pieces are as they were, and keyscope reads it from them.`,
      hint: `${unlock} retry; nothing else was changed. ${failed.hint}`,
    };
  }
  if (back.before === 'none') {
    return {
      kind: 'keychain',
      category: failed.category,
      message: `${said} there was no value before it, and the entry it wrote could not be removed (${failed.message}): that entry names pieces that are gone, and no profile uses it.`,
      hint: `${unlock} retry. \`keyscope profiles doctor\` lists the entry left as kept in pieces that do not add up, and \`keyscope profiles doctor --forget-orphans --yes\` deletes it. ${failed.hint}`,
    };
  }
  return {
    kind: 'keychain',
    category: failed.category,
    message: `${said} the value saved before could not be put back (${failed.message}), and the entry does not add up.`,
    hint: `${unlock} give the profile its key again (\`keyscope profiles set-key NAME\`), or remove it. ${failed.hint}`,
  };
}

/**
 * The text of entry `id` that a head and its pieces' values make: undefined when they do not add up, or make another
 * profile's entry (a head copied over this one). The single read and a recheck's bulk read both judge by it.
 */
export function entryText(id: string, head: Head, values: ReadonlyArray<string | undefined>): string | undefined {
  const text = joinPieces(head, values);
  return text !== undefined && head.id === id && idInSecret(text) === id ? text : undefined;
}

/** The secret a head's pieces make, and their text: null when they do not add up, or make another profile's entry. */
function joined(id: string, head: Head, values: ReadonlyArray<string | undefined>): { readonly secret: StoredSecret; readonly text: string } | null {
  const text = entryText(id, head, values);
  const secret = text === undefined ? null : decodeSecret(text);
  return secret && text !== undefined ? { secret, text } : null;
}

/** The secret the pieces `head` names make, read one by one (up to the first missing): null when they do not add up. */
async function readPieces(calls: ValueCalls, id: string, head: Head): Promise<Result<StoredSecret | null, KeychainFailure>> {
  const values: Array<string | undefined> = [];
  for (const account of pieceAccounts(head)) {
    const piece = await calls.read(account, 'read from');
    if (!piece.ok) return piece;
    if (piece.value === null) break; // one missing: they cannot add up
    values.push(piece.value);
  }
  return ok(joined(id, head, values)?.secret ?? null);
}

/**
 * The head whose pieces the entry's value reads from: `head`'s own, else those of the value it replaced (Head.prev: a
 * save of it failed twice); undefined when neither adds up.
 */
async function readableHead(calls: ValueCalls, id: string, head: Head): Promise<Result<Head | undefined, KeychainFailure>> {
  for (const h of [head, previousOf(head)]) {
    if (!h) continue;
    const read = await readPieces(calls, id, h);
    if (!read.ok) return read;
    if (read.value) return ok(h);
  }
  return ok(undefined);
}

/**
 * What the entry `id` holds: null when there is none or it is not keyscope's. Pieces that do not add up are read once
 * more after the head, in case a save replaced them meanwhile; then those of the value the head replaced, in case its
 * save failed twice (Head.prev).
 */
export async function readEntry(calls: ValueCalls, id: string, again = true): Promise<Result<EntryFound | null, KeychainFailure>> {
  const main = await calls.read(id, 'read from');
  if (!main.ok || main.value === null) return main as Result<null, KeychainFailure>;
  const head = headOf(main.value);
  if (!head) {
    const secret = decodeSecret(main.value);
    return ok(secret ? { secret } : null);
  }
  const whole = await readPieces(calls, id, head);
  if (!whole.ok) return whole;
  if (whole.value) return ok({ secret: whole.value });
  if (again) {
    const now = await calls.read(id, 'read from');
    if (now.ok && now.value !== null && now.value !== main.value) return readEntry(calls, id, false);
  }
  const earlier = previousOf(head);
  const before = earlier ? await readPieces(calls, id, earlier) : ok(null);
  if (!before.ok) return before;
  if (before.value) return ok({ secret: before.value });
  return ok({ broken: piecesFailure(calls.label, head), ...(head.store === undefined ? {} : { store: head.store }) });
}

/** Deletes what it can of `accounts` (pieces no head names any more): what is left, `profiles doctor` lists. */
async function forget(calls: ValueCalls, accounts: readonly string[]): Promise<void> {
  for (const account of accounts) await calls.remove(account);
}

/**
 * Deletes the pieces of `head`, then those of the value it replaced if they are still there (its first one is: a save
 * that failed twice left them, Head.prev), best effort.
 */
async function forgetPieces(calls: ValueCalls, head: Head): Promise<void> {
  await forget(calls, pieceAccounts(head));
  const earlier = previousOf(head);
  const [first] = earlier ? pieceAccounts(earlier) : [];
  if (!earlier || first === undefined) return;
  const there = await calls.read(first, 'delete from');
  if (there.ok && there.value !== null) await forget(calls, pieceAccounts(earlier));
}

/**
 * Deletes the pieces of `replaced`, the head the entry `id` had, unless the entry's head (`now`, as read after the save)
 * names them again: a save that failed put it back meanwhile. An entry that cannot be read keeps them (doctor lists them).
 */
async function forgetReplaced(calls: ValueCalls, id: string, replaced: Head, now?: Result<string | null, KeychainFailure>): Promise<void> {
  const current = now ?? (await calls.read(id, 'save to'));
  if (!current.ok || (current.value !== null && headOf(current.value)?.write === replaced.write)) return;
  await forgetPieces(calls, replaced);
}

/**
 * Whether the pieces just written under the head `head` are all still there, as written. Another program (an older
 * keyscope's doctor, which took them for pieces left over) may have deleted them before the head was written. Answers
 * true when the keychain cannot be read (nothing says they are gone) or the head is no longer this save's (a later
 * save replaced it, and deleted these pieces as its own previous value's).
 */
async function piecesStand(calls: ValueCalls, head: string, pieces: ReadonlyArray<{ readonly account: string; readonly value: string }>, now: Result<string | null, KeychainFailure>): Promise<boolean> {
  if (!now.ok || now.value !== head) return true;
  for (const piece of pieces) {
    const read = await calls.read(piece.account, 'save to');
    if (!read.ok) return true;
    if (read.value !== piece.value) return false;
  }
  return true;
}

/**
 * Writes the entry `id`: in one value when it fits, else its pieces, then its head (naming the previous value's pieces
 * as the value it replaced); once the pieces are seen to be still there, the previous value's pieces are deleted. A
 * piece refused fails the write with the head as it was (the pieces written are deleted, best effort); the head
 * refused fails it too, and its pieces are left (a keychain that did not answer may still write the head). Pieces gone
 * by the time the head is written fail it, with the previous value written back (its pieces were not touched; should
 * that write fail too, the head names them, and they are read in its place). An entry over MAX_PIECES pieces is
 * refused before anything is written. `beforeWrite` (tests) runs before each value is written (the previous value's, written back, too).
 */
export async function writeEntry(calls: ValueCalls, id: string, secret: StoredSecret, beforeWrite?: () => Promise<void> | void): Promise<Result<void, KeychainFailure>> {
  const text = encodeSecret(id, secret);
  const before = await calls.read(id, 'save to');
  if (!before.ok) return before;
  const replaced = before.value === null ? undefined : headOf(before.value);
  // The pieces the value before reads from, which a head of pieces names as the value it replaced: once a save failed
  // twice, those of the value before that (the head's own are gone), carried forward so that a second such save keeps them.
  const readable = replaced && text.length > VALUE_LIMIT ? await readableHead(calls, id, replaced) : ok(undefined);
  if (!readable.ok) return readable;
  const split = splitEntry(id, secret.store, text, readable.value ?? replaced);
  if (split && split.pieces.length > MAX_PIECES) return err(tooLong(calls.label, text.length));
  for (const [i, piece] of (split?.pieces ?? []).entries()) {
    await beforeWrite?.();
    const written = await calls.write(piece.account, piece.value);
    if (written.ok) continue;
    await forget(calls, (split?.pieces ?? []).slice(0, i).map((p) => p.account));
    return written;
  }
  await beforeWrite?.();
  const written = await calls.write(id, split?.head ?? text);
  if (!written.ok) return written;
  if (!split) {
    if (replaced) await forgetReplaced(calls, id, replaced);
    return ok(undefined);
  }
  const now = await calls.read(id, 'save to');
  if (!(await piecesStand(calls, split.head, split.pieces, now))) {
    // The head names pieces that are gone: the value saved before goes back (or none, for a new entry).
    await beforeWrite?.();
    const back = before.value === null ? await calls.remove(id) : await calls.write(id, before.value);
    await forget(calls, split.pieces.map((p) => p.account));
    const was = before.value === null ? 'none' : 'value';
    return err(piecesVanished(calls.label, back.ok ? { kept: true, before: was } : { failed: back.error, kept: readable.value !== undefined, before: was }));
  }
  if (replaced) await forgetReplaced(calls, id, replaced, now);
  return ok(undefined);
}

/** Deletes the entry `id` (true when there was one), its head first, then its pieces (best effort). */
export async function deleteEntry(calls: ValueCalls, id: string): Promise<Result<boolean, KeychainFailure>> {
  const main = await calls.read(id, 'delete from');
  if (!main.ok) return main;
  const gone = await calls.remove(id);
  if (!gone.ok) return gone;
  const head = main.value === null ? undefined : headOf(main.value);
  if (head) await forgetPieces(calls, head);
  return gone;
}

/** An entry's `written`, from its text (none when it does not say). */
function written(text: string): { readonly written?: number } {
  const at = writtenIn(text);
  return at === undefined ? {} : { written: at };
}

/** Every entry of a listing of the service's values, those kept in pieces joined, and the pieces no entry names. */
export function listEntries(all: ReadonlyArray<{ readonly account: string; readonly password: string }>): KeychainEntry[] {
  const pieces = new Map<string, string>();
  const others: Array<{ readonly account: string; readonly password: string }> = [];
  for (const e of all) {
    if (e.account.includes('#') && pieceOf(e.password)) pieces.set(e.account, e.password);
    else others.push(e);
  }
  const named = new Set<string>();
  const entries: KeychainEntry[] = others.map(({ account, password }) => {
    const head = headOf(password);
    if (!head) return { id: account, secret: decodeSecret(password), ...written(password) };
    const accounts = pieceAccounts({ ...head, id: account });
    for (const a of accounts) named.add(a);
    // Those of the value it replaced, only when its own do not add up (Head.prev); else they are left over.
    const earlier = previousOf({ ...head, id: account });
    const before = earlier ? pieceAccounts(earlier) : [];
    const own = joined(account, head, accounts.map((a) => pieces.get(a)));
    const replaced = !own && earlier ? joined(account, earlier, before.map((a) => pieces.get(a))) : null;
    if (replaced) for (const a of before) named.add(a);
    const whole = own ?? replaced;
    if (whole) return { id: account, secret: whole.secret, ...written(whole.text) };
    return head.id === account ? { id: account, secret: null, broken: head.store === undefined ? {} : { store: head.store } } : { id: account, secret: null };
  });
  for (const [account, value] of pieces) {
    if (named.has(account)) continue;
    const piece = pieceOf(value);
    entries.push({ id: account, secret: null, leftover: { of: pieceOwner(account), ...(piece?.store === undefined ? {} : { store: piece.store }), ...(piece?.written === undefined ? {} : { written: piece.written }) } });
  }
  return entries;
}
