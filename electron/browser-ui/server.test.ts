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
/** The socket key of `ui`, as its page gets it: on the API script's tag in the page served to the token. */
async function keyOf(ui: BrowserUi): Promise<string> {
  const page = await (await fetch(ui.url)).text();
  const key = /<script src="\.\/browser-api\.js" data-socket-key="([0-9a-f]{64})"><\/script>/.exec(page)?.[1];
  expect(key).toBeDefined();
  return key as string;
}
/** A proof made with `key` by `by` on a socket opened with `nonce` by `page`, made here as api-script.ts makes and checks them (by WebCrypto). */
const proofBy = (by: 'page' | 'server', key: string, nonce: string, page: string) => createHmac('sha256', key).update(`keyscope ui ${by}:${nonce}:${page}`).digest('hex');
/** An events socket's path as the page opens it: its id, a fresh nonce, its proof that it holds the socket `key` (`back`: again, after one it had). */
const eventsPath = (key: string, page: string, nonce: string, back = false) => `/api/events?page=${page}&n=${nonce}&p=${proofBy('page', key, nonce, page)}${back ? '&back=1' : ''}`;
/** An event as a socket is sent it. */
type Sent = { event: string; payload: { jobId?: string; cancelled?: boolean; checked?: number; keptMs?: number; kept?: number; jobIds?: string[] } };

/** An events socket of `page` as the page opens it (`back`: again, after one it had): keyscope ui's proof checked, then every event it is sent. */
async function socketOf(ui: BrowserUi, page: string, back = false): Promise<{ ws: WebSocket; events: Sent[] }> {
  const at = new URL(ui.url);
  const nonce = randomBytes(16).toString('hex');
  const key = await keyOf(ui);
  const ws = new WebSocket(`ws://${at.host}${eventsPath(key, page, nonce, back)}`, { origin: at.origin });
  const messages: unknown[] = [];
  ws.on('message', (m) => messages.push(JSON.parse(String(m))));
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  await vi.waitFor(() => expect(messages[0]).toEqual({ proof: proofBy('server', key, nonce, page) }));
  messages.splice(0, 1);
  return { ws, events: messages as Sent[] };
}

