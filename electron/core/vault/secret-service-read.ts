/**
 * The bulk read of a recheck on Linux: the keychain binding's own entries, read straight from the Secret Service over
 * one connection, because the binding reads one item at a time (1,000 entries: 2.0–2.7 s before the first check,
 * measured with gnome-keyring). Two passes:
 * 1. for more than 50 ids, every item under the service "keyscope" in one search, their secrets 50 at a time: an entry whose secret names
 *    its profile id (encodeSecret) is handed over by that id (1,000 entries: ~0.2 s);
 * 2. what is left, in the order asked, 50 at a time: one search per id for the attributes the binding gives an entry,
 *    {service: "keyscope", username: <profile id>} (entries saved before they named their id; ~0.6 s for 1,000).
 * In pass 2 only an id found exactly once is handed over: a missing, doubled or keytar-era entry is left to
 * KeychainStore.get, which knows what each means. A locked item ends the read with an error.
 *
 * An entry kept in pieces (secret-pieces.ts) is handed over joined, once every piece its head names has been read
 * (pass 1 reads them among the rest, pass 2 searches them by name); pieces that do not add up, or that make another
 * profile's entry (pieced-entry.ts, entryText), leave it to KeychainStore.get, which says so.
 */
import { entryText } from './pieced-entry.js';
import { headOf, pieceAccounts, pieceOf, type Head } from './secret-pieces.js';
import { hasSecretService, REPLY_MS, searchItems, secretsOf, withSecretServiceUnless, type Call } from './secret-service-bus.js';
import { idInSecret, KEYCHAIN_SERVICE, type BulkReader } from './secret-store.js';

/** Secrets per GetSecrets call in the first pass, after a first call of FIRST_BATCH. */
const SECRETS_BATCH = 50;
const FIRST_BATCH = 10;
/** Ids per batch in the second pass: enough to amortise round trips, few enough that the first checks start at once. */
const SEARCH_BATCH = 50;

type Found = Array<{ readonly id: string; readonly password: string }>;

/** The number an item's path ends with: gnome-keyring numbers items as it makes them (elsewhere the order is moot). */
const serial = (path: string): number => Number(/(\d+)$/.exec(path)?.[1] ?? Infinity);

/**
 * Pass 1: the entries that name an id of `wanted`, handed over a batch at a time, oldest first (the order profiles
 * are usually saved and rechecked in). The first entry naming an id is taken; the vault checks it holds that
 * profile's key id before it uses it (entries-as-read.ts).
 */
async function byNamedId(call: Call, session: string, wanted: ReadonlySet<string>, onBatch: (found: Found) => void, signal?: AbortSignal): Promise<Set<string>> {
  const paths = (await searchItems(call, { service: KEYCHAIN_SERVICE })).sort((a, b) => serial(a) - serial(b));
  const handed = new Set<string>();
  // Pieces by write and number, and the heads still waiting for theirs (a head rewritten in place comes before them).
  const pieces = new Map<string, string>();
  const waiting = new Map<string, Head>();
  // A small first batch: the first checks start sooner.
  for (let i = 0, size = FIRST_BATCH; i < paths.length && !signal?.aborted; i += size, size = SECRETS_BATCH) {
    const found: Found = [];
    for (const password of (await secretsOf(call, session, paths.slice(i, i + size))).values()) {
      const piece = pieceOf(password);
      if (piece) {
        pieces.set(`${piece.write}.${piece.n}`, password);
        continue;
      }
      const id = idInSecret(password);
      if (id === undefined || !wanted.has(id) || handed.has(id)) continue;
      handed.add(id);
      const head = headOf(password);
      if (head) waiting.set(id, head);
      else found.push({ id, password });
    }
    for (const [id, head] of waiting) {
      // By number: a head naming more than MAX_PIECES names none (pieceAccounts), and so does not add up.
      const whole = entryText(id, head, pieceAccounts(head).map((_, n) => pieces.get(`${head.write}.${n + 1}`)));
      if (whole === undefined) continue;
      waiting.delete(id);
      found.push({ id, password: whole });
    }
    if (found.length > 0) onBatch(found);
  }
  // Heads whose pieces did not all come: left to KeychainStore.get.
  for (const id of waiting.keys()) handed.delete(id);
  return handed;
}

