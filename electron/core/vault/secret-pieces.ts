/**
 * A keychain entry too long for one keychain value, kept in pieces. Windows' Credential Manager refuses a value over
 * 2,560 bytes of UTF-16, 1,280 characters (CRED_MAX_CREDENTIAL_BLOB_SIZE; keyring's words: "Value of 'password
 * encoded as UTF-16' is longer than the platform limit of 2560 chars"), and an entry holding a session token is 700 to
 * 65,536 characters and more. The macOS Keychain and the Secret Service have no such limit, but the bound applies on
 * every platform, so that the code Windows runs is the code tested here against gnome-keyring.
 *
 * An entry over VALUE_LIMIT is written as pieces, companion entries under the same service named
 * `<profile id>#<write>.<n>` (profile ids are UUIDs, which hold no "#"), then as its head, which names the write, how
 * many pieces there are and the SHA-256 of the whole. Each save has a write of its own (random), so a save that stops
 * midway never touches the pieces the head still names: the value saved before stays whole. A reader joins the pieces
 * the head names and checks the digest, so a missing, changed or mixed piece is a failure, never a wrong secret.
 * Pieces no head names (a save that stopped) are left over: `profiles doctor` lists them. Each piece carries the time it
 * was written, so that doctor can tell them from the pieces of a save still under way (PIECE_GRACE_MS).
 */
import { createHash, randomBytes } from 'node:crypto';

/**
 * The most UTF-16 code units keyscope writes in one keychain value: under Windows' 1,280, with room to spare for a
 * backend that counts another way.
 */
export const VALUE_LIMIT = 1_000;

/**
 * The most pieces keyscope keeps an entry in: a session token of 65,536 characters (the longest STS gives) takes about
 * 73. A head naming more is none keyscope wrote (another program's, or damaged): its entry is broken, and no piece of
 * it is read (a head naming 2^32 pieces made every read throw, 3,000,000 made it hang).
 */
export const MAX_PIECES = 128;

/**
 * How long after a piece is written `profiles doctor` leaves it alone though no head names it yet: a save under way
 * writes its pieces, then its head, within a few keychain calls of ANSWER_MS each at most.
 */
export const PIECE_GRACE_MS = 10 * 60_000;

/** What a head says of its pieces. */
export interface Head {
  readonly id: string;
  readonly store?: string;
  readonly write: string;
  readonly pieces: number;
  readonly sha256: string;
  /**
   * The pieces of the value this head replaced, which its save deletes only once its own are seen to be all there: a
   * save that then finds its own gone and cannot write the value before back (a keychain locked meanwhile) leaves a
   * head whose value is still whole in these. Read only when the head's own pieces do not add up. When the head
   * replaced was itself such a head, these are the pieces its value read from (its own prev), carried forward.
   */
  readonly prev?: { readonly write: string; readonly pieces: number; readonly sha256: string };
}

/** A piece as read from its value. */
export interface Piece {
  readonly write: string;
  readonly n: number;
  /** When it was written (ms since 1970); undefined in pieces written before pieces said so. */
  readonly written?: number;
  /** The store of the entry it is a piece of; undefined when that entry named none. */
  readonly store?: string;
  readonly text: string;
}

// keyscope-piece [<written, ms>] <write>.<n> <store, percent-encoded, or "-"> <text>
const PIECE = /^keyscope-piece (?:(\d{1,15}) )?([0-9a-f]{16})\.(\d+) (\S+) /;
const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The account name of piece `n` (from 1) of the write `write` of entry `id`. */
const pieceAccount = (id: string, write: string, n: number): string => `${id}#${write}.${n}`;

/** The accounts of every piece a head names, in order; none for a head naming more than MAX_PIECES (none of ours). */
export const pieceAccounts = (head: Head): string[] => (head.pieces > MAX_PIECES ? [] : Array.from({ length: head.pieces }, (_, i) => pieceAccount(head.id, head.write, i + 1)));

/** The profile id of a piece's account name (what comes before its last "#"). */
export const pieceOwner = (account: string): string => account.slice(0, account.lastIndexOf('#'));

/**
 * The values to write for the entry `id` encoded as `text`: `text` alone when it fits in one value, else its pieces
 * (to write first, in order) and its head (last), naming as prev the pieces of `replaced` (those the value before
 * reads from).
 */
