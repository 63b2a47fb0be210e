/**
 * The browser UI's static files, in process on a real renderer folder: the same rules as app:// over HTTP, asked with
 * raw request lines a browser would have normalised first (`..`, escaped dots and slashes, backslashes, NUL, a very
 * long path, a symlink out of the folder), and a request target that is no path at all.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- the page's side, as a client: the server is what is under test
import { WebSocket } from 'ws';
import { startFaultServer, type FaultServer } from '../../e2e/fixtures/fault-server.js';
import { CONTENT_SECURITY_POLICY } from '../main/app-protocol.js';
import { startBrowserUi, type BrowserUi, type BrowserUiOptions } from './server.js';

const SECRET = 'aws_secret_access_key = outside the bundle';
let base: string;
let ui: BrowserUi;
let url: URL;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'keyscope-ui-files-'));
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><!--harness-api-->');
  writeFileSync(join(root, 'assets/app.js'), 'void 0;');
  writeFileSync(join(base, 'secret.txt'), SECRET);
  symlinkSync(join(base, 'secret.txt'), join(root, 'escape.txt'));
  ui = await startBrowserUi({ env: { KEYSCOPE_HOME: join(base, 'store') }, rendererDir: root });
  url = new URL(ui.url);
});
afterAll(async () => {
  await ui?.close();
  rmSync(base, { recursive: true, force: true });
});

/** One HTTP/1.0 GET (a body without chunks to read) with `target` sent as written in the request line, to the server's own host. */
function get(target: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(`GET ${target} HTTP/1.0\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`));
    let raw = '';
    socket.on('data', (d: Buffer) => (raw += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', ...rest] = raw.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: rest.join('\r\n\r\n') });
    });
  });
}

describe('keyscope ui serving the renderer\'s files', () => {
  it('serves a file of the folder, whatever the query, with its type, nosniff and the CSP', async () => {
    for (const target of ['/assets/app.js', '/assets/app.js?x=1', '/./assets/../assets/app.js']) {
      const r = await get(target);
      expect(r.status, target).toBe(200);
      expect(r.body, target).toContain('void 0;');
      expect(r.headers, target).toContain('content-type: text/javascript');
      expect(r.headers, target).toContain('x-content-type-options: nosniff');
      expect(r.headers, target).toContain(`content-security-policy: ${CONTENT_SECURITY_POLICY.toLowerCase()}`);
    }
  });

  it('refuses every way out of the folder, and what is not a file in it, with 404', async () => {
    const targets = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..\\secret.txt',
      '/%5c..%5csecret.txt',
      '/..%5csecret.txt',
      `${base}/secret.txt`,
      `/${encodeURIComponent(join(base, 'secret.txt'))}`,
      '/escape.txt',
      '/assets/app.js%00.txt',
      `/${'a'.repeat(8000)}`,
      '/%E0%A4%A',
      '/assets',
      '/missing.js',
    ];
    for (const target of targets) {
      const r = await get(target);
      expect(r.status, target.slice(0, 80)).toBe(404);
      expect(r.body, target.slice(0, 80)).not.toContain(SECRET);
      expect(r.headers, target.slice(0, 80)).toContain('content-security-policy:');
    }
  });

  it('answers a request target that is no path 400 in words, not as an internal error', async () => {
    for (const target of ['//', '//:x', '//[/assets/app.js']) {
      const r = await get(target);
      expect(r.status, target).toBe(400);
      expect(r.body, target).toMatch(/^The request names no path on this server\.\n/);
      expect(r.body, target).not.toMatch(/internal/);
    }
    // Still serving.
    expect((await get('/assets/app.js')).status).toBe(200);
  });
});

