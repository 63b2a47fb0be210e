/** The transport against real loopback servers: a TLS server, an HTTP proxy and a CONNECT proxy of our own. */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate, type TestCertificate } from '../../../e2e/fixtures/tls.js';
import { createTransport } from './transport.js';

let cert: TestCertificate;
let tlsServer: https.Server;
let tlsUrl: URL;
/** The same certificate (for 127.0.0.1 and localhost) served at an address it does not name. */
let otherIpServer: https.Server;
let proxy: http.Server;
let proxyUrl: string;
/** The same proxy on ::1. */
let proxy6: http.Server;
const proxied: string[] = [];
const tunnels: net.Socket[] = [];

beforeAll(async () => {
  cert = makeCertificate();
  tlsServer = https.createServer({ cert: cert.cert, key: cert.key }, (req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`tls ${req.method} ${req.url} ua=${req.headers['user-agent']}`);
  });
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
  tlsUrl = new URL(`https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}/path?q=1`);

  otherIpServer = https.createServer({ cert: cert.cert, key: cert.key }, (_req, res) => res.end('answered at 127.0.0.2'));
  await new Promise<void>((r) => otherIpServer.listen(0, '127.0.0.2', r));

  // A forward proxy: absolute-URI requests for http, CONNECT tunnels for https; it records what it forwarded.
  proxy = forwardProxy();
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://user:p%40ss@127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  proxy6 = forwardProxy();
  await new Promise<void>((r) => proxy6.listen(0, '::1', r));
});

