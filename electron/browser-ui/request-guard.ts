/**
 * What every request to the browser UI must show before it is answered: that it was addressed to our own
 * 127.0.0.1:port (a DNS-rebound name is refused), that it does not come from another site's page (Origin), and,
 * for the page and the API, the token printed with the URL, or, for the events socket, the page's proof that it holds
 * the socket key its page was served with. Request bodies are read up to a cap.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** The largest request body the API reads (the biggest real request, a bulk check, is far smaller). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * An imported credential report may be 20 MiB (its own parser's cap), and a review's pasted key ids 16 Mi characters
 * (MAX_PASTED_KEYS_CHARS, as the desktop app and the CLI's --keys take), JSON-escaped and in UTF-8: those two channels
 * get 48 MiB.
 */
export const REPORT_IMPORT_BYTES = 48 * 1024 * 1024;

/** How much of a request body is read for `channel` before it is refused. */
export function bodyCap(channel: string): number {
  return channel === 'review:import-report' || channel === 'review:run' ? REPORT_IMPORT_BYTES : MAX_BODY_BYTES;
}

/** A request that may not be answered: the status and a sentence saying why. */
export interface Refusal {
  readonly status: number;
  readonly message: string;
  readonly hint: string;
}

/** Whether `given` is `secret` (the token, or a proof), compared in constant time. */
export function secretMatches(given: unknown, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * What each side's proof on an events socket is made over, before the socket's nonce and the page's id: the page's, in
 * the socket's URL, and keyscope ui's, its first message (api-script.ts makes the one and checks the other). Their
 * words differ, so neither stands for the other: a program sent the page's cannot send it back as keyscope ui's.
 */
export const SOCKET_PROOF_LABELS = { page: 'keyscope ui page', server: 'keyscope ui server' } as const;

/**
 * The proof, by the page or by keyscope ui, on the page's events socket that it holds `key`, which neither sends on
 * it: an HMAC-SHA-256 keyed with it over `by`'s words, the socket's fresh `nonce` and the page's id, in hex. The key
 * is keyscope ui's socket key, not the token: it is in no address, only in the body of the page served to the token,
 * so a program that took over a port a stopped `keyscope ui` freed can make neither proof even once it learned the
 * token (a stale tab reloaded, duplicated, or one of its links opened in a new tab sends it its address, `?t=`
 * included), nor learn the key from the page's.
 */
export function socketProof(key: string, by: keyof typeof SOCKET_PROOF_LABELS, nonce: string, page: string): string {
  return createHmac('sha256', key).update(`${SOCKET_PROOF_LABELS[by]}:${nonce}:${page}`).digest('hex');
}

/** How many nonces of the events sockets let in are remembered: a page opens one a socket, at most one each 0.5 s. */
const NONCES_KEPT = 4096;

/** Says whether a nonce is used for the first time (the last `kept` of those it was asked about are remembered). */
export function firstUses(kept = NONCES_KEPT): (nonce: string) => boolean {
  const used = new Set<string>();
  return (nonce) => {
    if (used.has(nonce)) return false;
    used.add(nonce);
    for (const oldest of used) {
      if (used.size <= kept) break;
      used.delete(oldest);
    }
    return true;
  };
}

/**
 * Refuses an events socket, before any upgrade, unless `proof` is the page's proof that it holds the socket `key` over
 * `nonce` and `page`, and `nonce` is used for the first time (asked of `firstUse` only then, so that what shows no
 * proof is never remembered). A socket of a program without the key is never upgraded, and holds nothing.
 */
export function refuseUnprovenSocket(proof: unknown, key: string, nonce: string, page: string, firstUse: (nonce: string) => boolean): Refusal | null {
  if (!secretMatches(proof, socketProof(key, 'page', nonce, page))) {
    return { status: 403, message: 'The events socket needs the proof of a page this keyscope ui served.', hint: 'Open the whole URL `keyscope ui` printed, ?t=… included (a page of a keyscope ui that stopped holds another key).' };
  }
  if (!firstUse(nonce)) return { status: 403, message: 'This events socket\'s nonce was used already.', hint: 'The API takes what keyscope\'s page sends: a fresh nonce for each socket.' };
  return null;
}

/**
 * Refuses a request addressed to another host than `origin`'s (DNS rebinding: a site whose name now points at
 * 127.0.0.1 still sends its own name), or sent by a page of another origin. Returns null when it may go on.
 */
export function refuseForeign(headers: IncomingHttpHeaders, origin: string): Refusal | null {
  const host = new URL(origin).host;
  const hint = 'Open keyscope from the URL `keyscope ui` printed.';
  if (headers.host !== host) return { status: 421, message: `This server answers only requests addressed to ${host}.`, hint };
  // Browsers send Origin on every cross-origin request and on same-origin POSTs; "null" (a sandboxed or file page) is foreign too.
  if (headers.origin !== undefined && headers.origin !== origin) return { status: 403, message: 'Requests from other sites are refused.', hint };
  if (headers['sec-fetch-site'] === 'cross-site') return { status: 403, message: 'Requests from other sites are refused.', hint };
  return null;
}

/**
 * Refuses an API request whose body is not declared JSON. A page of another site can send a form or text/plain
 * without asking the server first (a CORS "simple" request); application/json it cannot. Origin and the token refuse
 * such a request already: this is one more wall, not the only one.
 */
export function refuseNotJson(headers: IncomingHttpHeaders): Refusal | null {
  const type = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') return null;
  return { status: 415, message: 'The API reads JSON only (Content-Type: application/json).', hint: 'The API takes what keyscope\'s page sends.' };
}

/** Refuses a request that shows neither the token header nor the token in `?t=`. */
export function refuseWithoutToken(headers: IncomingHttpHeaders, url: URL, token: string): Refusal | null {
  if (secretMatches(headers['x-keyscope-token'], token) || secretMatches(url.searchParams.get('t'), token)) return null;
  return { status: 403, message: 'This page needs the token printed with its URL.', hint: 'Open the whole URL `keyscope ui` printed, ?t=… included.' };
}

/** Reads a request body of at most `max` bytes; resolves null (having stopped reading) when it is larger. */
export function readCappedBody(req: IncomingMessage, max = MAX_BODY_BYTES): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > max) {
      req.resume(); // discard, so the answer can still be written
      return resolve(null);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > max) {
        over = true;
        chunks.length = 0;
        resolve(null);
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}
