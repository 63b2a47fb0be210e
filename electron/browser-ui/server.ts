/**
 * The desktop app in a browser (`keyscope ui`, and the e2e tests' server): the built renderer served on 127.0.0.1
 * with the real handlers behind the preload's API, over loopback HTTP, its events over a WebSocket. Everything but
 * the Electron shell is real: registerHandlers with its sender check, the core, the keychain, the profile store.
 * Every request must be addressed to 127.0.0.1:port and come from no other site; the page and the API need the
 * random token; request bodies are capped. Built on its own (out/browser-ui/server.js) and loaded by the CLI.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import type { Response } from '../../shared/contract.js';
import { internalFailure, type Failure } from '../../shared/failure.js';
import { createTransport } from '../core/aws/transport.js';
import { openVaultAt } from '../core/vault/open-vault.js';
import { keyscopeHome } from '../core/vault/paths.js';
import { createHandlers } from '../handlers/handlers.js';
import { APP_PAGE, CONTENT_SECURITY_POLICY, pageNotBuilt, serveAppFile } from '../main/app-protocol.js';
import { registerHandlers, trustPage, type IpcEventLike } from '../main/ipc.js';
import { handlersWithPageBulkChecks } from '../main/page-bulk-checks.js';
import { apiScript, SOCKET_KEY_ATTRIBUTE } from './api-script.js';
import { asksForSocket, eventSocketServer } from './event-socket.js';
import { pageSockets } from './page-sockets.js';
import { bodyCap, firstUses, readCappedBody, refuseForeign, refuseNotJson, refuseUnprovenSocket, refuseWithoutToken, socketProof, type Refusal } from './request-guard.js';

/** How to start the browser UI. */
export interface BrowserUiOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** The built renderer (out/renderer beside this bundle by default). */
  readonly rendererDir?: string;
  /** Called each time the page is served to a request that held the token (the page that opened it may go). */
  readonly onPageServed?: () => void;
  /** How long a page may have no events socket before its bulk checks are cancelled (PAGE_GRACE_MS; tests set less). */
  readonly pageGraceMs?: number;
  /** How long what a page without a socket missed is kept for it (MISSED_KEPT_MS; tests set less). */
  readonly missedKeptMs?: number;
  /** How many events a page without a socket is kept at most, beyond the ends of jobs (MISSED_MAX; tests set less). */
  readonly missedMax?: number;
}

/** A running browser UI. */
export interface BrowserUi {
  /** The page's address, token included. */
  readonly url: string;
  /** Stops serving: open event sockets and connections are closed. */
  close(): Promise<void>;
}

/** Why the UI could not start, in words (a setting such as an unreadable AWS_CA_BUNDLE, a port in use). */
export class BrowserUiStartError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    /** A setting keyscope cannot work with (AWS_CA_BUNDLE, a proxy variable): a usage error, exit 2. */
    readonly usage = false,
  ) {
    super(message);
  }
}

/** A page's own id, and the nonce of each events socket it opens, as api-script.ts makes them: 16 random bytes in hex. */
const PAGE_ID = /^[0-9a-f]{32}$/;
const pageId = (given: unknown): string | null => (typeof given === 'string' && PAGE_ID.test(given) ? given : null);
const eventsNeedPage: Refusal = { status: 400, message: 'The events socket needs the page\'s id and a nonce.', hint: 'The API takes what keyscope\'s page sends.' };

const HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin', 'content-security-policy': CONTENT_SECURITY_POLICY };
const API_SCRIPT = '/browser-api.js';
const EVENTS = '/api/events';
const eventsNeedSocket: Refusal = { status: 426, message: 'The events come over a WebSocket (version 13).', hint: 'The API takes what keyscope\'s page sends.' };

/** An /api/ path that names no channel: quoted short, and only in characters a channel name has. */
const unknownChannel = (channel: string): Refusal => {
  const shown = channel.slice(0, 40).replace(/[^A-Za-z0-9:._-]/g, '?') + (channel.length > 40 ? '…' : '');
  return { status: 404, message: `The API has no channel "${shown}".`, hint: 'The API takes what keyscope\'s page sends; reload the page if keyscope was updated.' };
};
const refusalFailure = (r: Refusal): Failure => ({ kind: 'input', category: 'input', message: r.message, hint: r.hint });

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') return reject(new BrowserUiStartError(`Port ${port} on 127.0.0.1 is already in use.`, 'Choose another with --port, or leave it out to use a free one.'));
      // Below 1024 on Linux and macOS without the privilege to bind there; above it, a sandbox or the system's setting.
      if (e.code === 'EACCES' && port < 1024) return reject(new BrowserUiStartError(`This user may not serve on port ${port} of 127.0.0.1 (ports below 1024 need privileges).`, 'Choose a port above 1023 with --port, or leave it out to use a free one.'));
      if (e.code === 'EACCES') return reject(new BrowserUiStartError(`The system does not let this user serve on port ${port} of 127.0.0.1 (EACCES).`, 'Choose another port with --port, or leave it out to use a free one; a sandbox (SELinux, a snap) may allow only some ports.'));
      reject(e);
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

