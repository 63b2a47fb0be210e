/**
 * What `keyscope review --keys FILE --check` adds to a key, through the built CLI as a real process: each id/secret
 * pair is verified first with GetCallerIdentity (signed by that pair, nothing else sent), and its account, user and
 * whether it is the root's join what the review knows; a rejected pair is `invalid-key-saved`; the secrets reach no
 * output and no file. AWS is moto_server behind a loopback recorder that notes who signed what. moto never answers
 * with a root identity, so for one key id the recorder answers GetCallerIdentity itself, as AWS answers the root's
 * key (our own stand-in, named so here).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mistyped, startMoto, type Moto } from '../../e2e/fixtures/moto.js';
import { startRecordingProxy, type Recorded, type RecordingProxy } from '../../e2e/fixtures/recording-proxy.js';
import type { Credentials } from '../core/aws/model.js';
import { analyzeKeyId } from '../core/keys/key-id.js';
import { keyIdForAccount } from '../core/review/test-kit.js';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/keyscope.js');
const EXPECTED = '111122223333';
const ROOT_ACCOUNT = '444455556666';
const ROOT_KEY: Credentials = { accessKeyId: keyIdForAccount(ROOT_ACCOUNT, 7, 7), secretAccessKey: 'rootSecretrootSecretrootSecretrootSecret' };
const BARE = keyIdForAccount('999988887777', 8, 8);

let moto: Moto;
let recorder: RecordingProxy;
let alice: Credentials;
let bob: Credentials;
let dir: string;

const ROOT_IDENTITY = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${ROOT_ACCOUNT}:root</Arn><UserId>${ROOT_ACCOUNT}</UserId><Account>${ROOT_ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;

/** The root key's identity, answered by the recorder itself (moto has no root identity to give). */
const rootIdentity = ({ action, keyId }: Recorded) => (keyId === ROOT_KEY.accessKeyId && action === 'GetCallerIdentity' ? ROOT_IDENTITY : undefined);

/**
 * The built CLI as a real process, in a bare environment (no keychain: --no-profiles needs none). Asynchronous: the
 * recorder answering it runs in this process.
 */
function keyscope(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', HOME: join(dir, 'home'), KEYSCOPE_HOME: join(dir, 'keyscope'), AWS_ENDPOINT_URL: recorder.url }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

interface JsonFinding {
  readonly Check: string;
  readonly Severity: string;
  readonly Title: string;
  readonly Resource: { readonly Account: string | null; readonly User: string | null; readonly AccessKeyId: string | null };
  readonly Evidence: Record<string, unknown>;
}
const findingsOf = (stdout: string): JsonFinding[] => (JSON.parse(stdout) as { Findings: JsonFinding[] }).Findings;
const about = (findings: JsonFinding[], keyId: string) => findings.filter((f) => f.Resource.AccessKeyId === keyId);
const checksAbout = (findings: JsonFinding[], keyId: string) => about(findings, keyId).map((f) => f.Check).sort();

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT });
  dir = mkdtempSync(join(tmpdir(), 'keyscope-review-check-'));
  moto = await startMoto({ auth: true });
  recorder = await startRecordingProxy(moto.url, rootIdentity);
  const checkSelf = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:GetCallerIdentity'], Resource: '*' }] };
  alice = await moto.createUser('alice', checkSelf);
  bob = await moto.createUser('bob', checkSelf);
}, 60_000);

