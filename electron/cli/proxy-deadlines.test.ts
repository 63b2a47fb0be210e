/**
 * The time-outs of the built `keyscope` through an https proxy (README, global flags: `--cli-read-timeout` is "a
 * deadline for each whole exchange, counted from its start, the connection included, so it also bounds a connect that
 * `--cli-connect-timeout 0` leaves unbounded"). Through a proxy, the connect is the CONNECT tunnel: it was bounded by
 * the connect time-out alone (so `--cli-connect-timeout 0` waited ~24.8 days for a proxy that never answers), and the
 * response deadline started again once the tunnel was open.
 *
 * The proxies are stand-ins of this test's own on 127.0.0.1: one accepts and never answers the CONNECT; one answers
 * 200 after a pause and then swallows what comes through the tunnel (the TLS handshake never completes).
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, ENV_KEY, runKeyscope } from '../../e2e/fixtures/keyscope-process.js';

// Never reached: every request goes to the proxy, which never passes anything on.
const ENDPOINT = { AWS_ENDPOINT_URL: 'https://127.0.0.1:9/' };
const TUNNEL_PAUSE_MS = 1_500;

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
let silentProxy: string;
let slowTunnelProxy: string;

async function listen(onSocket: (socket: net.Socket) => void): Promise<string> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    sockets.add(socket);
    onSocket(socket);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

beforeAll(async () => {
  assertBuilt();
  silentProxy = await listen((socket) => socket.resume());
  slowTunnelProxy = await listen((socket) => {
    socket.once('data', () => {
      const answer = setTimeout(() => socket.write('HTTP/1.1 200 Connection established\r\n\r\n'), TUNNEL_PAUSE_MS);
      socket.once('close', () => clearTimeout(answer));
      socket.resume();
    });
  });
});
afterAll(async () => {
  sockets.forEach((socket) => socket.destroy());
  await Promise.all(servers.map((server) => new Promise<void>((r) => server.close(() => r()))));
});

const verify = (proxy: string, flags: string[], limitMs = 10_000) =>
  runKeyscope(['verify', '--no-last-used', '--output', 'json', ...flags], { ...ENV_KEY, ...ENDPOINT, HTTPS_PROXY: proxy }, limitMs);
const errorOf = (stdout: string) => (JSON.parse(stdout) as { Valid: null; Error: { Code: string; Message: string } }).Error;

describe.concurrent('deadlines through an https proxy (stand-in proxies), the built CLI', () => {
  it('--cli-connect-timeout 0: a proxy that never answers the CONNECT is given up at --cli-read-timeout, exit 3', async () => {
    const r = await verify(silentProxy, ['--cli-connect-timeout', '0', '--cli-read-timeout', '1']);
    expect(r.signal, 'still waiting after 10 s: killed').toBeNull();
    expect(r.code, r.stderr).toBe(3);
    expect(errorOf(r.stdout)).toMatchObject({ Code: 'ResponseTimeout', Message: expect.stringMatching(/via proxy 127\.0\.0\.1:\d+ did not answer within 1 s\.$/) });
  }, 20_000);

  it('a connect time-out longer than the read time-out: the read time-out bounds the CONNECT, as it does a direct connect', async () => {
    const r = await verify(silentProxy, ['--cli-connect-timeout', '8', '--cli-read-timeout', '1']);
    expect(r.code, r.stderr).toBe(3);
    expect(errorOf(r.stdout)).toMatchObject({ Code: 'ResponseTimeout', Message: expect.stringMatching(/did not answer within 1 s\.$/) });
    expect(r.ms).toBeLessThan(5_000);
  }, 20_000);

  it('the read time-out counts from the start of the exchange, the tunnel included, not from the tunnel being open', async () => {
    const r = await verify(slowTunnelProxy, ['--cli-connect-timeout', '5', '--cli-read-timeout', '2']);
    expect(r.code, r.stderr).toBe(3);
    expect(errorOf(r.stdout)).toMatchObject({ Code: 'ResponseTimeout', Message: expect.stringMatching(/did not answer within 2 s\.$/) });
    // Counted from the tunnel, it ended 1.5 s + 2 s after the start.
    expect(r.ms).toBeLessThan(2_000 + TUNNEL_PAUSE_MS - 300);
  }, 20_000);

  it('a connect time-out shorter than the read time-out still bounds the CONNECT, said as a connect time-out', async () => {
    const r = await verify(silentProxy, ['--cli-connect-timeout', '1', '--cli-read-timeout', '5']);
    expect(r.code, r.stderr).toBe(3);
    expect(errorOf(r.stdout)).toMatchObject({ Code: 'ConnectTimeout', Message: expect.stringMatching(/^No connection to 127\.0\.0\.1:9 via proxy .* within 1 s\.$/) });
    expect(r.ms).toBeLessThan(4_000);
  }, 20_000);
});
