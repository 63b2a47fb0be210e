/**
 * AWS_CA_BUNDLE adds to the roots Node trusts, it does not replace them. Mozilla's roots cannot be exercised offline,
 * so a child process is started with `--use-openssl-ca` and SSL_CERT_FILE naming a throwaway root CA: that becomes
 * Node's root store, and a transport built with AWS_CA_BUNDLE naming a second CA must trust servers of both.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'keyscope-roots-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A CA and a server certificate for 127.0.0.1 signed by it, valid for a day. */
function makeCa(name: string): { ca: string; cert: string; key: string } {
  const at = (f: string) => join(dir, `${name}-${f}`);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('ca.key'), '-out', at('ca.pem'), '-days', '1', '-subj', `/CN=keyscope test ${name}`);
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('key.pem'), '-out', at('csr.pem'), '-subj', '/CN=127.0.0.1');
  writeFileSync(at('ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', at('csr.pem'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial', '-out', at('cert.pem'), '-days', '1', '-extfile', at('ext'));
  return { ca: at('ca.pem'), cert: readFileSync(at('cert.pem'), 'utf8'), key: readFileSync(at('key.pem'), 'utf8') };
}

// Two servers (one per CA), then one transport with AWS_CA_BUNDLE; prints what each answered or why not.
const PROBE = `
import https from 'node:https';
import { createTransport } from ${JSON.stringify(join(__dirname, 'transport.ts'))};
const [root, bundled] = JSON.parse(process.env.PROBE_SERVERS ?? '[]');
async function main() {
  const servers = await Promise.all([root, bundled].map((c) => new Promise((r) => { const s = https.createServer({ cert: c.cert, key: c.key }, (_q, a) => a.end('trusted')); s.listen(0, '127.0.0.1', () => r(s)); })));
  const t = createTransport({ env: { AWS_CA_BUNDLE: process.env.PROBE_BUNDLE } });
  if (!t.ok) throw new Error(t.error.message);
  const out = [];
  for (const s of servers) {
    const url = new URL('https://127.0.0.1:' + s.address().port + '/');
    const r = await t.value.send({ method: 'GET', url, headers: { host: url.host } });
    out.push(r.ok ? r.value.body : r.error.message);
  }
  t.value.close();
  servers.forEach((s) => s.close());
  process.stdout.write(JSON.stringify(out));
}
void main();
`;

it('trusts the bundle and keeps the roots Node trusts', () => {
  const root = makeCa('root');
  const bundled = makeCa('bundled');
  const probe = join(dir, 'probe.js');
  buildSync({ stdin: { contents: PROBE, resolveDir: __dirname, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', outfile: probe, logLevel: 'error' });
  const env = { PATH: process.env.PATH ?? '', SSL_CERT_FILE: root.ca, PROBE_BUNDLE: bundled.ca, PROBE_SERVERS: JSON.stringify([root, bundled]) };
  const run = (...flags: string[]) => JSON.parse(execFileSync(process.execPath, [...flags, probe], { env, encoding: 'utf8' })) as string[];
  expect(run('--use-openssl-ca')).toEqual(['trusted', 'trusted']);
  // Without the flag the throwaway root is no root: the first server is refused, so the probe can tell.
  const [refused, trusted] = run();
  expect(refused).not.toBe('trusted');
  expect(trusted).toBe('trusted');
});
