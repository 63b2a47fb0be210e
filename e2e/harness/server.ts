/**
 * The e2e harness: serves the built renderer on 127.0.0.1 and puts the real handlers behind the preload's API,
 * over loopback HTTP with a random token. Everything but the Electron shell is real: registerHandlers with its
 * sender check, the core, the keychain, the profile store. Honours KEYSCOPE_HOME and AWS_ENDPOINT_URL.
 * Prints its URL on the first line.
 */
import { openVaultAt } from '../../electron/core/vault/open-vault.js';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { API_NAMES } from '../../shared/api-names.js';
import { EVENT_CHANNELS, type EventChannel, type Events } from '../../shared/contract.js';
import { internalFailure } from '../../shared/failure.js';
import { createHandlers } from '../../electron/handlers/handlers.js';
import { createTransport } from '../../electron/core/aws/transport.js';
import { keyscopeHome } from '../../electron/core/vault/paths.js';
import { registerHandlers, trustPage, type IpcEventLike } from '../../electron/main/ipc.js';

const ROOT = process.env.KEYSCOPE_RENDERER_DIR ?? join(__dirname, '../renderer');
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.map': 'application/json', '.txt': 'text/plain' };

/** The preload's stand-in: the same named functions (shared/api-names.ts), over fetch and server-sent events. */
function apiScript(): string {
  return `(() => {
  const token = new URLSearchParams(location.search).get('t');
  const call = (channel) => (request) => fetch('/api/' + channel, { method: 'POST', headers: { 'content-type': 'application/json', 'x-keyscope-token': token }, body: JSON.stringify(request) }).then((r) => r.json());
  const api = {};
  for (const [c, name] of Object.entries(${JSON.stringify(API_NAMES)})) api[name] = call(c);
  const source = new EventSource('/api/events?t=' + encodeURIComponent(token));
  const listeners = {};
  for (const e of ${JSON.stringify(EVENT_CHANNELS)}) { listeners[e] = new Set(); source.addEventListener(e, (m) => listeners[e].forEach((l) => l(JSON.parse(m.data)))); }
  api.on = (event, listener) => { listeners[event].add(listener); return () => listeners[event].delete(listener); };
  window.keyscope = Object.freeze(api);
})();`;
}

async function main(): Promise<void> {
  const token = randomBytes(24).toString('hex');
  const transport = createTransport({ env: process.env });
  if (!transport.ok) throw new Error(transport.error.message);
  const streams = new Set<http.ServerResponse>();
  const emit = <E extends EventChannel>(event: E, payload: Events[E]) => {
    for (const s of streams) s.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  };
  const handlers = createHandlers({ vault: openVaultAt(keyscopeHome()), env: process.env, transport: transport.value, emit });
  const bound = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(Number(process.env.KEYSCOPE_HARNESS_PORT ?? 0), '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  registerHandlers({ handle: (channel, listener) => void bound.set(channel, listener) }, { handlers, isTrustedSender: trustPage(`${origin}/`) });

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(body);
    };
    const authorised = req.headers['x-keyscope-token'] === token || url.searchParams.get('t') === token;
    if (url.pathname === '/') {
      if (!authorised) return send(403, 'text/plain', 'This page needs the token the harness printed.');
      const html = readFileSync(join(ROOT, 'index.html'), 'utf8').replace('<!--harness-api-->', '<script src="./harness-api.js"></script>');
      return send(200, 'text/html', html);
    }
    if (url.pathname === '/harness-api.js') return send(200, 'text/javascript', apiScript());
    if (url.pathname === '/api/events') {
      if (!authorised) return send(403, 'text/plain', 'forbidden');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (url.pathname.startsWith('/api/') && req.method === 'POST') {
      if (!authorised) return send(403, 'application/json', JSON.stringify({ ok: false, error: { kind: 'input', message: 'bad token' } }));
      const listener = bound.get(url.pathname.slice('/api/'.length));
      if (!listener) return send(404, 'application/json', '{}');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let arg: unknown;
        try {
          arg = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return send(400, 'application/json', '{}');
        }
        // The page that sent the request stands in for Electron's sender frame.
        listener({ senderFrame: { url: req.headers.referer ?? '' } }, arg)
          .then((r) => send(200, 'application/json', JSON.stringify(r)))
          // registerHandlers answers failures as values; a rejection here is a bug, answered as one.
          .catch(() => send(500, 'application/json', JSON.stringify({ ok: false, error: internalFailure('answering the page') })));
      });
      return;
    }
    const file = normalize(join(ROOT, url.pathname));
    if (!file.startsWith(ROOT)) return send(403, 'text/plain', 'forbidden');
    try {
      return send(200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file));
    } catch {
      return send(404, 'text/plain', 'not found');
    }
  });
  process.stdout.write(`${origin}/?t=${token}\n`);
  const stop = () => {
    transport.value.close();
    for (const s of streams) s.end();
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main().catch((e) => {
  process.stderr.write(`harness: ${(e as Error).message}\n`);
  process.exit(1);
});