export function splitEntry(id: string, store: string | undefined, text: string, replaced?: Head, now = Date.now()): { readonly head: string; readonly pieces: ReadonlyArray<{ readonly account: string; readonly value: string }> } | undefined {
  if (text.length <= VALUE_LIMIT) return undefined;
  const write = randomBytes(8).toString('hex');
  const header = (n: number) => `keyscope-piece ${now} ${write}.${n} ${store === undefined ? '-' : encodeURIComponent(store)} `;
  // Room for the longest header this entry's pieces can have: n is at most the text's length.
  const room = Math.max(64, VALUE_LIMIT - header(text.length).length);
  const pieces: Array<{ account: string; value: string }> = [];
  for (let at = 0; at < text.length; ) {
    let end = Math.min(at + room, text.length);
    // Never between the two halves of a surrogate pair: each half alone would be written as U+FFFD.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    const n = pieces.length + 1;
    pieces.push({ account: pieceAccount(id, write, n), value: `${header(n)}${text.slice(at, end)}` });
    at = end;
  }
  const prev = replaced && { write: replaced.write, pieces: replaced.pieces, sha256: replaced.sha256 };
  const head: Head = { id, ...(store === undefined ? {} : { store }), write, pieces: pieces.length, sha256: digest(text), ...(prev ? { prev } : {}) };
  return { head: JSON.stringify({ v: 3, ...head }), pieces };
}

/** The head an entry's value is, if it is one. */
export function headOf(value: string): Head | undefined {
  if (!value.startsWith('{"v":3,')) return undefined;
  try {
    const o = JSON.parse(value) as { [K in keyof Head]?: unknown };
    const { id, store, prev } = o;
    if (typeof id !== 'string' || !piecesNamed(o)) return undefined;
    const earlier = typeof prev === 'object' && prev !== null && piecesNamed(prev) ? { prev: { write: prev.write, pieces: prev.pieces, sha256: prev.sha256 } } : {};
    return { id, write: o.write, pieces: o.pieces, sha256: o.sha256, ...(typeof store === 'string' ? { store } : {}), ...earlier };
  } catch {
    return undefined;
  }
}

/** Whether `o` names pieces as a head does: a write, how many (one or more) and their digest. */
function piecesNamed(o: { write?: unknown; pieces?: unknown; sha256?: unknown }): o is { write: string; pieces: number; sha256: string } {
  return typeof o.write === 'string' && typeof o.sha256 === 'string' && Number.isSafeInteger(o.pieces) && (o.pieces as number) >= 1;
}

/** The head of the value `head` replaced, whose pieces it names as `prev`; undefined when it names none. */
export function previousOf(head: Head): Head | undefined {
  return head.prev && { id: head.id, ...(head.store === undefined ? {} : { store: head.store }), ...head.prev };
}

/** The piece a value is, if it is one (a store that is not percent-encoding is none keyscope wrote). */
export function pieceOf(value: string): Piece | undefined {
  const m = PIECE.exec(value);
  if (!m) return undefined;
  const [all, written, write = '', n = '', store = '-'] = m;
  let decoded: string | undefined;
  try {
    decoded = store === '-' ? undefined : decodeURIComponent(store);
  } catch {
    return undefined; // "URI malformed"
  }
  return { write, n: Number(n), ...(written === undefined ? {} : { written: Number(written) }), ...(decoded === undefined ? {} : { store: decoded }), text: value.slice(all.length) };
}

/**
 * Whether a piece no head names, written at `written` (Piece.written), may still be a save's under way at `now`:
 * written less than PIECE_GRACE_MS before (or after: a clock set back) it. A piece that does not say is not.
 */
export const writtenLately = (written: number | undefined, now: number): boolean => written !== undefined && Math.abs(now - written) < PIECE_GRACE_MS;

/**
 * The entry a head and its pieces' values (in the head's order; undefined where one is missing) make: its text, or
 * undefined when they do not add up (a piece missing, of another write, or changed).
 */
export function joinPieces(head: Head, values: ReadonlyArray<string | undefined>): string | undefined {
  if (head.pieces > MAX_PIECES || values.length !== head.pieces) return undefined;
  let text = '';
  for (const [i, value] of values.entries()) {
    const piece = value === undefined ? undefined : pieceOf(value);
    if (!piece || piece.write !== head.write || piece.n !== i + 1) return undefined;
    text += piece.text;
  }
  return digest(text) === head.sha256 ? text : undefined;
}