afterAll(async () => {
  await recorder?.stop();
  await moto?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('keyscope review --keys FILE --check (the built CLI, against moto)', () => {
  it('adds each checked key\'s account, user and root-ness, and a rejection, to what the review knows; nothing else is sent and no secret is kept', async () => {
    // moto's key ids derive to its account, as AWS's do: the account is the same number, told apart by where it came from.
    expect(analyzeKeyId(alice.accessKeyId).derivedAccount).toBe('123456789012');
    const wrongSecret = mistyped(bob.secretAccessKey);
    const list = join(dir, 'accessKeys.csv');
    writeFileSync(list, `Access key ID,Secret access key\n${alice.accessKeyId},${alice.secretAccessKey}\n${bob.accessKeyId},${wrongSecret}\n${ROOT_KEY.accessKeyId},${ROOT_KEY.secretAccessKey}\n${BARE}\n`);
    const args = ['review', '--no-profiles', '--keys', list, '--accounts', EXPECTED, '--output', 'json', '--unmask'];

    // Without --check: what the ids alone say (accounts derived from the ids, no user, no root, no rejection).
    recorder.seen.length = 0;
    const before = await keyscope(args);
    expect(before.code, before.stderr).toBe(0);
    expect(recorder.seen).toEqual([]);
    const plain = findingsOf(before.stdout);
    expect(about(plain, alice.accessKeyId)).toEqual([
      expect.objectContaining({ Check: 'unexpected-account', Resource: expect.objectContaining({ Account: '123456789012', User: null }), Evidence: expect.objectContaining({ AccountFrom: 'derived from the key id' }) }),
    ]);
    expect(checksAbout(plain, bob.accessKeyId)).toEqual(['unexpected-account']);
    expect(checksAbout(plain, ROOT_KEY.accessKeyId)).toEqual(['unexpected-account']);

    recorder.seen.length = 0;
    const checked = await keyscope([...args, '--check']);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stderr).toContain('keyscope: --check: 3 pairs checked: 2 valid, 1 rejected, 0 could not be checked.');
    // Verified first with GetCallerIdentity, each pair signing its own request, and nothing else: the bare id is not sent.
    expect(recorder.seen.map((s) => s.action)).toEqual(['GetCallerIdentity', 'GetCallerIdentity', 'GetCallerIdentity']);
    expect(recorder.seen.map((s) => s.keyId).sort()).toEqual([alice.accessKeyId, bob.accessKeyId, ROOT_KEY.accessKeyId].sort());
    const found = findingsOf(checked.stdout);

    // Its account and user join: the account AWS answered (stated, no longer derived from the id), and the user's name.
    expect(about(found, alice.accessKeyId)).toEqual([
      expect.objectContaining({ Check: 'unexpected-account', Resource: expect.objectContaining({ Account: '123456789012', User: 'alice' }), Evidence: expect.objectContaining({ Account: '123456789012', AccountFrom: 'stated by the source' }) }),
    ]);
    // A rejected pair: invalid-key-saved, named as the README's table names it, with what AWS said.
    const rejected = about(found, bob.accessKeyId).find((f) => f.Check === 'invalid-key-saved');
    expect(rejected).toMatchObject({ Severity: 'medium', Title: 'Key was rejected by AWS', Evidence: { LastCheckValid: false, LastCheckCategory: 'invalid-secret' } });
    // Whether it is the root's: the root's key is root-access-key (critical), in the account AWS named.
    expect(checksAbout(found, ROOT_KEY.accessKeyId)).toEqual(['root-access-key', 'unexpected-account']);
    expect(about(found, ROOT_KEY.accessKeyId).find((f) => f.Check === 'root-access-key')).toMatchObject({ Severity: 'critical', Resource: { Account: ROOT_ACCOUNT }, Evidence: { IsRoot: true } });
    // An id without a secret is not checked: the review knows of it what it knew before.
    const what = (list: JsonFinding[]) => about(list, BARE).map(({ Check, Resource, Evidence }) => ({ Check, Resource, Evidence }));
    expect(what(found)).toEqual(what(plain));
    expect(what(found)).toHaveLength(1);

    // The secrets stay in memory for the check only: in no output and in no file keyscope wrote.
    const files = readdirSync(join(dir, 'keyscope'), { recursive: true }).map(String);
    expect(files.some((f) => f.startsWith('reviews'))).toBe(true);
    const written = files.map((f) => { try { return readFileSync(join(dir, 'keyscope', f), 'utf8'); } catch { return ''; } }).join('\n');
    for (const secret of [alice.secretAccessKey, wrongSecret, ROOT_KEY.secretAccessKey]) expect(checked.stdout + checked.stderr + written).not.toContain(secret);
  });

  it('does not call a check\'s findings Resolved when the list is reviewed again without checking (NotReviewed instead)', async () => {
    const wrongSecret = mistyped(bob.secretAccessKey);
    const list = join(dir, 'again.csv');
    writeFileSync(list, `Access key ID,Secret access key\n${bob.accessKeyId},${wrongSecret}\n${ROOT_KEY.accessKeyId},${ROOT_KEY.secretAccessKey}\n`);
    const args = ['review', '--no-profiles', '--keys', list, '--output', 'json', '--unmask'];
    const checked = await keyscope([...args, '--check']);
    expect(checked.code, checked.stderr).toBe(0);
    const found = findingsOf(checked.stdout).map((f) => f.Check).sort();
    expect(found).toEqual(['invalid-key-saved', 'root-access-key']);
    // Offline: nothing checks the keys, so nothing says the rejection or the root key is gone.
    const unchecked = await keyscope([...args, '--offline']);
    expect(unchecked.code, unchecked.stderr).toBe(0);
    const doc = JSON.parse(unchecked.stdout) as { Resolved: JsonFinding[]; NotReviewed?: JsonFinding[] };
    // Before: both Resolved, as though the key list had shown them gone.
    expect(doc.Resolved).toEqual([]);
    // (The earlier test's findings, of other keys, are carried too.)
    const ours = (doc.NotReviewed ?? []).filter((f) => [bob.accessKeyId, ROOT_KEY.accessKeyId].includes(f.Resource.AccessKeyId ?? ''));
    expect(ours.map((f) => f.Check).sort()).toEqual(found);
    // Checked again, they are found again as they were.
    const again = await keyscope([...args, '--check']);
    expect((JSON.parse(again.stdout) as { Findings: Array<{ Check: string; Status: string }> }).Findings.map((f) => f.Status)).toEqual(['unchanged', 'unchanged']);
  });
});
