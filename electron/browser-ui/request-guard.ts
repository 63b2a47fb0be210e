/**
 * What every request to the browser UI must show before it is answered: that it was addressed to our own
 * 127.0.0.1:port (a DNS-rebound name is refused), that it does not come from another site's page (Origin), and,
 * for the page and the API, the token printed with the URL. Request bodies are read up to a cap.
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

/** Whether `given` is the token, compared in constant time. */
export function tokenMatches(given: unknown, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What the events socket's proof is made over, after the page's nonce and id; the page (api-script.ts) checks it. */
export const SOCKET_PROOF_LABEL = 'keyscope ui events socket';

/**
 * The server's proof on a page's events socket that it holds `token`, before the page shows the token to it: an
 * HMAC-SHA-256 keyed with the token over the page's fresh `nonce` and its id, in hex. A program that took over a port
 * a stopped `keyscope ui` freed cannot make it, nor can a `keyscope ui` started again there (a new token).
 */
export function socketProof(token: string, nonce: string, page: string): string {
  return createHmac('sha256', token).update(`${SOCKET_PROOF_LABEL}:${nonce}:${page}`).digest('hex');
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
  if (tokenMatches(headers['x-keyscope-token'], token) || tokenMatches(url.searchParams.get('t'), token)) return null;
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
