/**
 * The client decodes a key id's account once and keeps the answer (client.ts): a canary key is still refused on every
 * call of the same client, and a plain key still signs every call. A loopback server counts what reaches it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdForAccount } from '../review/test-kit.js';
import { QueryClient } from './client.js';
import { getCallerIdentity } from './sts.js';
import { createTransport, type Transport } from './transport.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const IDENTITY =
  '<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/a</Arn><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>';
let server: Server;
let transport: Transport;
let url: string;
let requests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests += 1;
    req.resume();
    res.writeHead(200, { 'content-type': 'text/xml' }).end(IDENTITY);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const t = createTransport({ env: {} });
  if (!t.ok) throw new Error(t.error.message);
  transport = t.value;
});
afterAll(() => {
  transport?.close();
  server?.close();
});

const clientFor = (accessKeyId: string) => new QueryClient({ transport, endpoints: { endpointUrl: url, region: 'us-east-1' }, userAgent: 'keyscope/test' }, { accessKeyId, secretAccessKey: SECRET });

describe('one client, several calls', () => {
  it('refuses every call with a canary key, and sends nothing', async () => {
    requests = 0;
    const client = clientFor(keyIdForAccount('052310077262'));
    for (let i = 0; i < 3; i += 1) {
      const r = await getCallerIdentity(client);
      expect(r.ok ? 'sent' : r.error.kind).toBe('canary');
    }
    expect(requests).toBe(0);
  });

  it('signs and sends every call with a plain key', async () => {
    requests = 0;
    const client = clientFor('AKIAY34FZKBOKMUTVV7A');
    for (let i = 0; i < 3; i += 1) expect((await getCallerIdentity(client)).ok).toBe(true);
    expect(requests).toBe(3);
  });
});