/** The entries of `found` kept in pieces, joined (their pieces searched by name); those that do not add up left out. */
async function joined(call: Call, session: string, found: Found): Promise<Found> {
  const heads = found.map((e) => headOf(e.password));
  if (heads.every((h) => h === undefined)) return found;
  const accounts = heads.flatMap((h) => (h ? pieceAccounts(h) : []));
  const items = await Promise.all(accounts.map((username) => searchItems(call, { service: KEYCHAIN_SERVICE, username })));
  const paths = items.map((p) => (p.length === 1 ? p[0] : undefined));
  const secrets = await secretsOf(call, session, paths.filter((p): p is string => p !== undefined));
  const byAccount = new Map(accounts.map((a, k) => [a, secrets.get(paths[k] ?? '')] as const));
  return found.flatMap((e, k) => {
    const head = heads[k];
    if (!head) return [e];
    const whole = entryText(e.id, head, pieceAccounts(head).map((a) => byAccount.get(a)));
    return whole === undefined ? [] : [{ id: e.id, password: whole }];
  });
}

/** Pass 2: the entries of `ids` found by their attributes, a batch at a time, in order. */
async function byAttributes(call: Call, session: string, ids: readonly string[], onBatch: (found: Found) => void, signal?: AbortSignal): Promise<void> {
  for (let i = 0; i < ids.length && !signal?.aborted; i += SEARCH_BATCH) {
    const chunk = ids.slice(i, i + SEARCH_BATCH);
    // The searches of a batch go out together over the one connection; D-Bus matches replies by serial.
    const items = await Promise.all(chunk.map((id) => searchItems(call, { service: KEYCHAIN_SERVICE, username: id })));
    if (signal?.aborted) return; // the searches were under way; their secrets are not asked for
    const paths = items.map((found) => (found.length === 1 ? found[0] : undefined));
    const secrets = await secretsOf(call, session, paths.filter((p): p is string => p !== undefined));
    const found = chunk.flatMap((id, k) => {
      const password = secrets.get(paths[k] ?? '');
      return password === undefined ? [] : [{ id, password }];
    });
    onBatch(await joined(call, session, found));
  }
}

/**
 * The Secret Service's bulk reader (Linux and the BSDs), each call answered within `replyMs` or failed. An aborted
 * `signal` stops it between batches: the calls under way are answered, no other is asked but the session's Close, and
 * the connection (and the keychain's turn, secret-service-turns.ts) is given up; aborted before its turn came, it
 * asks nothing at all.
 */
function secretServiceReader(replyMs = REPLY_MS): BulkReader {
  return (ids, onBatch, signal) =>
    withSecretServiceUnless(
      signal,
      async (call, session) => {
        // Pass 1 reads every keyscope entry: worth it only when pass 2 would need more than one batch.
        const handed = ids.length > SEARCH_BATCH ? await byNamedId(call, session, new Set(ids), onBatch, signal) : new Set<string>();
        await byAttributes(call, session, ids.filter((id) => !handed.has(id)), onBatch, signal);
      },
      replyMs,
    );
}

export const secretServiceRead: BulkReader = secretServiceReader();

/**
 * The bulk reader for `platform`; undefined where the binding's own list is the way to read them all. `replyMs`
 * (tests) shortens the wait for an answer.
 */
export function bulkReader(platform: NodeJS.Platform = process.platform, replyMs?: number): BulkReader | undefined {
  if (!hasSecretService(platform)) return undefined;
  return replyMs === undefined ? secretServiceRead : secretServiceReader(replyMs);
}