describe('keyscope ui\'s events socket (a WebSocket, spoken by hand: Node 20 has no client)', () => {
  const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
  const PAGE = pageOf(0xdef);
  const nonce = () => randomBytes(16).toString('hex');
  let key: string;
  beforeAll(async () => {
    key = await keyOf(ui);
  });
  /** Writes a handshake to `path` (the page's own, a fresh nonce) with the page's own headers and `headers` over them; resolves with what came back first, and the socket. */
  function handshake(headers: Record<string, string | undefined> = {}, path = eventsPath(key, PAGE, nonce())): Promise<{ head: string; socket: net.Socket; next: () => Promise<Buffer> }> {
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

  /** The text of one unmasked text frame of at most 125 bytes, as the server sends them. */
  const textOf = (frame: Buffer) => {
    expect(frame[0]).toBe(0x81);
    return frame.subarray(2, 2 + (frame[1] as number)).toString('utf8');
  };

  it('opens only with the page\'s proof that it holds the token, answers first with its own (another), then carries each event as one text message, and answers the page\'s close with its own', async () => {
    const n = nonce();
    const { head, socket, next } = await handshake({}, eventsPath(key, PAGE, n));
    try {
      expect(head).toMatch(/^HTTP\/1\.1 101 /);
      // RFC 6455's own example of a key and its answer.
      expect(head).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
      expect(JSON.parse(textOf(await next()))).toEqual({ proof: proofBy('server', key, n, PAGE) });
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

  it('gives the socket key only in the page served to the token, on the API script\'s tag: in no address, not in the API script, not the token', async () => {
    expect(key).not.toBe(tokenOf(ui));
    expect(ui.url).not.toContain(key);
    const script = await (await fetch(new URL('/browser-api.js', url))).text();
    expect(script).toContain('data-socket-key');
    expect(script).not.toContain(key);
    const refused = await fetch(new URL('/', url));
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain(key);
    // The same key for every page of this keyscope ui.
    expect(await keyOf(ui)).toBe(key);
  });

  it('refuses a socket from another site, for another host, without its page\'s id and nonce, without the page\'s proof of the token, on another path, or not a WebSocket, before any upgrade', async () => {
    const token = tokenOf(ui);
    const n = nonce();
    const valid = proofBy('page', key, n, PAGE);
    const refusals: [Record<string, string | undefined>, string | undefined, RegExp][] = [
      // Cross-site WebSocket hijacking: a page of any site may open a socket to 127.0.0.1; its Origin says whose it is.
      [{ origin: 'http://attacker.example' }, undefined, /^HTTP\/1\.1 403 /],
      [{ origin: 'null' }, undefined, /^HTTP\/1\.1 403 /],
      [{ host: `attacker.example:${url.port}` }, undefined, /^HTTP\/1\.1 421 /],
      [{}, '/api/events', /^HTTP\/1\.1 400 /],
      [{}, `/api/events${url.search}`, /^HTTP\/1\.1 400 /],
      [{}, `/api/events?page=${PAGE}`, /^HTTP\/1\.1 400 /],
      [{}, `/api/events?page=${PAGE}&n=${n.toUpperCase()}&p=${valid}`, /^HTTP\/1\.1 400 /],
      // No proof, or one that is not the page's of this socket key, its nonce and its id: the token itself shown in
      // its place, a proof made with the token (which is in the page's address: a stale tab reloaded or duplicated sends
      // it to whatever holds the port), one with another key (a page of a keyscope ui that stopped), keyscope ui's own
      // proof echoed, one of another page or nonce, one in capitals.
      [{}, `/api/events?page=${PAGE}&n=${n}`, /^HTTP\/1\.1 403 /],
      [{}, `/api/events?page=${PAGE}&n=${n}&p=`, /^HTTP\/1\.1 403 /],
      [{}, `/api/events?page=${PAGE}&n=${n}&t=${token}`, /^HTTP\/1\.1 403 /],
      [{}, `/api/events?page=${PAGE}&n=${n}&p=${token}`, /^HTTP\/1\.1 403 /],
      [{}, `/api/events?page=${PAGE}&n=${n}&p=${proofBy('page', token, n, PAGE)}`, /^HTTP\/1\.1 403 /],
      [{}, `/api/events?page=${PAGE}&n=${n}&p=${proofBy('page', '0'.repeat(64), n, PAGE)}`, /^HTTP\/1\.1 403 /],
      [{}, `/api/events?page=${PAGE}&n=${n}&p=${proofBy('server', key, n, PAGE)}`, /^HTTP\/1\.1 403 /],
      [{}, `/api/events?page=${pageOf(0xdee)}&n=${n}&p=${valid}`, /^HTTP\/1\.1 403 /],
      [{}, `/api/events?page=${PAGE}&n=${pageOf(0xabd)}&p=${valid}`, /^HTTP\/1\.1 403 /],
      [{}, `/api/events?page=${PAGE}&n=${n}&p=${valid.toUpperCase()}`, /^HTTP\/1\.1 403 /],
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
    // Still serving, the page's own socket included (its nonce was refused above, never used).
    const { head, socket } = await handshake({}, eventsPath(key, PAGE, n));
    socket.destroy();
    expect(head).toMatch(/^HTTP\/1\.1 101 /);
  });

  it('a flood of sockets without the token (any local program may open them) is refused before any upgrade and holds nothing: pages opening their sockets meanwhile are answered every time', async () => {
    const flood = Array.from({ length: 200 }, (_, i) => {
      const [page, n] = [nonce(), nonce()];
      // As the page opens its socket, with no proof, or with a proof made up.
      return handshake({}, `/api/events?page=${page}&n=${n}${i % 2 ? `&p=${randomBytes(32).toString('hex')}` : ''}`);
    });
    const honest: PromiseSettledResult<unknown>[] = [];
    for (let i = 0; i < 10; i++) {
      const page = pageOf(0x300 + i);
      const opened = socketOf(ui, page).then(async ({ ws, events }) => {
        await doneAtOnce(page);
        await vi.waitFor(() => expect(events.map((e) => e.event)).toContain('bulk:done'));
        ws.terminate();
      });
      honest.push((await Promise.allSettled([opened]))[0] as PromiseSettledResult<unknown>);
    }
    const refused = await Promise.all(flood);
    refused.forEach((r) => r.socket.destroy());
    expect(refused.filter((r) => !/^HTTP\/1\.1 403 /.test(r.head)).map((r) => r.head.split('\r\n')[0])).toEqual([]);
    expect(honest.map((h) => h.status)).toEqual(Array(10).fill('fulfilled'));
  }, 30_000);

  it('refuses a socket opened again with a nonce already used: the page\'s proof, seen once, opens no other socket', async () => {
    const page = pageOf(0x104);
    const path = eventsPath(key, page, nonce());
    const first = await handshake({}, path);
    expect(first.head).toMatch(/^HTTP\/1\.1 101 /);
    const again = await handshake({}, path);
    again.socket.destroy();
    expect(again.head).toMatch(/^HTTP\/1\.1 403 /);
    first.socket.destroy();
    const later = await handshake({}, path);
    later.socket.destroy();
    expect(later.head).toMatch(/^HTTP\/1\.1 403 /);
    const fresh = await handshake({}, eventsPath(key, page, nonce()));
    fresh.socket.destroy();
    expect(fresh.head).toMatch(/^HTTP\/1\.1 101 /);
  });

  it('the page sends nothing on its socket: a message from it (the token, say) ends the socket', async () => {
    const { ws, events } = await socketOf(ui, pageOf(0x105));
    const closed = new Promise((r) => ws.once('close', r));
    ws.send(tokenOf(ui));
    await closed;
    expect(events).toEqual([]);
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
