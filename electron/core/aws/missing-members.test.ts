/** Well-formed answers that lack what AWS always sends (fault server stand-in): a parse failure, never a TypeError. */
import type { Failure } from '../../../shared/failure.js';
import type { Result } from '../../../shared/result.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../../../e2e/fixtures/fault-server.js';
import { verifyCredential } from '../verify.js';
import { QueryClient } from './client.js';
import { getAccessKeyLastUsed } from './iam.js';
import * as sts from './sts.js';
import { createTransport, type Transport } from './transport.js';

const CREDS = { accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
let server: FaultServer;
let transport: Transport;

const client = (path: string) => new QueryClient({ transport, endpoints: { endpointUrl: `${server.url}${path}` }, userAgent: 'keyscope/test', retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }, CREDS);

beforeAll(async () => {
  server = await startFaultServer();
  const t = createTransport({ env: {} });
  if (!t.ok) throw new Error(t.error.message);
  transport = t.value;
});
afterAll(async () => {
  transport?.close();
  await server?.stop();
});

describe('an answer without <AccessKeyLastUsed> (issue #7)', () => {
  it('is a parse failure of GetAccessKeyLastUsed, not "Cannot read properties of undefined"', async () => {
    const r = await getAccessKeyLastUsed(client('/drop/AccessKeyLastUsed/'), CREDS.accessKeyId);
    expect(r).toMatchObject({ ok: false, error: { kind: 'parse', category: 'service', httpStatus: 200, operation: 'GetAccessKeyLastUsed' } });
    if (!r.ok) expect(r.error.message).toBe('The answer to GetAccessKeyLastUsed lacks what AWS always sends: the answer has no <AccessKeyLastUsed>.');
  });

  it('leaves verify deciding on the identity, with the broken last-used answer beside it', async () => {
    const report = await verifyCredential(client('/drop/AccessKeyLastUsed/'), CREDS, { lastUsed: true });
    expect(report).toMatchObject({
      Valid: true,
      Arn: 'arn:aws:iam::012345678901:user/fault-user',
      AccessKeyLastUsed: null,
      LastUsedError: { Code: 'UnexpectedResponse', HttpStatus: 200, Category: 'service' },
    });
  });

  it('says which member is missing inside it', async () => {
    const r = await getAccessKeyLastUsed(client('/drop/Region/'), CREDS.accessKeyId);
    expect(!r.ok && r.error.message).toMatch(/no <Region> in <AccessKeyLastUsed>/);
    const never = await getAccessKeyLastUsed(client('/drop/LastUsedDate/'), CREDS.accessKeyId);
    expect(never.ok && never.value.value.AccessKeyLastUsed).toEqual({ ServiceName: 's3', Region: 'eu-west-1' });
  });
});

describe('every reader refuses an answer without a member it needs', () => {
  const cases: Array<[string, string, (c: QueryClient) => Promise<Result<unknown, Failure>>]> = [
    ['GetCallerIdentity', 'Arn', (c) => sts.getCallerIdentity(c)],
    ['GetCallerIdentity', 'Account', (c) => sts.getCallerIdentity(c)],
    ['GetCallerIdentity', 'UserId', (c) => sts.getCallerIdentity(c)],
    ['GetCallerIdentity', 'Result', (c) => sts.getCallerIdentity(c)],
    ['GetAccessKeyInfo', 'Account', (c) => sts.getAccessKeyInfo(c, CREDS.accessKeyId)],
    ['AssumeRole', 'SessionToken', (c) => sts.assumeRole(c, { RoleArn: 'arn:aws:iam::012345678901:role/r', RoleSessionName: 'ss' })],
    ['AssumeRole', 'AssumedRoleUser', (c) => sts.assumeRole(c, { RoleArn: 'arn:aws:iam::012345678901:role/r', RoleSessionName: 'ss' })],
    ['GetSessionToken', 'SecretAccessKey', (c) => sts.getSessionToken(c)],
    ['GetSessionToken', 'Credentials', (c) => sts.getSessionToken(c)],
    ['GetFederationToken', 'Expiration', (c) => sts.getFederationToken(c, { Name: 'bob' })],
    ['GetFederationToken', 'FederatedUserId', (c) => sts.getFederationToken(c, { Name: 'bob' })],
    ['DecodeAuthorizationMessage', 'DecodedMessage', (c) => sts.decodeAuthorizationMessage(c, 'e30=')],
  ];
  for (const [action, member, call] of cases) {
    it(`${action} without <${member}>`, async () => {
      const whole = await call(client('/ok/'));
      expect(whole.ok).toBe(true);
      const r = await call(client(`/drop/${member}/`));
      expect(r).toMatchObject({ ok: false, error: { kind: 'parse', operation: action } });
      if (!r.ok) expect(r.error.message).toContain(`<${member === 'Result' ? 'UserId' : member}>`);
    });
  }
});
