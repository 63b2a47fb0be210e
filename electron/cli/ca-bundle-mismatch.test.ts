/**
 * An AWS_CA_BUNDLE that does not vouch for the server, with the built `keyscope` against a TLS server on 127.0.0.1
 * (README, "Where requests go": a bundle whose certificates TLS cannot use fails each https request "naming the file
 * and saying to fix or unset it"). TLS skips a certificate block it cannot read without a word, so such a bundle, like
 * one holding another CA, ended in the untrusted-chain failure whose hint said to set AWS_CA_BUNDLE, already set.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, ENV_KEY, runKeyscope } from '../../e2e/fixtures/keyscope-process.js';
import { makeCertificate, type TestCertificate } from '../../e2e/fixtures/tls.js';

const IDENTITY = '<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::012345678901:user/tls</Arn><UserId>AIDATLS</UserId><Account>012345678901</Account></GetCallerIdentityResult></GetCallerIdentityResponse>';
const dir = mkdtempSync(join(tmpdir(), 'keyscope-bundle-'));
let server: https.Server;
let endpoint: string;
let served: TestCertificate;
const bundles: Record<'right' | 'other' | 'garbled', string> = { right: join(dir, 'right.pem'), other: join(dir, 'other.pem'), garbled: join(dir, 'garbled.pem') };

beforeAll(async () => {
  assertBuilt();
  served = makeCertificate();
  writeFileSync(bundles.right, served.cert);
  writeFileSync(bundles.other, makeCertificate().cert);
  // The served certificate with its body cut short: it still reads as PEM, and TLS skips it.
  writeFileSync(bundles.garbled, served.cert.replace(/\n-----END CERTIFICATE-----/, '').slice(0, 400) + '\n-----END CERTIFICATE-----\n');
  server = https.createServer({ cert: served.cert, key: served.key }, (_req, res) => res.writeHead(200, { 'content-type': 'text/xml' }).end(IDENTITY));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const verify = (env: Record<string, string>) => runKeyscope(['verify', '--no-last-used', '--output', 'json'], { ...ENV_KEY, AWS_ENDPOINT_URL: endpoint, ...env });
const errorOf = (stdout: string) => (JSON.parse(stdout) as { Valid: null; Error: { Code: string; Message: string; Hint: string } }).Error;

describe('AWS_CA_BUNDLE and a TLS server on this computer, the built CLI', () => {
  it('the bundle holding the served certificate: valid, exit 0', async () => {
    const r = await verify({ AWS_CA_BUNDLE: bundles.right });
    expect(r.code, r.stderr).toBe(0);
  });

  it.each([
    ['another CA', 'other'],
    ['the right certificate cut short (TLS skips it)', 'garbled'],
  ] as const)('a bundle of %s: could not check (exit 3), the hint naming AWS_CA_BUNDLE and its file, to fix or unset', async (_what, which) => {
    const r = await verify({ AWS_CA_BUNDLE: bundles[which] });
    expect(r.code, r.stderr).toBe(3);
    const error = errorOf(r.stdout);
    expect(error.Code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(error.Hint).toContain(`AWS_CA_BUNDLE (${bundles[which]}) is set`);
    expect(error.Hint).toMatch(/or unset it\.$/);
  });

  it('NODE_EXTRA_CA_CERTS holding the served certificate stays trusted when AWS_CA_BUNDLE adds another CA', async () => {
    // Node adds NODE_EXTRA_CA_CERTS to its roots at start; the context built with the bundle copied the roots without it.
    const alone = await verify({ NODE_EXTRA_CA_CERTS: bundles.right });
    expect(alone.code, alone.stderr).toBe(0);
    const r = await verify({ NODE_EXTRA_CA_CERTS: bundles.right, AWS_CA_BUNDLE: bundles.other });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Valid: true, Arn: 'arn:aws:iam::012345678901:user/tls' });
  });

  it('no bundle: the hint says to set AWS_CA_BUNDLE, as before', async () => {
    const r = await verify({});
    expect(r.code, r.stderr).toBe(3);
    expect(errorOf(r.stdout).Hint).toBe('Set AWS_CA_BUNDLE to a file holding that certificate if you trust it.');
  });
});
