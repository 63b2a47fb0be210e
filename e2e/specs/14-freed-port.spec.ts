/// <reference lib="dom" />
/**
 * A `keyscope ui` tab left open after keyscope ui stopped: whatever binds the freed port next (any local user may bind
 * an unprivileged port) must get neither the token nor a request from it, pasted secrets least of all. The page talks
 * to a server only once that server has proved on the events socket that it holds the token. And a local program
 * without the token, opening events sockets as fast as it can, keeps no page from getting its own.
 */
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
// eslint-disable-next-line no-restricted-imports -- the impostor's own socket server: keyscope's is what is under test
import { WebSocket, WebSocketServer } from 'ws';
import type { KeyscopeApi } from '../../shared/api-names';
import { startHarnessWithTimes, type Harness } from '../fixtures/harness';
import { freshHome } from './08-helpers';
import { expect, test } from './app';

test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name !== 'chromium', 'runs browser apps of its own'));

const KEY = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
/** The page gives keyscope ui up after 2 s without an events socket (2 minutes in `keyscope ui`). */
const SHORT_TIMES = { pageGraceMs: 500, missedKeptMs: 2000 };

/**
 * A server of another local user on `port`: it accepts every request and WebSocket, answers as keyscope would, and logs
 * all it is sent. `learning`: it refuses every WebSocket until a request shows it `?t=` (a stale tab's address, sent by
 * reloading or duplicating the tab, or opening one of its links in a new one), then opens each with keyscope ui's
 * proof made with that token, as keyscope ui made it before the proofs had a key of their own.
 */
async function impostorOn(port: number, learning = false): Promise<{ log: string[]; sockets: () => number; stop: () => Promise<void> }> {
  const log: string[] = [];
  let sockets = 0;
  let token: string | null = null;
  const server = http.createServer((req, res) => {
    token ??= new URL(req.url ?? '/', 'http://x').searchParams.get('t');
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      log.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)} ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, value: { valid: true } }));
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (learning && !token) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets++;
      log.push(`WS ${req.url} ${JSON.stringify(req.headers)}`);
      ws.on('message', (m) => log.push(`WS message ${String(m)}`));
      const asked = new URL(req.url ?? '/', 'http://x').searchParams;
      if (token) ws.send(JSON.stringify({ proof: createHmac('sha256', token).update(`keyscope ui server:${asked.get('n')}:${asked.get('page')}`).digest('hex') }));
    });
  });
  await new Promise<void>((resolve, reject) => (server.once('error', reject), server.listen(port, '127.0.0.1', resolve)));
  expect((server.address() as AddressInfo).port).toBe(port);
  return {
    log,
    sockets: () => sockets,
    stop: () => new Promise((resolve) => (wss.clients.forEach((c) => c.terminate()), server.close(() => resolve()), server.closeAllConnections())),
  };
}

/** Opens `ui` in a new page, waits for its first answer, and records its API requests and the events-lost notices it raises. */
async function opened(page: Page, ui: Harness): Promise<{ requests: string[] }> {
  const requests: string[] = [];
  page.on('request', (r) => void (new URL(r.url()).pathname.startsWith('/api/') && requests.push(r.url())));
  await page.goto(ui.url);
  await page.evaluate(async () => {
    const api = (window as unknown as { keyscope: KeyscopeApi; lost: unknown[] }).keyscope;
    (window as unknown as { lost: unknown[] }).lost = [];
    api.on('app:events-lost', (l) => (window as unknown as { lost: unknown[] }).lost.push(l));
    const r = await api.listProfiles({});
    if (!r.ok) throw new Error(r.error.message);
  });
  return { requests };
}

/** What the page's check of KEY came to: 'answered', or what it rejected with. */
const checked = (page: Page) =>
  page.evaluate(
    (key) =>
      (window as unknown as { keyscope: KeyscopeApi }).keyscope.checkCredential(key).then(
        () => 'answered',
        (e: unknown) => String(e),
      ),
    KEY,
  );

/** The stale page sent no request (`sent`, since keyscope ui stopped), and the impostor was asked no check and sent no secret. */
function toldNothing(sent: string[], log: string[]): void {
  expect(sent).toEqual([]);
  const all = log.join('\n');
  expect(all).not.toContain(KEY.secretAccessKey);
  expect(all).not.toContain('/api/creds');
}

