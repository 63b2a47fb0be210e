/**
 * `keyscope review` against moto (signatures and IAM policies checked), with a real gnome-keyring: a credential
 * report fetched and kept for offline reviews, and the passive audit. Every request goes through a loopback
 * recorder that notes which key signed it, so the test sees that no request was signed by a reviewed key; and each
 * reviewed key's last use, read by the admin straight from moto, is the same after the audit as before it.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyring, useKeyring, type Keyring } from '../../e2e/fixtures/keyring.js';
import { startMoto, type Moto } from '../../e2e/fixtures/moto.js';
import { startRecordingProxy, type RecordingProxy } from '../../e2e/fixtures/recording-proxy.js';
import type { Credentials } from '../core/aws/model.js';
import { keyIdForAccount } from '../core/review/test-kit.js';
import { main } from './index.js';

let keyring: Keyring;
let moto: Moto;
let recorder: RecordingProxy;
let home: string;
let alice: Credentials;
let bob: Credentials;
let auditor: Credentials;
let bobSecond: string;

const LAST_USED_SPEC = { AccessKeyLastUsed: { LastUsedDate: 'string?', ServiceName: 'string', Region: 'string' } } as const;
const lastUsedOf = (keyId: string) => moto.iam('GetAccessKeyLastUsed', { AccessKeyId: keyId }, LAST_USED_SPEC);

async function run(argv: string[], extraEnv: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { env: { KEYSCOPE_HOME: home, AWS_ENDPOINT_URL: recorder.url, ...extraEnv }, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => '' });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

const add = async (name: string, c: Credentials) => expect((await run(['profiles', 'add', name, '--from-env'], { AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey })).code).toBe(0);

beforeAll(async () => {
  keyring = await startKeyring();
  useKeyring(keyring);
  moto = await startMoto({ auth: true });
  recorder = await startRecordingProxy(moto.url);
  const checkSelf = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:GetCallerIdentity', 'iam:GetAccessKeyLastUsed'], Resource: '*' }] };
  alice = await moto.createUser('alice', checkSelf);
  bob = await moto.createUser('bob', checkSelf);
  bobSecond = ((await moto.iam('CreateAccessKey', { UserName: 'bob' }, { AccessKey: { AccessKeyId: 'string' } })).AccessKey as { AccessKeyId: string }).AccessKeyId;
  auditor = await moto.createUser('auditor', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['sts:GetCallerIdentity', 'iam:GetAccessKeyLastUsed', 'iam:ListAccessKeys', 'iam:GenerateCredentialReport', 'iam:GetCredentialReport'], Resource: '*' }],
  });
  // moto writes password_last_used "not_supported" for users without a password, a value AWS never writes and the
  // report reader refuses; with a console password moto writes "no_information", as AWS does.
  for (const user of ['admin', 'alice', 'bob', 'auditor']) await moto.iam('CreateLoginProfile', { UserName: user, Password: 'Passw0rd!Passw0rd!' });
  home = mkdtempSync(join(tmpdir(), 'keyscope-review-moto-'));
  await add('alice', alice);
  await add('bob', bob);
  await add('auditor', auditor);
  // One check each: keyscope learns each key's account, and that check is keyscope's own use.
  expect((await run(['profiles', 'recheck', '--all'])).code).toBe(0);
}, 60_000);

afterAll(async () => {
  await recorder?.stop();
  await moto?.stop();
  keyring?.stop();
});

describe('keyscope review against moto', () => {
  it('audits passively: the auditor signs every request, and each reviewed key\'s last use is what it was', async () => {
    const before = { alice: await lastUsedOf(alice.accessKeyId), bob: await lastUsedOf(bob.accessKeyId) };
    expect((before.alice.AccessKeyLastUsed as { LastUsedDate?: string }).LastUsedDate).toBeTruthy();
    recorder.seen.length = 0;
    const r = await run(['review', '--audit-with', 'auditor', '--output', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('"auditor" left out: it is the auditor');
    // The recorder saw the audit (so the check below can fail), and only the auditor's key.
    expect(recorder.seen.map((s) => s.action).sort()).toEqual(['GetAccessKeyLastUsed', 'GetAccessKeyLastUsed', 'GetCallerIdentity', 'ListAccessKeys', 'ListAccessKeys']);
    expect(new Set(recorder.seen.map((s) => s.keyId))).toEqual(new Set([auditor.accessKeyId]));
    expect({ alice: await lastUsedOf(alice.accessKeyId), bob: await lastUsedOf(bob.accessKeyId) }).toEqual(before);

    const doc = r.json();
    expect(doc.Review.Offline).toBe(false);
    expect(doc.Review.Sources).toEqual(expect.arrayContaining([expect.objectContaining({ Kind: 'audit', Label: 'audit with auditor', Keys: 3 })]));
    // ListAccessKeys showed bob's second key: two active keys, found without either being used.
    const multiple = doc.Findings.find((f: { Check: string }) => f.Check === 'multiple-active-keys');
    expect(multiple).toMatchObject({ Source: 'audit', Resource: { Account: '123456789012', User: 'bob' } });
    expect(JSON.stringify(doc)).not.toContain(bobSecond);
  });

  it('fetches the credential report with a saved profile, keeps it, and reviews it again offline', async () => {
    recorder.seen.length = 0;
    const r = await run(['review', '--no-profiles', '--fetch-credential-report', '--profile', 'auditor', '--output', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('generating the credential report (STARTED)');
    expect(new Set(recorder.seen.map((s) => s.keyId))).toEqual(new Set([auditor.accessKeyId]));
    expect(recorder.seen.map((s) => s.action)).toContain('GetCredentialReport');
    const kept = readdirSync(join(home, 'reports'));
    // moto's GeneratedTime is always 2015-02-02T20:02:02Z.
    expect(kept).toEqual(['credential-report-123456789012-20150202T200202Z.csv']);
    const source = { Kind: 'credential-report', DataAsOf: '2015-02-02T20:02:02.000Z', AsOfOrigin: 'GeneratedTime' };
    expect(r.json().Review.Sources).toEqual([expect.objectContaining({ ...source, Label: 'credential report fetched with auditor', Keys: 5 })]);

    recorder.seen.length = 0;
    const offline = await run(['review', '--offline', '--no-profiles', '--credential-report', 'stored', '--output', 'json']);
    expect(offline.code).toBe(0);
    expect(recorder.seen).toEqual([]);
    expect(offline.json().Review.Sources).toEqual([expect.objectContaining(source)]);
    const list = await run(['review', '--list-reports']);
    expect(list.stdout).toContain('2015-02-02T20:02:02.000Z\t123456789012\t');
    // Fetched again beside the stored one, the same GeneratedTime: the same report, read once (not refused as two).
    const both = await run(['review', '--no-profiles', '--credential-report', 'stored', '--fetch-credential-report', '--profile', 'auditor', '--output', 'json']);
    expect(both.code, both.stderr).toBe(0);
    expect(both.stderr).toContain('credential report fetched with auditor is set aside: it is the report of account 123456789012 generated 2015-02-02T20:02:02.000Z');
    expect(both.json().Review.Sources).toEqual([expect.objectContaining(source)]);
  });

  it('says what went wrong when the fetching profile may not generate reports (exit 3: the review could not run)', async () => {
    const r = await run(['review', '--no-profiles', '--fetch-credential-report', '--profile', 'alice']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/AccessDenied.*GenerateCredentialReport/);
    expect(r.stderr).toContain('hint:');
  });
  it('--recheck checks the saved profiles first (signed by each, as a recheck is), then reviews them; --offline refuses it', async () => {
    expect((await run(['review', '--offline', '--recheck'])).code).toBe(2);
    const before = (await run(['profiles', 'show', 'alice'])).json().History.length;
    recorder.seen.length = 0;
    const r = await run(['review', '--recheck', '--output', 'json']);
    expect([0, 1]).toContain(r.code);
    expect(r.json().Review.Offline).toBe(false);
    expect(recorder.seen.some((x) => x.action === 'GetCallerIdentity' && x.keyId === alice.accessKeyId)).toBe(true);
    expect((await run(['profiles', 'show', 'alice'])).json().History.length).toBe(before + 1);
  });
  it('--check verifies the pairs of a key list (never a canary key), and no secret reaches any output or file', async () => {
    const list = join(mkdtempSync(join(tmpdir(), 'ks-keys-')), 'accessKeys.csv');
    const canary = keyIdForAccount('052310077262');
    writeFileSync(list, `Access key ID,Secret access key\n${alice.accessKeyId},${alice.secretAccessKey}\n${bob.accessKeyId},${'x'.repeat(40)}\n${canary},${'y'.repeat(40)}\n`);
    expect((await run(['review', '--offline', '--no-profiles', '--keys', list, '--check'])).code).toBe(2);
    recorder.seen.length = 0;
    const r = await run(['review', '--no-profiles', '--keys', list, '--check', '--output', 'json']);
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).toMatch(/--check: 3 pairs checked: 1 valid, 1 rejected, 1 could not be checked/);
    expect(recorder.seen.filter((x) => x.keyId === canary)).toEqual([]);
    expect(r.json().Findings.some((f: { Check: string }) => f.Check === 'canary-key')).toBe(true);
    const files = readdirSync(home, { recursive: true }).map(String);
    const written = files.map((f) => { try { return readFileSync(join(home, f), 'utf8'); } catch { return ''; } }).join('');
    for (const secret of [alice.secretAccessKey, 'x'.repeat(40)]) expect(r.stdout + r.stderr + written).not.toContain(secret);
  });
});