/** Starts serving the app on 127.0.0.1; resolves once it listens. */
export async function startBrowserUi(options: BrowserUiOptions): Promise<BrowserUi> {
  const root = options.rendererDir ?? join(__dirname, '../renderer');
  // A checkout run before `npm run build` has no page: said at the start, not as an internal error at the first visit.
  const notBuilt = pageNotBuilt(root);
  if (notBuilt) throw new BrowserUiStartError(notBuilt.message, notBuilt.hint, true);
  const token = randomBytes(24).toString('hex');
  // What the page and keyscope ui prove with on the page's events socket: never in an address, as the token is (a stale
  // tab reloaded, duplicated or one of its links opened in a new tab sends the token to whatever holds the port then),
  // only in the page served to the token, on the API script's tag (api-script.ts takes it off).
  const socketKey = randomBytes(32).toString('hex');
  const transport = createTransport({ env: options.env });
  if (!transport.ok) throw new BrowserUiStartError(transport.error.message, transport.error.hint, true);
  const eventSockets = eventSocketServer();
  // A page is its events sockets: the bulk checks it started are cancelled once it has none (the tab closed or
  // reloaded; a dropped connection the page opens again is not its end).
  const { pages, handlers } = handlersWithPageBulkChecks(
    (event, payload) => sockets.send(event, payload),
    (emit) => createHandlers({ vault: openVaultAt(keyscopeHome(options.env)), env: options.env, transport: transport.value, emit }),
  );
  const sockets = pageSockets(pages, options.pageGraceMs, options.missedKeptMs, options.missedMax);
  const bound = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
  const server = http.createServer();
  try {
    await listen(server, options.port ?? 0);
  } catch (e) {
    transport.value.close();
    throw e;
  }
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  registerHandlers({ handle: (channel, listener) => void bound.set(channel, listener) }, { handlers, isTrustedSender: trustPage(`${origin}/`) });

  const send = (res: http.ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...HEADERS, 'content-type': type, ...extra });
    res.end(body);
  };
  const sendJson = (res: http.ServerResponse, status: number, value: unknown, extra?: Record<string, string>) => send(res, status, 'application/json', JSON.stringify(value), extra);

  /** Refuses a request whose body is not read: the answer is sent, then the connection closed under whatever is still coming. */
  const refuseUnread = (req: http.IncomingMessage, res: http.ServerResponse, refusal: Refusal) => {
    res.on('finish', () => req.destroy());
    sendJson(res, refusal.status, { ok: false, error: refusalFailure(refusal) }, { connection: 'close' });
  };

  const answerApi = async (req: http.IncomingMessage, res: http.ServerResponse, channel: string) => {
    const listener = bound.get(channel);
    if (!listener) return sendJson(res, 404, { ok: false, error: refusalFailure(unknownChannel(channel)) });
    const notJson = refuseNotJson(req.headers);
    if (notJson) return refuseUnread(req, res, notJson);
    const cap = bodyCap(channel);
    const body = await readCappedBody(req, cap);
    if (!body) {
      return refuseUnread(req, res, { status: 413, message: `The request is larger than ${cap / 1024 / 1024} MiB and was not read.`, hint: 'Send less at once: fewer keys in one bulk check, say, or a smaller file.' });
    }
    let arg: unknown;
    try {
      arg = JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, { ok: false, error: refusalFailure({ status: 400, message: 'The request is not JSON.', hint: 'The API takes what keyscope\'s page sends.' }) });
    }
    // The page that sent the request stands in for Electron's sender frame. A browser set to send no Referer is taken
    // as the page: the request has shown the token, and no other site's Origin.
    const answered = await listener({ senderFrame: { url: req.headers.referer ?? `${origin}/` } }, arg);
    const page = pageId(req.headers['x-keyscope-page']);
    if (channel === 'bulk:start' && page) pages.started(page, answered as Response<'bulk:start'>);
    sendJson(res, 200, answered);
  };

  const answer = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const foreign = refuseForeign(req.headers, origin);
    if (foreign) return send(res, foreign.status, 'text/plain', `${foreign.message}\n${foreign.hint}\n`);
    // A target such as `//` or `//[` is no path: no browser sends one, and it is no bug of ours either.
    if (!URL.canParse(req.url ?? '/', origin)) return send(res, 400, 'text/plain', 'The request names no path on this server.\nOpen keyscope from the URL `keyscope ui` printed.\n');
    const url = new URL(req.url ?? '/', origin);
    const needsToken = url.pathname === '/' || url.pathname.startsWith('/api/');
    const noToken = needsToken ? refuseWithoutToken(req.headers, url, token) : null;
    if (noToken) return url.pathname.startsWith('/api/') ? sendJson(res, 403, { ok: false, error: refusalFailure(noToken) }) : send(res, 403, 'text/plain', `${noToken.message}\n${noToken.hint}\n`);
    if (url.pathname === '/') {
      const page = await readFile(join(root, 'index.html'), 'utf8').catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return null;
        throw e;
      });
      // Gone since the start: a build under way replaces the folder.
      if (page === null) return send(res, 503, 'text/plain', `keyscope's page is not built, or is being built again.\nWait for \`npm run build\` to end (or run it), then reload this page.\n`);
      const html = page.replace('<!--harness-api-->', `<script src=".${API_SCRIPT}" ${SOCKET_KEY_ATTRIBUTE}="${socketKey}"></script>`);
      // The opening page has done its work: removed before the answer leaves, so none outlives the page it opened.
      options.onPageServed?.();
      return send(res, 200, 'text/html', html);
    }
    if (url.pathname === API_SCRIPT) return send(res, 200, 'text/javascript', apiScript(sockets.keptMs));
    if (url.pathname === EVENTS) return sendJson(res, 426, { ok: false, error: refusalFailure(eventsNeedSocket) }, { upgrade: 'websocket' });
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: refusalFailure({ status: 405, message: 'The API answers POST only.', hint: 'The API takes what keyscope\'s page sends.' }) }, { allow: 'POST' });
      return answerApi(req, res, url.pathname.slice('/api/'.length));
    }
    // The renderer's files, by the same rules as the app:// protocol (nothing outside its folder, symlinks included).
    const file = await serveAppFile(root, new URL(url.pathname, APP_PAGE).href);
    return send(res, file.status, file.headers.get('content-type') ?? 'text/plain', Buffer.from(await file.arrayBuffer()));
  };

  // The page's events: a WebSocket to /api/events, by the same rules as every request (its host, its origin), but
  // showing the page's proof that it holds the socket key instead of the token, which is never sent on it; keyscope
  // ui's own proof is its first message (event-socket.ts).
  const firstUse = firstUses();
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (r: Refusal) => {
      socket.on('error', () => socket.destroy());
      socket.end(`HTTP/1.1 ${r.status} ${http.STATUS_CODES[r.status] ?? ''}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${r.message}\n${r.hint}\n`);
    };
    const foreign = refuseForeign(req.headers, origin);
    if (foreign) return refuse(foreign);
    const url = URL.canParse(req.url ?? '/', origin) ? new URL(req.url ?? '/', origin) : null;
    if (url?.pathname !== EVENTS) return refuse({ status: 404, message: `Only ${EVENTS} takes a WebSocket.`, hint: 'The API takes what keyscope\'s page sends.' });
    if (!asksForSocket(req.headers)) return refuse({ ...eventsNeedSocket, status: 400 });
    const page = pageId(url.searchParams.get('page'));
    const nonce = pageId(url.searchParams.get('n'));
    if (!page || !nonce) return refuse(eventsNeedPage);
    const unproven = refuseUnprovenSocket(url.searchParams.get('p'), socketKey, nonce, page, firstUse);
    if (unproven) return refuse(unproven);
    const back = url.searchParams.get('back') === '1';
    // A page is counted open from its socket's handshake to its end.
    eventSockets.open(req, socket, head, socketProof(socketKey, 'server', nonce, page), { opened: (events) => sockets.opened(page, events, back), closed: (events, leaving) => sockets.closed(page, events, leaving) });
  });

  server.on('request', (req, res) => {
    answer(req, res).catch(() => {
      // A missing build (index.html) or a bug here: answered as such, never left hanging.
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: internalFailure('answering the page') });
      else res.destroy();
    });
  });

  return {
    url: `${origin}/?t=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        transport.value.close();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