function forwardProxy(): http.Server {
  const proxy = http.createServer((req, res) => {
    proxied.push(`${req.method} ${req.url} auth=${req.headers['proxy-authorization'] ?? '-'}`);
    const target = new URL(req.url ?? '');
    const up = http.request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  proxy.on('connect', (req, socket, head) => {
    proxied.push(`CONNECT ${req.url} auth=${req.headers['proxy-authorization'] ?? '-'}`);
    tunnels.push(socket as net.Socket);
    const [host, port] = (req.url ?? '').split(':');
    const up = net.connect(Number(port), host as string, () => {
      tunnels.push(up);
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
  });
  return proxy;
}

afterAll(async () => {
  tunnels.forEach((s) => s.destroy());
  const servers = [tlsServer, otherIpServer, proxy, proxy6];
  servers.forEach((server) => server?.closeAllConnections());
  await Promise.all(servers.map((server) => new Promise((r) => (server ? server.close(r) : r(undefined)))));
});

const get = (url: URL) => ({ method: 'GET' as const, url, headers: { host: url.host, 'user-agent': 'keyscope/test' } });

describe('transport', () => {
  it('refuses a self-signed server and says to set AWS_CA_BUNDLE', async () => {
    const t = createTransport({ env: {} });
    if (!t.ok) throw new Error('transport');
    const r = await t.value.send(get(tlsUrl));
    t.value.close();
    expect(!r.ok && r.error).toMatchObject({ kind: 'network', category: 'offline', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    if (!r.ok) expect(r.error.hint).toMatch(/AWS_CA_BUNDLE/);
  });

  it('trusts the certificates in AWS_CA_BUNDLE', async () => {
    const t = createTransport({ env: { AWS_CA_BUNDLE: cert.certPath } });
    if (!t.ok) throw new Error('transport');
    const r = await t.value.send(get(tlsUrl));
    t.value.close();
    expect(r.ok && r.value.body).toBe('tls GET /path?q=1 ua=keyscope/test');
  });

  it('refuses an AWS_CA_BUNDLE that holds no certificate', () => {
    const file = join(tmpdir(), `keyscope-not-a-cert-${process.pid}.pem`);
    writeFileSync(file, 'hello');
    const t = createTransport({ env: { AWS_CA_BUNDLE: file } });
    expect(!t.ok && t.error).toMatchObject({ kind: 'input', field: 'AWS_CA_BUNDLE' });
  });

  it('tunnels https through HTTPS_PROXY with CONNECT and proxy credentials', async () => {
    const t = createTransport({ env: { HTTPS_PROXY: proxyUrl, AWS_CA_BUNDLE: cert.certPath } });
    if (!t.ok) throw new Error('transport');
    const r = await t.value.send(get(tlsUrl));
    t.value.close();
    expect(r.ok && r.value.body).toMatch(/^tls GET \/path\?q=1/);
    expect(proxied.at(-1)).toBe(`CONNECT 127.0.0.1:${tlsUrl.port} auth=Basic ${Buffer.from('user:p@ss').toString('base64')}`);
  });

  it('sends http through HTTP_PROXY with the absolute URL, unless NO_PROXY names the host', async () => {
    const plain = http.createServer((req, res) => res.end(`plain ${req.url}`));
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    const url = new URL(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/x`);
    const before = proxied.length;
    const t = createTransport({ env: { http_proxy: proxyUrl } });
    const direct = createTransport({ env: { http_proxy: proxyUrl, NO_PROXY: '127.0.0.1' } });
    if (!t.ok || !direct.ok) throw new Error('transport');
    const r = await t.value.send(get(url));
    expect(r.ok && r.value.body).toBe('plain /x');
    expect(proxied.slice(before)).toEqual([`GET ${url.href} auth=Basic ${Buffer.from('user:p@ss').toString('base64')}`]);
    const d = await direct.value.send(get(url));
    expect(d.ok && d.value.body).toBe('plain /x');
    expect(proxied.length).toBe(before + 1);
    t.value.close();
    direct.value.close();
    plain.closeAllConnections();
    plain.close();
  });

  it('checks an IP address endpoint\'s certificate against that address through a proxy, as it does direct, never against the proxy', async () => {
    // tls.connect was given the tunnel without the target's address: it checked the certificate against the proxy's host.
    const url = new URL(`https://127.0.0.2:${(otherIpServer.address() as AddressInfo).port}/`);
    for (const env of [{ AWS_CA_BUNDLE: cert.certPath }, { HTTPS_PROXY: proxyUrl, AWS_CA_BUNDLE: cert.certPath }]) {
      const t = createTransport({ env });
      if (!t.ok) throw new Error('transport');
      const r = await t.value.send(get(url));
      t.value.close();
      expect(!r.ok && r.error, JSON.stringify(env)).toMatchObject({ kind: 'network', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    }
  });

  it('reaches a proxy at an IPv6 address, for https (CONNECT) and plain http alike', async () => {
    // The bracketed host was handed to the socket as a host name to resolve: ENOTFOUND.
    const proxy6Url = `http://[::1]:${(proxy6.address() as AddressInfo).port}`;
    const https6 = createTransport({ env: { HTTPS_PROXY: proxy6Url, AWS_CA_BUNDLE: cert.certPath } });
    if (!https6.ok) throw new Error('transport');
    const r = await https6.value.send(get(tlsUrl));
    https6.value.close();
    expect(r.ok && r.value.body).toMatch(/^tls GET \/path\?q=1/);
    expect(proxied.at(-1)).toBe(`CONNECT 127.0.0.1:${tlsUrl.port} auth=-`);
    const plain = http.createServer((req, res) => res.end(`plain ${req.url}`));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/y`);
    const http6 = createTransport({ env: { HTTP_PROXY: proxy6Url } });
    if (!http6.ok) throw new Error('transport');
    const p = await http6.value.send(get(url));
    http6.value.close();
    plain.closeAllConnections();
    plain.close();
    expect(p.ok && p.value.body).toBe('plain /y');
    expect(proxied.at(-1)).toBe(`GET ${url.href} auth=-`);
  });

  it('says why a proxy refused the tunnel by its status: credentials (407), a forbidden host (403), a host it cannot reach (502-504)', async () => {
    // A proxy of this test's own that answers each CONNECT with the status named in the target's host (status-407.test).
    const refusing = net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', (head: Buffer) => {
        const status = /^CONNECT status-(\d{3})\./.exec(head.toString())?.[1] ?? '500';
        socket.end(`HTTP/1.1 ${status} Refused\r\nContent-Length: 0\r\n\r\n`);
      });
    });
    await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
    const port = (refusing.address() as AddressInfo).port;
    const refusal = async (status: number, proxyUser = '') => {
      const t = createTransport({ env: { HTTPS_PROXY: `http://${proxyUser}127.0.0.1:${port}` } });
      if (!t.ok) throw new Error('transport');
      const r = await t.value.send(get(new URL(`https://status-${status}.test/`)));
      t.value.close();
      if (r.ok) throw new Error('answered');
      expect(r.error).toMatchObject({ kind: 'network', code: 'EPROXY', category: 'offline' });
      expect(`${r.error.message} ${r.error.hint}`).not.toContain('hunter2');
      return `${r.error.message} | ${r.error.hint}`;
    };
    try {
      expect(await refusal(407)).toMatch(/^The proxy 127\.0\.0\.1:\d+ asks for a user name and password \(HTTP 407\)\. \| .*http:\/\/user:password@/);
      expect(await refusal(407, 'alice:hunter2@')).toMatch(/^The proxy 127\.0\.0\.1:\d+ refused the user name and password in the proxy URL \(HTTP 407\)\. \| Check the user name and password in HTTPS_PROXY/);
      expect(await refusal(403)).toMatch(/^The proxy 127\.0\.0\.1:\d+ does not allow a tunnel to status-403\.test:443 \(HTTP 403\)\. \| .*NO_PROXY/);
      for (const status of [502, 503, 504]) {
        expect(await refusal(status)).toMatch(new RegExp(`^The proxy 127\\.0\\.0\\.1:\\d+ could not reach status-${status}\\.test:443 \\(HTTP ${status}\\)\\. \\| .*host name and region`));
      }
      expect(await refusal(418)).toMatch(/^The proxy 127\.0\.0\.1:\d+ refused the tunnel to status-418\.test:443 \(HTTP 418\)\./);
    } finally {
      await new Promise((r) => refusing.close(r));
    }
  });

  it('says the proxy refused when it is not there', async () => {
    const t = createTransport({ env: { HTTPS_PROXY: 'http://127.0.0.1:1' } });
    if (!t.ok) throw new Error('transport');
    const r = await t.value.send(get(tlsUrl));
    t.value.close();
    expect(!r.ok && r.error).toMatchObject({ kind: 'network', code: 'ECONNREFUSED' });
    if (!r.ok) expect(r.error.message).toMatch(/via proxy 127\.0\.0\.1:1/);
  });
});
