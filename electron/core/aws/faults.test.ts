/** What moto cannot do, against our own fault server (e2e/fixtures/fault-server.ts): a stand-in, named as such. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../../../e2e/fixtures/fault-server.js';
import { freePort } from '../../../e2e/fixtures/ports.js';
import { verifyCredential } from '../verify.js';
import { QueryClient } from './client.js';
import { getAccessKeyLastUsed } from './iam.js';
import { assumeRole, assumeRoleWithSaml, assumeRoleWithWebIdentity, decodeAuthorizationMessage, getCallerIdentity } from './sts.js';
import { createTransport, type Transport } from './transport.js';

const CREDS = { accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
let server: FaultServer;
let transport: Transport;
const sleeps: number[] = [];

function client(path: string, options: { attempts?: number; creds?: typeof CREDS | undefined; transport?: Transport } = {}) {
  return new QueryClient(
    {
      transport: options.transport ?? transport,
      endpoints: { endpointUrl: `${server.url}${path}`, region: 'us-east-1' },
      userAgent: 'keyscope/test',
      retry: { maxAttempts: options.attempts ?? 3, baseDelayMs: 100, maxDelayMs: 1000 },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
    },
    'creds' in options ? options.creds : CREDS,
  );
}

beforeAll(async () => {
  server = await startFaultServer();
  const t = createTransport({ env: {}, connectTimeoutMs: 1000, responseTimeoutMs: 800 });
  if (!t.ok) throw new Error(t.error.message);
  transport = t.value;
});
afterAll(async () => {
  transport?.close();
  await server?.stop();
});

describe('fault server stand-in: failures moto cannot produce', () => {
  it('reports ExpiredToken as expired, and verify calls the key not valid', async () => {
    const report = await verifyCredential(client('/expired/'), CREDS, { lastUsed: true });
    expect(report).toMatchObject({ Valid: false, Error: { Code: 'ExpiredToken', Category: 'expired', HttpStatus: 403 } });
  });

  it('retries throttling with backoff and then succeeds', async () => {
    sleeps.length = 0;
    const r = await getCallerIdentity(client('/throttle/2/a/'));
    expect(r.ok && r.value.value.Account).toBe('012345678901');
    expect(sleeps).toEqual([50, 100]); // full jitter at random 0.5: half of 100 ms, then of 200 ms
  });

  it('gives up after the last attempt and says throttled, without calling the key invalid', async () => {
    const report = await verifyCredential(client('/throttle/9/b/'), CREDS, { lastUsed: true });
    expect(report).toMatchObject({ Valid: null, Error: { Code: 'Throttling', Category: 'throttled' } });
    // Three attempts of GetCallerIdentity (POST); GetAccessKeyLastUsed (GET) went out beside it and retried its own.
    const sent = server.requestsTo('/throttle/9/b/');
    expect(sent.filter((q) => q.method === 'POST')).toHaveLength(3);
    expect(sent.filter((q) => q.method === 'GET')).toHaveLength(3);
  });

  it('retries a 503 and then reports the service as failing', async () => {
    const r = await getCallerIdentity(client('/unavailable/'));
    expect(!r.ok && r.error).toMatchObject({ kind: 'aws', code: 'ServiceUnavailable', category: 'service', httpStatus: 503 });
  });

  it('recognises a proxy\'s HTML page and says so with the HTTP status', async () => {
    const r = await getCallerIdentity(client('/html/', { attempts: 1 }));
    expect(!r.ok && r.error).toMatchObject({ kind: 'parse', httpStatus: 502, category: 'service' });
    if (!r.ok) {
      expect(r.error.message).toMatch(/HTML page \(HTTP 502\)/);
      expect(r.error.hint).toMatch(/proxy/);
    }
  });

  it('reports an empty body', async () => {
    const r = await getCallerIdentity(client('/empty/'));
    expect(!r.ok && r.error).toMatchObject({ kind: 'parse', httpStatus: 200 });
    if (!r.ok) expect(r.error.message).toMatch(/empty answer/);
  });

  it('says a redirect is one, naming where to without its query, and does not follow it', async () => {
    // It read "Got an empty answer (HTTP 302)", with the hint that something had dropped the answer: try again.
    const report = await verifyCredential(client('/redirect/'), CREDS, { lastUsed: false });
    expect(report).toMatchObject({ Valid: null, Error: { Code: 'UnexpectedResponse', Category: 'service', HttpStatus: 302 } });
    if (!report.Valid) {
      expect(report.Error.Message).toBe('The endpoint redirected (HTTP 302) to https://login.example.net/portal, which keyscope does not follow: a signed request is for the endpoint it names.');
      expect(report.Error.Hint).toMatch(/sign in to the network/);
      expect(JSON.stringify(report)).not.toContain('5up3r53cr3t');
    }
    expect(server.requestsTo('/redirect/')).toHaveLength(1);
  });

  it('reports a truncated body', async () => {
    const r = await getCallerIdentity(client('/truncated/'));
    expect(!r.ok && r.error).toMatchObject({ kind: 'parse', httpStatus: 200 });
    if (!r.ok) expect(r.error.message).toMatch(/not AWS XML/);
  });

  it('times out a server that never answers, and verify cannot decide', async () => {
    const started = Date.now();
    const report = await verifyCredential(client('/slow/', { attempts: 1 }), CREDS, { lastUsed: true });
    expect(report).toMatchObject({ Valid: null, Error: { Code: 'ResponseTimeout', Category: 'offline' } });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('says an answer that is not HTTP is one, as something that answered (service), not as offline', async () => {
    const report = await verifyCredential(client('/not-http/', { attempts: 1 }), CREDS, { lastUsed: false });
    expect(report).toMatchObject({ Valid: null, Error: { Code: 'HPE_INVALID_CONSTANT', Category: 'service', HttpStatus: null } });
    if (!report.Valid) {
      expect(report.Error.Message).toMatch(/^What answered at this address does not speak HTTP\. \(127\.0\.0\.1:\d+\)$/);
      expect(report.Error.Hint).toMatch(/endpoint URL's port/);
    }
    expect(server.requestsTo('/not-http/')).toHaveLength(1);
    const headers = await verifyCredential(client('/huge-headers/', { attempts: 1 }), CREDS, { lastUsed: false });
    expect(headers).toMatchObject({ Valid: null, Error: { Code: 'HPE_HEADER_OVERFLOW', Category: 'service', Message: expect.stringMatching(/^The answer's headers were larger than 16 KiB/) } });
  });

  it('reports a refused connection as offline, and verify cannot decide', async () => {
    const port = await freePort();
    const c = new QueryClient({ transport, endpoints: { endpointUrl: `http://127.0.0.1:${port}/`, region: 'us-east-1' }, userAgent: 'k' }, CREDS);
    const report = await verifyCredential(c, CREDS, { lastUsed: true });
    expect(report).toMatchObject({ Valid: null, Error: { Code: 'ECONNREFUSED', Category: 'offline', HttpStatus: null } });
  });

  it('corrects a skewed clock once, succeeds, and says the clock is off', async () => {
    const c = client('/skew/10/');
    const report = await verifyCredential(c, CREDS, { lastUsed: false });
    expect(report.Valid).toBe(true);
    if (report.Valid) expect(report.ClockSkewSeconds).toBeGreaterThan(590);
    const skewRequests = server.requestsTo('/skew/10/');
    expect(skewRequests).toHaveLength(2); // refused, then re-signed with the corrected clock
  });

  it('corrects a skewed clock for both calls of a default verify, sent together, whichever answers first', async () => {
    for (let round = 0; round < 3; round += 1) {
      const path = `/skew/20/r${round}/`;
      const report = await verifyCredential(client(path), CREDS, { lastUsed: true });
      // Both were refused, and both re-signed: the second refusal came after the first had learned the offset.
      expect(report, `round ${round}`).toMatchObject({ Valid: true, LastUsedError: null });
      const sent = server.requestsTo(path).map((q) => q.params.Action);
      expect(sent.sort(), `round ${round}`).toEqual(['GetAccessKeyLastUsed', 'GetAccessKeyLastUsed', 'GetCallerIdentity', 'GetCallerIdentity']);
    }
  });

  it('learns no clock from a Date header that is not an HTTP date: no internal error, no correction (stand-in server)', async () => {
    // Date.parse read these leniently: year 275760 made the retry's signing time an Invalid Date (an internal error),
    // and "1" became 2001, a "correction" of 25 years on a successful answer.
    for (const date of ['Sat, 13 Sep 275760 00:00:00 GMT', '1', '2026-01-01', 'Mon, 32 Foo 2026 99:00:00 GMT']) {
      const r = await getCallerIdentity(client(`/date/${encodeURIComponent(date)}/`));
      expect(r.ok && r.value.value.Account, date).toBe('012345678901');
      expect(r.ok && r.value.clockSkewMs, date).toBeUndefined();
    }
  });

  it('still learns AWS\'s clock from any of the three HTTP date forms (stand-in server)', async () => {
    const ahead = new Date(Date.now() + 30 * 60_000);
    const day = ahead.toUTCString().slice(0, 3);
    const asctime = `${day} ${ahead.toUTCString().slice(8, 11)} ${String(ahead.getUTCDate()).padStart(2, ' ')} ${ahead.toISOString().slice(11, 19)} ${ahead.getUTCFullYear()}`;
    const long = ({ Sun: 'Sunday', Mon: 'Monday', Tue: 'Tuesday', Wed: 'Wednesday', Thu: 'Thursday', Fri: 'Friday', Sat: 'Saturday' } as Record<string, string>)[day];
    const rfc850 = `${long}, ${ahead.toUTCString().slice(5, 7)}-${ahead.toUTCString().slice(8, 11)}-${String(ahead.getUTCFullYear()).slice(2)} ${ahead.toISOString().slice(11, 19)} GMT`;
    for (const date of [ahead.toUTCString(), rfc850, asctime]) {
      const r = await getCallerIdentity(client(`/date/${encodeURIComponent(date)}/`));
      expect(r.ok && r.value.clockSkewMs, date).toBeGreaterThan(29 * 60_000);
    }
  });

  it('reads the moto error shape <Errors><Error>', async () => {
    const r = await getCallerIdentity(client('/moto-errors/'));
    expect(!r.ok && r.error).toMatchObject({ code: 'InvalidClientTokenId', requestId: 'moto-shape-1', category: 'invalid-key' });
  });

  it('decodes an authorization message, which arrives byte for byte', async () => {
    const decoded = JSON.stringify({ allowed: false, context: { action: 'ec2:RunInstances', note: 'ünïcødé & <tags> + = /' } });
    const encoded = Buffer.from(decoded).toString('base64');
    const r = await decodeAuthorizationMessage(client('/ok/'), encoded);
    expect(r.ok && r.value.value.DecodedMessage).toBe(decoded);
    expect(server.requests.at(-1)?.params.EncodedMessage).toBe(encoded);
  });

  it('sends every parameter byte for byte, signed, with the honest User-Agent', async () => {
    const policy = '{"Statement":[{"Sid":"é ü+&=?/%*~!\'()","Effect":"Allow","Action":"*","Resource":"*"}]}';
    await assumeRole(client('/ok/'), {
      RoleArn: 'arn:aws:iam::123456789012:role/x',
      RoleSessionName: 'sess@example.com',
      Policy: policy,
      Tags: [{ Key: 'team name', Value: 'sec/ops+1' }],
      PolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      ExternalId: 'ext:id/1',
    });
    const sent = server.requests.at(-1);
    expect(sent?.params).toMatchObject({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      Policy: policy,
      'Tags.member.1.Key': 'team name',
      'Tags.member.1.Value': 'sec/ops+1',
      'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      ExternalId: 'ext:id/1',
    });
    expect(sent?.headers['user-agent']).toBe('keyscope/test');
    expect(sent?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAY34FZKBOKMUTVV7A\/\d{8}\/us-east-1\/sts\/aws4_request/);
  });

  it('sends IAM as a signed GET and the session token with it', async () => {
    const temp = { ...CREDS, accessKeyId: 'ASIAY34FZKBOKMUTVV7A', sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN+/=' };
    await getAccessKeyLastUsed(client('/ok/', { creds: temp }), 'AKIAY34FZKBOKMUTVV7A');
    const sent = server.requests.at(-1);
    expect(sent?.method).toBe('GET');
    expect(sent?.params).toMatchObject({ Action: 'GetAccessKeyLastUsed', Version: '2010-05-08', AccessKeyId: 'AKIAY34FZKBOKMUTVV7A' });
    expect(sent?.headers['x-amz-security-token']).toBe(temp.sessionToken);
    expect(sent?.headers.authorization).toMatch(/SignedHeaders=[^,]*x-amz-security-token/);
    expect(sent?.headers.authorization).toMatch(/\/us-east-1\/iam\/aws4_request/);
  });

  it('refuses a signed call without a credential, before sending', async () => {
    const before = server.requests.length;
    const r = await getCallerIdentity(client('/ok/', { creds: undefined }));
    expect(!r.ok && r.error).toMatchObject({ kind: 'input' });
    expect(server.requests.length).toBe(before);
  });

  it('sends AssumeRoleWithSAML and AssumeRoleWithWebIdentity unsigned, even when a credential is at hand', async () => {
    await assumeRoleWithSaml(client('/ok/'), {
      RoleArn: 'arn:aws:iam::123456789012:role/saml',
      PrincipalArn: 'arn:aws:iam::123456789012:saml-provider/idp',
      SAMLAssertion: Buffer.from('<samlp:Response>…</samlp:Response>').toString('base64'),
    });
    const saml = server.requests.at(-1);
    expect(saml?.params.Action).toBe('AssumeRoleWithSAML');
    expect(saml?.headers.authorization).toBeUndefined();
    await assumeRoleWithWebIdentity(client('/ok/'), { RoleArn: 'arn:aws:iam::123456789012:role/web', RoleSessionName: 'w1', WebIdentityToken: 'header.payload.sig' });
    const web = server.requests.at(-1);
    expect(web?.params).toMatchObject({ Action: 'AssumeRoleWithWebIdentity', WebIdentityToken: 'header.payload.sig' });
    expect(web?.headers.authorization).toBeUndefined();
    expect(web?.headers['x-amz-security-token']).toBeUndefined();
  });
});
