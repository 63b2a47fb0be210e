/** The client against a real moto_server that checks SigV4 signatures and IAM policies. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mistyped, startMoto, type Moto } from '../../../e2e/fixtures/moto.js';
import { verifyCredential } from '../verify.js';
import { QueryClient } from './client.js';
import { getAccessKeyLastUsed } from './iam.js';
import type { Credentials } from './model.js';
import { assumeRole, assumeRoleWithWebIdentity, getAccessKeyInfo, getCallerIdentity, getFederationToken, getSessionToken } from './sts.js';
import { createTransport, type Transport } from './transport.js';

let moto: Moto;
let open: Moto;
let transport: Transport;
let alice: Credentials;
let bob: Credentials;

const client = (url: string, creds?: Credentials) =>
  new QueryClient({ transport, endpoints: { endpointUrl: url, region: 'us-east-1' }, userAgent: 'keyscope-tests', retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }, creds);

function trust(principal: string) {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });
}

beforeAll(async () => {
  const t = createTransport({ env: {} });
  if (!t.ok) throw new Error(t.error.message);
  transport = t.value;
  [moto, open] = await Promise.all([startMoto({ auth: true }), startMoto({ auth: false })]);
  alice = await moto.createUser('alice', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:*', 'iam:GetAccessKeyLastUsed'], Resource: '*' }] });
  // bob may not read last-used information.
  bob = await moto.createUser('bob', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] });
  await moto.iam('CreateRole', { RoleName: 'auditor', AssumeRolePolicyDocument: trust('arn:aws:iam::123456789012:user/alice') });
  await moto.iam('PutRolePolicy', {
    RoleName: 'auditor',
    PolicyName: 'sts',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] }),
  });
  await moto.iam('CreateRole', { RoleName: 'second-hop', AssumeRolePolicyDocument: trust('arn:aws:sts::123456789012:assumed-role/auditor/first') });
});

afterAll(async () => {
  transport?.close();
  await Promise.all([moto?.stop(), open?.stop()]);
});

describe('against moto with signature checks', () => {
  it('reports whose a valid key is', async () => {
    const r = await getCallerIdentity(client(moto.url, alice));
    expect(r.ok && r.value.value).toMatchObject({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/alice' });
    expect(r.ok && r.value.requestId).toBeTruthy();
  });

  it('says SignatureDoesNotMatch when one character of the secret is wrong', async () => {
    const typo = { ...alice, secretAccessKey: mistyped(alice.secretAccessKey) };
    const r = await getCallerIdentity(client(moto.url, typo));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ kind: 'aws', code: 'SignatureDoesNotMatch', category: 'invalid-secret', httpStatus: 403 });
      expect(r.error.message).not.toContain(typo.secretAccessKey);
    }
  });

  it('says InvalidClientTokenId for a key AWS does not know', async () => {
    const r = await getCallerIdentity(client(moto.url, { accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: alice.secretAccessKey }));
    expect(!r.ok && r.error).toMatchObject({ code: 'InvalidClientTokenId', category: 'invalid-key' });
  });

  it('verifies a key with its last use', async () => {
    const report = await verifyCredential(client(moto.url, alice), alice, { lastUsed: true });
    expect(report).toMatchObject({ Valid: true, Account: '123456789012', UserName: 'alice', KeyType: 'long-term', LastUsedError: null });
    if (report.Valid) {
      expect(report.AccessKeyLastUsed?.ServiceName).toBeTruthy();
      expect(report.AccessKeyId).toMatch(/^AKIA\*+.{4}$/);
    }
  });

  it('keeps a key valid when last-used is denied, with the denial beside it', async () => {
    const report = await verifyCredential(client(moto.url, bob), bob, { lastUsed: true });
    expect(report.Valid).toBe(true);
    if (report.Valid) {
      expect(report.AccessKeyLastUsed).toBeNull();
      expect(report.LastUsedError).toMatchObject({ Code: 'AccessDenied', Category: 'access-denied', HttpStatus: 403 });
    }
  });

  it('reads last-used for a key never used: no date', async () => {
    const fresh = await moto.createUser('carol');
    const r = await getAccessKeyLastUsed(client(moto.url, moto.admin), fresh.accessKeyId);
    expect(r.ok && r.value.value).toMatchObject({ UserName: 'carol', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
    expect(r.ok && r.value.value.AccessKeyLastUsed.LastUsedDate).toBeUndefined();
  });

  it('assumes a role, and the temporary credentials verify as the assumed role; chaining works from them', async () => {
    const first = await assumeRole(client(moto.url, alice), { RoleArn: 'arn:aws:iam::123456789012:role/auditor', RoleSessionName: 'first', DurationSeconds: 900 });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const c = first.value.value.Credentials;
    expect(c.AccessKeyId).toMatch(/^ASIA/);
    expect(first.value.value.AssumedRoleUser.Arn).toBe('arn:aws:sts::123456789012:assumed-role/auditor/first');
    const temp = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    const report = await verifyCredential(client(moto.url, temp), temp, { lastUsed: true });
    expect(report).toMatchObject({ Valid: true, KeyType: 'temporary', Arn: 'arn:aws:sts::123456789012:assumed-role/auditor/first', AccessKeyLastUsed: null });
    // Role chaining: the assumed role's session assumes a second role.
    const second = await assumeRole(client(moto.url, temp), { RoleArn: 'arn:aws:iam::123456789012:role/second-hop', RoleSessionName: 'hop', DurationSeconds: 3600 });
    expect(second.ok && second.value.value.AssumedRoleUser.Arn).toBe('arn:aws:sts::123456789012:assumed-role/second-hop/hop');
  });

  it('refuses an assume-role the trust policy does not allow', async () => {
    const r = await assumeRole(client(moto.url, bob), { RoleArn: 'arn:aws:iam::123456789012:role/auditor', RoleSessionName: 'nope' });
    expect(!r.ok && r.error).toMatchObject({ code: 'AccessDenied', category: 'access-denied' });
  });

  it('gets a federation token with a unicode policy signed byte for byte', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'ÉtéÀ', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/ä ö+&=?/*' }] });
    const r = await getFederationToken(client(moto.url, alice), { Name: 'fed-user', Policy: policy, DurationSeconds: 900 });
    expect(r.ok && r.value.value.FederatedUser).toEqual({ FederatedUserId: '123456789012:fed-user', Arn: 'arn:aws:sts::123456789012:federated-user/fed-user' });
    expect(r.ok && typeof r.value.value.PackedPolicySize).toBe('number');
  });

  it('gets a session token', async () => {
    const r = await getSessionToken(client(moto.url, alice), { DurationSeconds: 900 });
    expect(r.ok && r.value.value.Credentials.SessionToken.length).toBeGreaterThan(20);
  });

  it('never calls a valid key invalid because the endpoint URL holds a query string: the URL is refused before sending', async () => {
    // The query went out unsigned (the signature covered the path alone), so moto, as AWS, answered SignatureDoesNotMatch.
    const r = await getCallerIdentity(client(`${moto.url}?tenant=a`, alice));
    expect(!r.ok && r.error).toMatchObject({ kind: 'input', category: 'input', field: '--endpoint-url' });
    if (!r.ok) expect(`${r.error.message} ${r.error.hint}`).toMatch(new RegExp(`query string.*such as ${moto.url}\\.$`));
    if (!r.ok) expect(`${r.error.message} ${r.error.hint}`).not.toContain('tenant');
  });

  it('tells which account owns a key id', async () => {
    const r = await getAccessKeyInfo(client(moto.url, alice), bob.accessKeyId);
    expect(r.ok && r.value.value).toEqual({ Account: '123456789012' });
  });

  it('assumes a role with a web identity, unsigned, on a moto without authentication', async () => {
    const r = await assumeRoleWithWebIdentity(client(open.url), {
      RoleArn: 'arn:aws:iam::123456789012:role/web',
      RoleSessionName: 'web-session',
      WebIdentityToken: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0.',
      DurationSeconds: 900,
    });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.value.AssumedRoleUser.Arn).toMatch(/assumed-role\/web\/web-session$/);
      expect(r.value.value.Credentials.AccessKeyId).toMatch(/^ASIA/);
    }
  });
});