describe('keyscope ui without its page built', () => {
  it('refuses to start when the renderer has no index.html, naming the build to run (a usage error)', async () => {
    const empty = join(base, 'not-built');
    mkdirSync(empty);
    const started = startBrowserUi({ env: { KEYSCOPE_HOME: join(base, 'store-not-built') }, rendererDir: empty });
    await expect(started).rejects.toMatchObject({ message: expect.stringContaining('index.html'), hint: expect.stringContaining('npm run build'), usage: true });
  });

  it('answers the page 503 in words, not as an internal error, when index.html goes after the start (a build under way)', async () => {
    const root = join(base, 'rebuilt');
    mkdirSync(root);
    writeFileSync(join(root, 'index.html'), '<!doctype html><!--harness-api-->');
    const later = await startBrowserUi({ env: { KEYSCOPE_HOME: join(base, 'store-rebuilt') }, rendererDir: root });
    try {
      rmSync(join(root, 'index.html'));
      const r = await fetch(later.url);
      expect(r.status).toBe(503);
      const body = await r.text();
      expect(body).toMatch(/^keyscope's page is not built/);
      expect(body).toContain('npm run build');
      expect(body).not.toMatch(/internal/);
    } finally {
      await later.close();
    }
  });
});

/** A page's id, and a nonce, as the page makes them (16 bytes in hex). */
const pageOf = (n: number) => n.toString(16).padStart(32, '0');
const tokenOf = (ui: BrowserUi) => new URL(ui.url).searchParams.get('t') ?? '';
/** keyscope ui's proof on a socket opened with `nonce` by `page`, made here as the page checks it (api-script.ts, by WebCrypto). */
const proofOf = (ui: BrowserUi, nonce: string, page: string) => createHmac('sha256', tokenOf(ui)).update(`keyscope ui events socket:${nonce}:${page}`).digest('hex');
/** An event as a socket is sent it. */
type Sent = { event: string; payload: { jobId?: string; cancelled?: boolean; checked?: number; keptMs?: number; kept?: number; jobIds?: string[] } };

/** An events socket of `page` opened as the page opens it (`back`: again, after one it had), token not yet shown, with every message it is sent (its proof first). */
async function unprovenSocketOf(ui: BrowserUi, page: string, back = false): Promise<{ ws: WebSocket; nonce: string; messages: unknown[] }> {
  const at = new URL(ui.url);
  const nonce = randomBytes(16).toString('hex');
  const ws = new WebSocket(`ws://${at.host}/api/events?page=${page}&n=${nonce}${back ? '&back=1' : ''}`, { origin: at.origin });
  const messages: unknown[] = [];
  ws.on('message', (m) => messages.push(JSON.parse(String(m))));
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  return { ws, nonce, messages };
}

/** An events socket of `page` as the page opens it: keyscope ui's proof checked, the token shown, then every event it is sent. */
async function socketOf(ui: BrowserUi, page: string, back = false): Promise<{ ws: WebSocket; events: Sent[] }> {
  const { ws, nonce, messages } = await unprovenSocketOf(ui, page, back);
  await vi.waitFor(() => expect(messages[0]).toEqual({ proof: proofOf(ui, nonce, page) }));
  ws.send(tokenOf(ui));
  await vi.waitFor(() => expect(messages[1]).toEqual({ ready: true }));
  messages.splice(0, 2);
  return { ws, events: messages as Sent[] };
}

/** Resolves once `ws` is closed, with how long that took. */
const closedIn = (ws: WebSocket) => {
  const start = Date.now();
  return new Promise<number>((resolve) => (ws.readyState === ws.CLOSED ? resolve(0) : ws.once('close', () => resolve(Date.now() - start))));
};

describe('keyscope ui\'s events socket (a WebSocket, spoken by hand: Node 20 has no client)', () => {
  const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
  const NONCE = pageOf(0xabc);
  const PAGE = pageOf(0xdef);
  /** Writes a handshake to `path` with the page's own headers and `headers` over them; resolves with what came back first, and the socket. */
  function handshake(headers: Record<string, string | undefined> = {}, path = `/api/events?page=${PAGE}&n=${NONCE}`): Promise<{ head: string; socket: net.Socket; next: () => Promise<Buffer> }> {
    return new Promise((resolve, reject) => {
      const all: Record<string, string | undefined> = { host: url.host, origin: url.origin, upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-key': KEY, 'sec-websocket-version': '13', ...headers };
      const socket = net.connect(Number(url.port), url.hostname, () =>
        socket.write(`GET ${path} HTTP/1.1\r\n${Object.entries(all).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`),
      );
      let waiting: ((b: Buffer) => void) | null = null;
      const queue: Buffer[] = [];
      let first = true;
      socket.on('data', (d: Buffer) => {
        if (first) {
          first = false;
          const end = d.indexOf('\r\n\r\n');
          const rest = d.subarray(end + 4);
          resolve({ head: d.subarray(0, end).toString('latin1'), socket, next: () => (queue.length > 0 ? Promise.resolve(queue.shift() as Buffer) : new Promise((r) => (waiting = r))) });
          if (rest.length === 0) return;
          d = rest;
        }
        const take = waiting;
        waiting = null;
        if (take) take(d);
        else queue.push(d);
      });
      socket.on('error', reject);
    });
  }
  const post = (channel: string, body: unknown, page = PAGE) =>
    fetch(new URL(`/api/${channel}`, url), { method: 'POST', headers: { 'content-type': 'application/json', 'x-keyscope-token': tokenOf(ui), 'x-keyscope-page': page, referer: url.href }, body: JSON.stringify(body) });
  /** A bulk check as `page` of a list whose one pair is refused before any check (a key id in the secret's place): done at once, sending nothing. */
  const doneAtOnce = async (page: string) => expect(await (await post('bulk:start', { text: 'AKIAIOSFODNN7EXAMPLE,AKIAIOSFODNN7EXAMPLE' }, page)).json()).toMatchObject({ ok: true });

  /** One text frame as a client sends it (masked; the mask here is zero, which leaves the text as it is). */
  const textFrame = (text: string) => Buffer.concat([Buffer.from([0x81, 0x80 | text.length, 0, 0, 0, 0]), Buffer.from(text)]);
  /** The text of one unmasked text frame of at most 125 bytes, as the server sends them. */
  const textOf = (frame: Buffer) => {
    expect(frame[0]).toBe(0x81);
    return frame.subarray(2, 2 + (frame[1] as number)).toString('utf8');
  };

  it('opens without the token, proves first that it holds it, and once the page showed the token carries each event as one text message, and answers the page\'s close with its own', async () => {
    const { head, socket, next } = await handshake();
    try {
      expect(head).toMatch(/^HTTP\/1\.1 101 /);
      // RFC 6455's own example of a key and its answer.
      expect(head).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
      expect(JSON.parse(textOf(await next()))).toEqual({ proof: proofOf(ui, NONCE, PAGE) });
      socket.write(textFrame(url.searchParams.get('t') ?? ''));
      expect(JSON.parse(textOf(await next()))).toEqual({ ready: true });
      await doneAtOnce(PAGE);
      expect(JSON.parse(textOf(await next()))).toMatchObject({ event: 'bulk:done', payload: { checked: 0 } });
      // A close from the page (masked, as a client's frames are): answered, then the connection ends.
      const ended = new Promise((r) => socket.once('end', r));
      socket.write(Buffer.from([0x88, 0x80, 1, 2, 3, 4]));
      expect([...(await next())]).toEqual([0x88, 0x00]);
      await ended;
    } finally {
      socket.destroy();
    }
  });

  it('refuses a socket from another site, for another host, without its page\'s id and nonce, on another path, or not a WebSocket, before any upgrade', async () => {
    const refusals: [Record<string, string | undefined>, string | undefined, RegExp][] = [
      // Cross-site WebSocket hijacking: a page of any site may open a socket to 127.0.0.1; its Origin says whose it is.
      [{ origin: 'http://attacker.example' }, undefined, /^HTTP\/1\.1 403 /],
      [{ origin: 'null' }, undefined, /^HTTP\/1\.1 403 /],
      [{ host: `attacker.example:${url.port}` }, undefined, /^HTTP\/1\.1 421 /],
      [{}, '/api/events', /^HTTP\/1\.1 400 /],
      [{}, `/api/events${url.search}`, /^HTTP\/1\.1 400 /],
      [{}, `/api/events?page=${PAGE}`, /^HTTP\/1\.1 400 /],
      [{}, `/api/events?page=${PAGE}&n=${NONCE.toUpperCase()}`, /^HTTP\/1\.1 400 /],
      [{}, `/api/profiles:list${url.search}`, /^HTTP\/1\.1 404 /],
      [{ 'sec-websocket-version': '8' }, undefined, /^HTTP\/1\.1 400 /],
      [{ 'sec-websocket-key': undefined }, undefined, /^HTTP\/1\.1 400 /],
    ];
    for (const [headers, path, status] of refusals) {
      const { head, socket } = await handshake(headers, path);
      socket.destroy();
      expect(head, JSON.stringify({ headers, path })).toMatch(status);
    }
    const plain = await fetch(new URL(`/api/events${url.search}`, url));
    expect(plain.status).toBe(426);
    // Still serving.
    const { head, socket } = await handshake();
    socket.destroy();
    expect(head).toMatch(/^HTTP\/1\.1 101 /);
  });

  it('a socket that has not shown the token is sent its proof and nothing else: no event, not even of its own page\'s check', async () => {
    const page = pageOf(0x100);
    const unproven = await unprovenSocketOf(ui, page);
    const watcher = await socketOf(ui, pageOf(0x101));
    try {
      await doneAtOnce(page);
      await vi.waitFor(() => expect(watcher.events.map((e) => e.event)).toContain('bulk:done'));
      await new Promise((r) => setTimeout(r, 200));
      expect(unproven.messages).toEqual([{ proof: proofOf(ui, unproven.nonce, page) }]);
    } finally {
      unproven.ws.terminate();
      watcher.ws.terminate();
    }
  });

  it('a socket showing another token than this keyscope ui\'s (a page of one that stopped) is closed, sent nothing but the proof', async () => {
    const page = pageOf(0x102);
    const { ws, nonce, messages } = await unprovenSocketOf(ui, page);
    await vi.waitFor(() => expect(messages).toHaveLength(1));
    const closed = closedIn(ws);
    ws.send('0'.repeat(48));
    await closed;
    expect(messages).toEqual([{ proof: proofOf(ui, nonce, page) }]);
  });

  it('a socket that shows no token is closed 5 s after it opened', async () => {
    const { ws } = await unprovenSocketOf(ui, pageOf(0x103));
    const waited = await closedIn(ws);
    expect(waited).toBeGreaterThan(4500);
    expect(waited).toBeLessThan(6500);
  }, 10_000);

  it('at most 32 sockets wait for their token at once: one more closes the one that has waited longest, and the others still open as they show it', async () => {
    const waiting = [];
    for (let i = 0; i < 33; i++) waiting.push(await unprovenSocketOf(ui, pageOf(0x200 + i)));
    try {
      const [oldest, next, ...rest] = waiting;
      await closedIn(oldest?.ws as WebSocket);
      expect(next?.ws.readyState).toBe(WebSocket.OPEN);
      const last = rest.at(-1);
      last?.ws.send(tokenOf(ui));
      await vi.waitFor(() => expect(last?.messages[1]).toEqual({ ready: true }));
    } finally {
      for (const w of waiting) w.ws.terminate();
    }
  });
});

describe('keyscope ui\'s page across its events socket dropping (a `ws` client as the page; fault-server stand-in: slow answers moto cannot give)', () => {
  let faults: FaultServer;
  beforeAll(async () => {
    faults = await startFaultServer();
  });
  afterAll(() => faults?.stop());

  /** Runs `body` on a server answering each check 1 s late, whose pages are gone `pageGraceMs` after their last socket closed. */
  async function withSlowUi(times: Pick<BrowserUiOptions, 'pageGraceMs' | 'missedKeptMs' | 'missedMax'>, body: (ui: BrowserUi) => Promise<void>): Promise<void> {
    const ui = await startBrowserUi({ env: { KEYSCOPE_HOME: mkdtempSync(join(base, 'store-drop-')), AWS_ENDPOINT_URL: `${faults.url}/delay/1000/`, HOME: '/nonexistent' }, rendererDir: join(base, 'renderer'), ...times });
    try {
      await body(ui);
    } finally {
      await ui.close();
    }
  }
  /** Starts a bulk check of `count` key ids of their own (tagged `tag`) as `page`; resolves with its job id. */
  async function started(ui: BrowserUi, page: string, tag: string, count: number): Promise<string> {
    const at = new URL(ui.url);
    const text = Array.from({ length: count }, (_, i) => `AKIAY34FZKBOKMUT${tag}${String.fromCharCode(65 + i)}Q,wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY`).join('\n');
    const r = await fetch(new URL('/api/bulk:start', at), { method: 'POST', headers: { 'content-type': 'application/json', 'x-keyscope-token': at.searchParams.get('t') ?? '', 'x-keyscope-page': page, referer: at.href }, body: JSON.stringify({ text }) });
    const answer = (await r.json()) as { ok: boolean; value: { jobId: string } };
    expect(answer.ok).toBe(true);
    return answer.value.jobId;
  }
  /** The bulk:done of `jobId` among `events`, once it came. */
  const doneOf = (events: Sent[], jobId: string) =>
    vi.waitFor(() => {
      const done = events.find((e) => e.event === 'bulk:done' && e.payload.jobId === jobId);
      if (!done) throw new Error(`no bulk:done for ${jobId} yet`);
      return done.payload;
    }, { timeout: 20_000, interval: 50 });
  /** Ends `ws`'s connection as a dropped one does: no close frame (what `ss -K` did to a real page's). */
  const dropped = (ws: WebSocket) => new Promise((r) => (ws.once('close', r), ws.terminate()));

  it('a socket dropped and opened again within the grace: the check running across the drop and one started after both run to their end, and their bulk:done comes', () =>
    withSlowUi({}, async (ui) => {
      const page = pageOf(1);
      const first = await socketOf(ui, page);
      const across = await started(ui, page, 'DA', 6);
      await dropped(first.ws);
      const again = await socketOf(ui, page);
      const after = await started(ui, page, 'DB', 2);
      expect(await doneOf(again.events, after)).toMatchObject({ cancelled: false, checked: 2 });
      expect(await doneOf(again.events, across)).toMatchObject({ cancelled: false, checked: 6 });
    }), 30_000);

  it('what was sent while the page had no socket comes once it opens one again, in order: the check that ended in the gap is not left "Checking…"', () =>
    withSlowUi({}, async (ui) => {
      const page = pageOf(2);
      const first = await socketOf(ui, page);
      const job = await started(ui, page, 'DC', 1);
      await dropped(first.ws);
      await new Promise((r) => setTimeout(r, 2000)); // the check ends meanwhile
      const again = await socketOf(ui, page, true);
      expect(await doneOf(again.events, job)).toMatchObject({ cancelled: false, checked: 1 });
      expect(again.events.map((e) => e.event)).toEqual(['bulk:progress', 'bulk:done']);
    }), 30_000);

  it('a page with two sockets: one closing, even saying it goes away, cancels nothing while the other is open', () =>
    withSlowUi({}, async (ui) => {
      const page = pageOf(3);
      const one = await socketOf(ui, page);
      const other = await socketOf(ui, page);
      const job = await started(ui, page, 'DD', 2);
      await new Promise((r) => (one.ws.once('close', r), one.ws.close(1001)));
      expect(await doneOf(other.events, job)).toMatchObject({ cancelled: false, checked: 2 });
    }), 30_000);

  it('a page whose socket stays closed past the grace has its checks cancelled, and is told so when it comes back; another page\'s run on', () =>
    withSlowUi({ pageGraceMs: 300 }, async (ui) => {
      const page = pageOf(4);
      const watcher = await socketOf(ui, pageOf(5));
      const kept = await started(ui, pageOf(5), 'DE', 2);
      const first = await socketOf(ui, page);
      const job = await started(ui, page, 'DF', 12);
      await dropped(first.ws);
      expect(await doneOf(watcher.events, job)).toMatchObject({ cancelled: true });
      expect(await doneOf(watcher.events, kept)).toMatchObject({ cancelled: false, checked: 2 });
      const back = await socketOf(ui, page);
      expect(await doneOf(back.events, job)).toMatchObject({ cancelled: true });
      // Gone, then back: what it starts now is its own again, not cancelled at once.
      const later = await started(ui, page, 'DG', 1);
      expect(await doneOf(back.events, later)).toMatchObject({ cancelled: false, checked: 1 });
    }), 30_000);

  it('a page whose socket closes saying it goes away (its tab closed or reloaded) has its checks cancelled at once, grace or not', () =>
    withSlowUi({ pageGraceMs: 60_000 }, async (ui) => {
      const watcher = await socketOf(ui, pageOf(6));
      const page = pageOf(7);
      const leaving = await socketOf(ui, page);
      const job = await started(ui, page, 'DH', 12);
      leaving.ws.close(1001);
      expect(await doneOf(watcher.events, job)).toMatchObject({ cancelled: true });
    }), 30_000);

  it('a page back after the server gave it up (no socket for longer than it keeps what a page missed) is told that what it missed is lost, and nothing else; a page\'s first socket is told nothing', () =>
    withSlowUi({ pageGraceMs: 300, missedKeptMs: 800 }, async (ui) => {
      const watcher = await socketOf(ui, pageOf(8));
      const page = pageOf(9);
      const first = await socketOf(ui, page);
      const job = await started(ui, page, 'DI', 12);
      await dropped(first.ws);
      expect(await doneOf(watcher.events, job)).toMatchObject({ cancelled: true });
      await new Promise((r) => setTimeout(r, 1000)); // given up 0.8 s after its socket closed
      const back = await socketOf(ui, page, true);
      await vi.waitFor(() => expect(back.events).toEqual([{ event: 'app:events-lost', payload: { keptMs: 800, by: 'keyscope' } }]));
      expect(watcher.events.filter((e) => e.event === 'app:events-lost')).toEqual([]);
      // Back, it is a page again: what it starts is its own, not cancelled at once.
      const later = await started(ui, page, 'DJ', 1);
      expect(await doneOf(back.events, later)).toMatchObject({ cancelled: false, checked: 1 });
    }), 30_000);

  it('a page that missed more events than are kept for it is told so when it comes back, before what was kept: the first ones and every end', () =>
    withSlowUi({ missedMax: 2 }, async (ui) => {
      const page = pageOf(10);
      const first = await socketOf(ui, page);
      const job = await started(ui, page, 'DK', 6);
      await dropped(first.ws);
      await new Promise((r) => setTimeout(r, 7000)); // the six checks end meanwhile: six results, then the end
      const again = await socketOf(ui, page, true);
      expect(await doneOf(again.events, job)).toMatchObject({ cancelled: false, checked: 6 });
      expect(again.events.map((e) => e.event)).toEqual(['app:events-dropped', 'bulk:progress', 'bulk:progress', 'bulk:done']);
      expect(again.events[0]?.payload).toEqual({ kept: 2, jobIds: [job] });
      // Told once: a later drop that loses nothing is told nothing.
      await dropped(again.ws);
      const third = await socketOf(ui, page, true);
      await new Promise((r) => setTimeout(r, 200));
      expect(third.events).toEqual([]);
    }), 30_000);

  it('a page told that events were dropped is told of which jobs (here another page\'s check), so it takes no loss for a check of its own', () =>
    withSlowUi({ missedMax: 2 }, async (ui) => {
      const page = pageOf(11);
      const first = await socketOf(ui, page);
      const other = await socketOf(ui, pageOf(12));
      await dropped(first.ws);
      const job = await started(ui, pageOf(12), 'DL', 6);
      await doneOf(other.events, job); // six results, then the end: the page away kept two
      const again = await socketOf(ui, page, true);
      await vi.waitFor(() => expect(again.events.map((e) => e.event)).toEqual(['app:events-dropped', 'bulk:progress', 'bulk:progress', 'bulk:done']));
      expect(again.events[0]?.payload).toEqual({ kept: 2, jobIds: [job] });
    }), 30_000);
});
