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
 */
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
  // A small first batch: the first checks start sooner.
  for (let i = 0, size = FIRST_BATCH; i < paths.length && !signal?.aborted; i += size, size = SECRETS_BATCH) {
    const found: Found = [];
    for (const password of (await secretsOf(call, session, paths.slice(i, i + size))).values()) {
      const id = idInSecret(password);
      if (id === undefined || !wanted.has(id) || handed.has(id)) continue;
      handed.add(id);
      found.push({ id, password });
    }
    if (found.length > 0) onBatch(found);
  }
  return handed;
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
    onBatch(
      chunk.flatMap((id, k) => {
        const password = secrets.get(paths[k] ?? '');
        return password === undefined ? [] : [{ id, password }];
      }),
    );
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
