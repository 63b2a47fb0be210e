/** One secure context per CA bundle version in a process: a second transport does not read or parse the bundle again. */
import { copyFileSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate, type TestCertificate } from '../../../e2e/fixtures/tls.js';
import { SecureContextCache } from './ca-bundle.js';
import { readBoundedFile } from './read-bounded.js';
import { createTransport } from './transport.js';

let cert: TestCertificate;
let server: https.Server;
let url: URL;
const dir = mkdtempSync(join(tmpdir(), 'keyscope-ca-'));

beforeAll(async () => {
  cert = makeCertificate();
  server = https.createServer({ cert: cert.cert, key: cert.key }, (_req, res) => res.end('trusted'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = new URL(`https://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** A cache whose reader counts the bundle reads (the real reader underneath). */
function countingCache() {
  const reads: string[] = [];
  const cache = new SecureContextCache((path, max) => {
    reads.push(path);
    return readBoundedFile(path, max);
  });
  return { cache, reads };
}

async function fetchWith(cache: SecureContextCache, bundle: string) {
  const t = createTransport({ env: { AWS_CA_BUNDLE: bundle }, secureContexts: cache });
  if (!t.ok) throw new Error(t.error.message);
  try {
    const r = await t.value.send({ method: 'GET', url, headers: { host: url.host } });
    return r.ok ? r.value.body : r.error.message;
  } finally {
    t.value.close();
  }
}

describe('the AWS_CA_BUNDLE secure context', () => {
  it('is built once for two transports, and both trust the bundle', async () => {
    const bundle = join(dir, 'once.pem');
    copyFileSync(cert.certPath, bundle);
    const { cache, reads } = countingCache();
    expect(await fetchWith(cache, bundle)).toBe('trusted');
    expect(await fetchWith(cache, bundle)).toBe('trusted');
    expect(reads).toEqual([bundle]);
  });

  it('is built again when the bundle file changes', async () => {
    const bundle = join(dir, 'changed.pem');
    copyFileSync(cert.certPath, bundle);
    const { cache, reads } = countingCache();
    expect(await fetchWith(cache, bundle)).toBe('trusted');
    utimesSync(bundle, new Date(), new Date(Date.now() + 60_000));
    expect(await fetchWith(cache, bundle)).toBe('trusted');
    expect(reads).toEqual([bundle, bundle]);
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