test('keyscope ui stopped, another program on its freed port: the page left open sends it neither the token nor its requests (a pasted secret least of all), its check says keyscope ui could not be reached, and the page says keyscope ui may have stopped', async ({ browser, world }) => {
  const ui = await startHarnessWithTimes({ ...world.harnessEnv, KEYSCOPE_HOME: freshHome('freed-port') }, SHORT_TIMES);
  const context = await browser.newContext();
  const port = Number(new URL(ui.url).port);
  const token = new URL(ui.url).searchParams.get('t') as string;
  let impostor: Awaited<ReturnType<typeof impostorOn>> | null = null;
  try {
    const page = await context.newPage();
    const { requests } = await opened(page, ui);
    const before = requests.length;
    await ui.stop();
    impostor = await impostorOn(port);
    const bound = impostor;
    // The page opens its events socket again (0.5 s, then up to 5 s apart): to the impostor.
    await expect.poll(() => bound.sockets(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await checked(page)).toBe('keyscope ui unreached');
    // Its socket never proved itself: the page counts it as none, and says so once it has had none for 2 s.
    await expect.poll(() => page.evaluate(() => (window as unknown as { lost: unknown[] }).lost), { timeout: 15_000 }).toEqual([{ keptMs: 2000, by: 'page' }]);
    toldNothing(requests.slice(before), impostor.log);
    expect(impostor.log.join('\n')).not.toContain(token);
  } finally {
    await context.close();
    await impostor?.stop();
    await ui.stop();
  }
});

test('keyscope ui stopped, another program on its freed port that learns the token from the stale tab\'s address (the tab duplicated, as reloading it or opening one of its links in a new tab does): the stale tab still sends it nothing, and its check says keyscope ui could not be reached', async ({ browser, world }) => {
  const ui = await startHarnessWithTimes({ ...world.harnessEnv, KEYSCOPE_HOME: freshHome('freed-port-leaked') }, SHORT_TIMES);
  const context = await browser.newContext();
  const port = Number(new URL(ui.url).port);
  let impostor: Awaited<ReturnType<typeof impostorOn>> | null = null;
  try {
    const page = await context.newPage();
    const { requests } = await opened(page, ui);
    const before = requests.length;
    // The socket key came on the API script's tag, and is off the page once read.
    expect(await page.content()).toContain('browser-api.js');
    expect(await page.content()).not.toContain('data-socket-key');
    await ui.stop();
    impostor = await impostorOn(port, true);
    const bound = impostor;
    expect(await checked(page)).toBe('keyscope ui unreached');
    // "Duplicate tab": the browser asks the port for the stale tab's address, token included.
    const duplicate = await context.newPage();
    await duplicate.goto(page.url());
    expect(impostor.log.some((l) => l.includes('?t='))).toBe(true);
    // The stale tab opens its socket again (up to 5 s apart), now let in, and is sent a proof made with the token.
    await expect.poll(() => bound.sockets(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await checked(page)).toBe('keyscope ui unreached');
    toldNothing(requests.slice(before), impostor.log);
  } finally {
    await context.close();
    await impostor?.stop();
    await ui.stop();
  }
});

test('keyscope ui stopped, then started again on the same port (a new token): the page left open asks the new one nothing, its check says keyscope ui could not be reached, and the page says keyscope ui may have stopped (start it again and open the new address it prints)', async ({ browser, world }) => {
  const home = freshHome('same-port');
  const ui = await startHarnessWithTimes({ ...world.harnessEnv, KEYSCOPE_HOME: home }, SHORT_TIMES);
  const context = await browser.newContext();
  const port = Number(new URL(ui.url).port);
  let again: Harness | null = null;
  try {
    const page = await context.newPage();
    const { requests } = await opened(page, ui);
    const before = requests.length;
    await ui.stop();
    // `port` goes through to startBrowserUi as `keyscope ui --port` gives it.
    again = await startHarnessWithTimes({ ...world.harnessEnv, KEYSCOPE_HOME: home }, { ...SHORT_TIMES, port } as typeof SHORT_TIMES);
    expect(new URL(again.url).port).toBe(String(port));
    await page.waitForTimeout(1500); // the page has opened its socket to the new keyscope ui meanwhile
    expect(await checked(page)).toBe('keyscope ui unreached');
    await expect.poll(() => page.evaluate(() => (window as unknown as { lost: unknown[] }).lost), { timeout: 15_000 }).toEqual([{ keptMs: 2000, by: 'page' }]);
    expect(requests.slice(before)).toEqual([]);
  } finally {
    await context.close();
    await again?.stop();
    await ui.stop();
  }
});

/** Another local program, without the token, opening events sockets to `url` as a page would (its Origin and Host, a page id and nonce of its own) on `loops` connections at once, each again as soon as the last ended. */
function flooding(url: string, loops: number): { upgraded: () => number; refused: () => number; stop: () => void } {
  const at = new URL(url);
  let [upgraded, refused, stopped] = [0, 0, false];
  const sockets = new Set<WebSocket>();
  const loop = () => {
    if (stopped) return;
    const ws = new WebSocket(`ws://${at.host}/api/events?page=${randomBytes(16).toString('hex')}&n=${randomBytes(16).toString('hex')}&p=${randomBytes(32).toString('hex')}`, { origin: at.origin });
    sockets.add(ws);
    let ended = false;
    const next = () => {
      if (ended) return;
      ended = true;
      sockets.delete(ws);
      setImmediate(loop);
    };
    ws.on('open', () => upgraded++);
    ws.on('unexpected-response', (req) => (refused++, req.destroy(), next()));
    ws.on('error', next);
    ws.on('close', next);
  };
  for (let i = 0; i < loops; i++) loop();
  return { upgraded: () => upgraded, refused: () => refused, stop: () => ((stopped = true), sockets.forEach((ws) => ws.terminate())) };
}

test('another local program opening events sockets without the token, as fast as it can: none is upgraded, and each page opened meanwhile gets its socket and every answer', async ({ browser, world }) => {
  const ui = await startHarnessWithTimes({ ...world.harnessEnv, KEYSCOPE_HOME: freshHome('socket-flood') }, SHORT_TIMES);
  const context = await browser.newContext();
  const flood = flooding(ui.url, 64);
  try {
    for (let i = 0; i < 5; i++) {
      const page = await context.newPage();
      await opened(page, ui); // its socket proven, then its first answer
      expect(await checked(page)).toBe('answered');
      await page.close();
    }
    expect(flood.refused()).toBeGreaterThan(100);
    expect(flood.upgraded()).toBe(0);
  } finally {
    flood.stop();
    await context.close();
    await ui.stop();
  }
});
