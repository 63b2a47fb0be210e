/**
 * verify runs GetCallerIdentity and GetAccessKeyLastUsed together for long-term keys. Against moto (which checks
 * signatures): a key in two, and in many, concurrent requests never draws a spurious SignatureDoesNotMatch. Against a
 * loopback stub: both requests are in flight at once, and the identity answer decides the report.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mistyped, startMoto, type Moto } from '../../e2e/fixtures/moto.js';
import { QueryClient } from './aws/client.js';
import type { Credentials } from './aws/model.js';
import { createTransport, type Transport } from './aws/transport.js';
import { verifyCredential } from './verify.js';

let moto: Moto;
let transport: Transport;
let alice: Credentials;
let bob: Credentials;

const client = (url: string, creds: Credentials) =>
  new QueryClient({ transport, endpoints: { endpointUrl: url, region: 'us-east-1' }, userAgent: 'keyscope-tests', retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }, creds);

beforeAll(async () => {
  const t = createTransport({ env: {} });
  if (!t.ok) throw new Error(t.error.message);
  transport = t.value;
  moto = await startMoto({ auth: true });
  alice = await moto.createUser('alice', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:GetCallerIdentity', 'iam:GetAccessKeyLastUsed'], Resource: '*' }] });
  bob = await moto.createUser('bob', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] });
});
afterAll(async () => {
  transport?.close();
  await moto?.stop();
});

describe('verify against moto, both calls at once', () => {
  it('never draws a spurious SignatureDoesNotMatch: 40 checks of one key at once, 5 rounds (400 requests)', async () => {
    for (let round = 0; round < 5; round += 1) {
      const reports = await Promise.all(Array.from({ length: 40 }, () => verifyCredential(client(moto.url, alice), alice, { lastUsed: true })));
      for (const r of reports) {
        expect(r).toMatchObject({ Valid: true, Arn: 'arn:aws:iam::123456789012:user/alice', UserName: 'alice', LastUsedError: null });
        expect(r.Valid && r.AccessKeyLastUsed).toMatchObject({ ServiceName: expect.any(String), Region: expect.any(String) });
      }
    }
  });

  it('keeps the key valid when last use is denied, with the denial beside it', async () => {
    const r = await verifyCredential(client(moto.url, bob), bob, { lastUsed: true });
    expect(r).toMatchObject({ Valid: true, UserName: 'bob', AccessKeyLastUsed: null, LastUsedError: { Code: 'AccessDenied' } });
  });

  it('reports a wrong secret as the identity call answers it, with nothing of the last-used call', async () => {
    const wrong = { ...alice, secretAccessKey: mistyped(alice.secretAccessKey) };
    const r = await verifyCredential(client(moto.url, wrong), wrong, { lastUsed: true });
    expect(r).toMatchObject({ Valid: false, Error: { Code: 'SignatureDoesNotMatch' } });
    expect(r).not.toHaveProperty('LastUsedError');
    expect(r).not.toHaveProperty('AccessKeyLastUsed');
  });
});

/** A stub that holds every answer until both calls have arrived, so a check that sends them one after the other never completes. */
async function pairedStub(answer: (action: string) => { status: number; body: string }) {
  const waiting: Array<() => void> = [];
  const actions: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      // STS calls are POSTs with a form body, IAM's are GETs with a query string.
      const action = new URLSearchParams(body).get('Action') ?? new URL(req.url ?? '/', 'http://stub').searchParams.get('Action') ?? '';
      actions.push(action);
      const reply = () => {
        const a = answer(action);
        res.writeHead(a.status, { 'content-type': 'text/xml' }).end(a.body);
      };
      waiting.push(reply);
      if (waiting.length === 2) waiting.splice(0).forEach((r) => r());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, actions, close: () => new Promise((r) => server.close(r)) };
}

const IDENTITY = '<GetCallerIdentityResponse><GetCallerIdentityResult><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/carol</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>';
const LAST_USED = '<GetAccessKeyLastUsedResponse><GetAccessKeyLastUsedResult><UserName>carol</UserName><AccessKeyLastUsed><LastUsedDate>2026-01-02T03:04:05Z</LastUsedDate><ServiceName>s3</ServiceName><Region>eu-west-1</Region></AccessKeyLastUsed></GetAccessKeyLastUsedResult></GetAccessKeyLastUsedResponse>';
const THROTTLED = '<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>';
const carol: Credentials = { accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: 's'.repeat(40) };

describe('verify against a stub that answers only when both calls are in', () => {
  it('sends both calls at once and reads both answers', async () => {
    const stub = await pairedStub((a) => ({ status: 200, body: a === 'GetCallerIdentity' ? IDENTITY : LAST_USED }));
    try {
      const r = await verifyCredential(client(stub.url, carol), carol, { lastUsed: true });
      expect(r).toMatchObject({ Valid: true, UserName: 'carol', AccessKeyLastUsed: { LastUsedDate: '2026-01-02T03:04:05Z', ServiceName: 's3', Region: 'eu-west-1' } });
      expect([...stub.actions].sort()).toEqual(['GetAccessKeyLastUsed', 'GetCallerIdentity']);
    } finally {
      await stub.close();
    }
  });

  it('keeps the identity answer authoritative: identity throttled, last use answered, the check is undecided', async () => {
    const stub = await pairedStub((a) => (a === 'GetCallerIdentity' ? { status: 400, body: THROTTLED } : { status: 200, body: LAST_USED }));
    try {
      const r = await verifyCredential(client(stub.url, carol), carol, { lastUsed: true });
      expect(r).toMatchObject({ Valid: null, Error: { Code: 'Throttling' } });
      expect(JSON.stringify(r)).not.toContain('eu-west-1');
    } finally {
      await stub.close();
    }
  });

  it('asks only for the identity of temporary keys and when last use is not asked', async () => {
    const single = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/xml' }).end(IDENTITY));
    await new Promise<void>((r) => single.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(single.address() as AddressInfo).port}/`;
    let requests = 0;
    single.on('request', () => (requests += 1));
    try {
      const temporary = { accessKeyId: 'ASIAY34FZKBOKMUTVV7A', secretAccessKey: 's'.repeat(40), sessionToken: 't'.repeat(100) };
      expect(await verifyCredential(client(url, temporary), temporary, { lastUsed: true })).toMatchObject({ Valid: true, LastUsedSkipped: expect.stringContaining('long-term') });
      expect(await verifyCredential(client(url, carol), carol, { lastUsed: false })).toMatchObject({ Valid: true, LastUsedSkipped: expect.stringContaining('not asked') });
      expect(requests).toBe(2);
    } finally {
      await new Promise((r) => single.close(r));
    }
  });
});
