/**
 * One secure context per CA bundle version in a process: a second transport does not read or parse the bundle again,
 * and a transport that sends only plain http never builds one.
 */
import { copyFileSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate, type TestCertificate } from '../../../e2e/fixtures/tls.js';
import { SecureContextCache, withBundle, type ContextBuilder } from './ca-bundle.js';
import { readBoundedFile } from './read-bounded.js';
import { createTransport } from './transport.js';

let cert: TestCertificate;
let server: https.Server;
let url: URL;
let plain: http.Server;
let plainUrl: URL;
const dir = mkdtempSync(join(tmpdir(), 'keyscope-ca-'));

beforeAll(async () => {
  cert = makeCertificate();
  server = https.createServer({ cert: cert.cert, key: cert.key }, (_req, res) => res.end('trusted'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = new URL(`https://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  plain = http.createServer((_req, res) => res.end('plain'));
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  plainUrl = new URL(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/`);
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  plain?.closeAllConnections();
  await new Promise((r) => plain?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** A cache whose reader counts the bundle reads and whose builder the contexts built (the real ones underneath). */
function countingCache(build: ContextBuilder = withBundle) {
  const reads: string[] = [];
  let builds = 0;
  const cache = new SecureContextCache(
    (path, max) => {
      reads.push(path);
      return readBoundedFile(path, max);
    },
    (pem) => {
      builds += 1;
      return build(pem);
    },
  );
  return { cache, reads, builds: () => builds };
}

/** Each of `to` asked in turn on one transport trusting `bundle`: the bodies, or the failures' messages. */
async function fetchWith(cache: SecureContextCache, bundle: string, to: readonly URL[] = [url]) {
  const t = createTransport({ env: { AWS_CA_BUNDLE: bundle }, secureContexts: cache });
  if (!t.ok) throw new Error(t.error.message);
  try {
    const said: string[] = [];
    for (const u of to) {
      const r = await t.value.send({ method: 'GET', url: u, headers: { host: u.host } });
      said.push(r.ok ? r.value.body : r.error.message);
    }
    return said.join(' | ');
  } finally {
    t.value.close();
  }
}

describe('the AWS_CA_BUNDLE secure context', () => {
  it('is built once for two transports, and both trust the bundle', async () => {
    const bundle = join(dir, 'once.pem');
    copyFileSync(cert.certPath, bundle);
    const { cache, reads, builds } = countingCache();
    expect(await fetchWith(cache, bundle)).toBe('trusted');
    expect(await fetchWith(cache, bundle)).toBe('trusted');
    expect(reads).toEqual([bundle]);
    expect(builds()).toBe(1);
  });

  it('is not built while only plain http is sent (a local stand-in for AWS), and is built at the first https request', async () => {
    const bundle = join(dir, 'plain.pem');
    copyFileSync(cert.certPath, bundle);
    const { cache, reads, builds } = countingCache();
    expect(await fetchWith(cache, bundle, [plainUrl, plainUrl])).toBe('plain | plain');
    expect(reads).toEqual([bundle]);
    expect(builds()).toBe(0);
    expect(await fetchWith(cache, bundle, [plainUrl, url, url])).toBe('plain | trusted | trusted');
    expect(reads).toEqual([bundle]);
    expect(builds()).toBe(1);
  });

  it('a bundle is still checked when the transport is made, though its context waits', () => {
    const bundle = join(dir, 'wrong.pem');
    writeFileSync(bundle, 'not a certificate');
    const { cache, builds } = countingCache();
    const refused = createTransport({ env: { AWS_CA_BUNDLE: bundle }, secureContexts: cache });
    expect(!refused.ok && refused.error).toMatchObject({ kind: 'input', field: 'AWS_CA_BUNDLE', message: `AWS_CA_BUNDLE (${bundle}) holds no PEM certificate.` });
    expect(builds()).toBe(0);
  });

  // A stand-in builder that throws: Node's own cannot be made to fail here (it skips what it cannot parse).
  it('a context that cannot be built fails each https request with what to do, and plain http still goes (stand-in builder that throws)', async () => {
    const bundle = join(dir, 'unbuildable.pem');
    copyFileSync(cert.certPath, bundle);
    const { cache, builds } = countingCache(() => {
      throw new Error('no usable certificate');
    });
    const said = await fetchWith(cache, bundle, [url, plainUrl, url]);
    const refusal = `AWS_CA_BUNDLE (${bundle}) holds a certificate that cannot be used: no usable certificate.`;
    expect(said).toBe(`${refusal} | plain | ${refusal}`);
    expect(builds()).toBe(1);
  });

  it('is built again when the bundle file changes', async () => {
    const bundle = join(dir, 'changed.pem');
    copyFileSync(cert.certPath, bundle);
    const { cache, reads, builds } = countingCache();
    expect(await fetchWith(cache, bundle)).toBe('trusted');
    utimesSync(bundle, new Date(), new Date(Date.now() + 60_000));
    expect(await fetchWith(cache, bundle)).toBe('trusted');
    expect(reads).toEqual([bundle, bundle]);
    expect(builds()).toBe(2);
  });

  it('keeps no refusal: a bundle fixed after a failure is read and trusted', async () => {
    const bundle = join(dir, 'fixed.pem');
    writeFileSync(bundle, 'not a certificate');
    const { cache, reads } = countingCache();
    const refused = createTransport({ env: { AWS_CA_BUNDLE: bundle }, secureContexts: cache });
    expect(!refused.ok && refused.error).toMatchObject({ kind: 'input', field: 'AWS_CA_BUNDLE' });
    copyFileSync(cert.certPath, bundle);
    utimesSync(bundle, new Date(), new Date(Date.now() + 120_000));
    expect(await fetchWith(cache, bundle)).toBe('trusted');
    expect(reads).toEqual([bundle, bundle]);
  });

  it('keeps one context per bundle path', async () => {
    const a = join(dir, 'a.pem');
    const b = join(dir, 'b.pem');
    copyFileSync(cert.certPath, a);
    copyFileSync(cert.certPath, b);
    const { cache, reads } = countingCache();
    for (const bundle of [a, b, a, b]) expect(await fetchWith(cache, bundle)).toBe('trusted');
    expect(reads).toEqual([a, b]);
  });
});
