/** The command line in process, against moto (signatures checked) and the fault server. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../../e2e/fixtures/fault-server.js';
import { startMoto, type Moto } from '../../e2e/fixtures/moto.js';
import { freePort } from '../../e2e/fixtures/ports.js';
import type { Credentials } from '../core/aws/model.js';
import { keyIdForAccount } from '../core/review/test-kit.js';
import { main } from './index.js';

let moto: Moto;
let faults: FaultServer;
let alice: Credentials;

async function run(argv: string[], env: Record<string, string | undefined> = {}, stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    // No ~/.aws of the machine's: the credential chain would find its [default] profile.
    env: { HOME: '/nonexistent', ...env },
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => stdin,
  });
  return { code, stdout, stderr };
}

const envFor = (c: Credentials, extra: Record<string, string> = {}) => ({
  AWS_ACCESS_KEY_ID: c.accessKeyId,
  AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
  ...(c.sessionToken ? { AWS_SESSION_TOKEN: c.sessionToken } : {}),
  AWS_ENDPOINT_URL: moto.url,
  ...extra,
});

beforeAll(async () => {
  [moto, faults] = await Promise.all([startMoto({ auth: true }), startFaultServer()]);
  alice = await moto.createUser('alice', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:*', 'iam:GetAccessKeyLastUsed'], Resource: '*' }] });
  await moto.iam('CreateRole', {
    RoleName: 'reader',
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/alice' }, Action: 'sts:AssumeRole' }] }),
  });
  await moto.iam('CreateRole', {
    RoleName: 'locked',
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/nobody' }, Action: 'sts:AssumeRole' }] }),
  });
});
afterAll(async () => {
  await Promise.all([moto?.stop(), faults?.stop()]);
});

describe('keyscope verify', () => {
  it('prints Valid true, the Arn and the last use, and exits 0', async () => {
    const r = await run(['verify', '--output', 'json'], envFor(alice));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ Valid: true, Arn: 'arn:aws:iam::123456789012:user/alice', Account: '123456789012', UserName: 'alice', LastUsedError: null });
    expect(out.AccessKeyLastUsed).toMatchObject({ ServiceName: expect.any(String), Region: expect.any(String) });
    expect(r.stdout).not.toContain(alice.secretAccessKey);
    expect(r.stdout).not.toContain(alice.accessKeyId);
  });

  it('says SignatureDoesNotMatch for one wrong character of the secret, and exits 1', async () => {
    const typo = { ...alice, secretAccessKey: alice.secretAccessKey.replace(/.$/, (c) => (c === 'x' ? 'y' : 'x')) };
    const r = await run(['verify', '--output', 'json'], envFor(typo));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ Valid: false, Error: { Code: 'SignatureDoesNotMatch', Category: 'invalid-secret', HttpStatus: 403 } });
    expect(r.stdout + r.stderr).not.toContain(typo.secretAccessKey);
  });

  it('exits 3 and does not call the key invalid when the port is closed', async () => {
    const port = await freePort();
    const r = await run(['verify', '--output', 'json'], envFor(alice, { AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` }));
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ Valid: null, Error: { Code: 'ECONNREFUSED', Category: 'offline' } });
  });

  it('exits 1 for ExpiredToken (fault server stand-in)', async () => {
    const r = await run(['verify', '--output', 'text'], envFor(alice, { AWS_ENDPOINT_URL: `${faults.url}/expired/` }));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NOT VALID\s+ExpiredToken \(HTTP 403\)/);
    expect(r.stdout).toMatch(/temporary credentials have expired/);
  });

  it('prints plain words in text output, and skips last-used on request', async () => {
    const r = await run(['verify', '--output', 'text', '--no-last-used'], envFor(alice));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^valid\s+arn:aws:iam::123456789012:user\/alice$/m);
    expect(r.stdout).toMatch(/last used\s+not asked/);
  });

  it('warns that the clock is off, and still succeeds (fault server stand-in)', async () => {
    const r = await run(['verify', '--no-last-used'], envFor(alice, { AWS_ENDPOINT_URL: `${faults.url}/skew/30/` }));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/clock is 30 minutes behind AWS/);
  });

  it('shows each request with --debug, but never the secret', async () => {
    const r = await run(['verify', '--debug'], envFor(alice));
    expect(r.stderr).toMatch(/debug: GetCallerIdentity attempt 1 .* -> 200 ok/);
    expect(r.stderr).not.toContain(alice.secretAccessKey);
  });
});

describe('usage and input errors exit 2 with a hint, and no stack trace', () => {
  const cases: Array<[string, string[], Record<string, string>, RegExp]> = [
    ['no credential', ['verify'], {}, /AWS_ACCESS_KEY_ID is not set/],
    ['a malformed key id', ['verify'], { AWS_ACCESS_KEY_ID: 'akia-lower', AWS_SECRET_ACCESS_KEY: 's' }, /not an access key id/],
    ['a secret with a line break', ['verify'], { AWS_ACCESS_KEY_ID: 'AKIAY34FZKBOKMUTVV7A', AWS_SECRET_ACCESS_KEY: 'abc\ndef' }, /space or a line break/],
    ['a temporary key without its token', ['verify'], { AWS_ACCESS_KEY_ID: 'ASIAY34FZKBOKMUTVV7A', AWS_SECRET_ACCESS_KEY: 'abc' }, /AWS_SESSION_TOKEN is not set/],
    ['an unknown output', ['--output', 'yaml', 'verify'], {}, /Allowed choices are json, text, table/],
    ['an unknown command', ['frobnicate'], {}, /unknown command/],
    ['a bad region', ['--region', 'Mars', 'verify'], { AWS_ACCESS_KEY_ID: 'AKIAY34FZKBOKMUTVV7A', AWS_SECRET_ACCESS_KEY: 'abc' }, /not a region name/],
    ['a bad endpoint URL', ['verify'], { AWS_ACCESS_KEY_ID: 'AKIAY34FZKBOKMUTVV7A', AWS_SECRET_ACCESS_KEY: 'abc', AWS_ENDPOINT_URL: 'not a url' }, /AWS_ENDPOINT_URL "not a url" is not a URL/],
    ['an unreadable CA bundle', ['verify'], { AWS_ACCESS_KEY_ID: 'AKIAY34FZKBOKMUTVV7A', AWS_SECRET_ACCESS_KEY: 'abc', AWS_CA_BUNDLE: '/nonexistent/ca.pem' }, /AWS_CA_BUNDLE: the file \/nonexistent\/ca.pem does not exist/],
    ['a session name too short', ['sts', 'assume-role', '--role-arn', 'arn:aws:iam::123456789012:role/reader', '--role-session-name', 'x'], { AWS_ACCESS_KEY_ID: 'AKIAY34FZKBOKMUTVV7A', AWS_SECRET_ACCESS_KEY: 'abc' }, /RoleSessionName is too short/],
    ['a duration out of range', ['sts', 'get-session-token', '--duration-seconds', '60'], { AWS_ACCESS_KEY_ID: 'AKIAY34FZKBOKMUTVV7A', AWS_SECRET_ACCESS_KEY: 'abc' }, /DurationSeconds must be a whole number of seconds from 900 to 129600/],
    ['a policy that is not JSON', ['sts', 'get-federation-token', '--name', 'bob', '--policy', '{nope'], { AWS_ACCESS_KEY_ID: 'AKIAY34FZKBOKMUTVV7A', AWS_SECRET_ACCESS_KEY: 'abc' }, /Policy is not valid JSON/],
    ['an MFA code that is not six digits', ['sts', 'get-session-token', '--serial-number', 'arn:aws:iam::123456789012:mfa/alice', '--token-code', '12ab'], { AWS_ACCESS_KEY_ID: 'AKIAY34FZKBOKMUTVV7A', AWS_SECRET_ACCESS_KEY: 'abc' }, /TokenCode has characters that are not allowed/],
    // AWS checks the code against the device named: without one it refuses the call, after the key was used.
    ['an MFA code without its device', ['sts', 'get-session-token', '--token-code', '123456'], { AWS_ACCESS_KEY_ID: 'AKIAY34FZKBOKMUTVV7A', AWS_SECRET_ACCESS_KEY: 'abc' }, /--token-code needs --serial-number/],
    ['an MFA code without its device, assuming a role', ['sts', 'assume-role', '--role-arn', 'arn:aws:iam::123456789012:role/reader', '--role-session-name', 'cli', '--token-code', '123456'], { AWS_ACCESS_KEY_ID: 'AKIAY34FZKBOKMUTVV7A', AWS_SECRET_ACCESS_KEY: 'abc' }, /add --serial-number/],
    ['a missing file://', ['sts', 'decode-authorization-message', '--encoded-message', 'file:///nonexistent/msg'], { AWS_ACCESS_KEY_ID: 'AKIAY34FZKBOKMUTVV7A', AWS_SECRET_ACCESS_KEY: 'abc' }, /--encoded-message: the file \/nonexistent\/msg does not exist/],
  ];
  for (const [name, argv, env, message] of cases) {
    it(name, async () => {
      const r = await run(argv, env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});

describe('an MFA device and its code: each flag needs the other, named as flags, and nothing is sent', () => {
  const ROLE = ['--role-arn', 'arn:aws:iam::123456789012:role/reader', '--role-session-name', 'cli'];
  const DEVICE = ['--serial-number', 'arn:aws:iam::123456789012:mfa/alice'];
  const cases: Array<[string, string[], string]> = [
    // It said "TokenCode is required." and "Give a value for TokenCode.": no flag of that name.
    ['get-session-token, a device without its code', ['sts', 'get-session-token', ...DEVICE], '--serial-number needs --token-code (the code the MFA device shows now).'],
    ['assume-role, a device without its code', ['sts', 'assume-role', ...ROLE, ...DEVICE], '--serial-number needs --token-code (the code the MFA device shows now).'],
    ['get-session-token, a code without its device', ['sts', 'get-session-token', '--token-code', '123456'], "--token-code needs --serial-number (the MFA device's ARN, or a hardware device's serial number)."],
    ['assume-role, a code without its device', ['sts', 'assume-role', ...ROLE, '--token-code', '123456'], "--token-code needs --serial-number (the MFA device's ARN, or a hardware device's serial number)."],
  ];
  for (const [name, argv, message] of cases) {
    it(name, async () => {
      const path = `/mfa-pair/${name.replace(/\W+/g, '-')}/`;
      const r = await run(argv, envFor(alice, { AWS_ENDPOINT_URL: `${faults.url}${path}` }));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain('hint: AWS checks the code against the device named');
      expect(r.stderr).not.toMatch(/TokenCode|SerialNumber/);
      expect(faults.requestsTo(path)).toHaveLength(0);
    });
  }

  it('both given: the call is made', async () => {
    const r = await run(['sts', 'get-session-token', ...DEVICE, '--token-code', '123456'], envFor(alice, { AWS_ENDPOINT_URL: `${faults.url}/ok/` }));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(faults.requestsTo('/ok/').some((q) => q.params.SerialNumber === 'arn:aws:iam::123456789012:mfa/alice' && q.params.TokenCode === '123456')).toBe(true);
  });
});

describe('keyscope sts and iam', () => {
  it('assumes a role and prints the AWS CLI\'s JSON', async () => {
    const r = await run(['sts', 'assume-role', '--role-arn', 'arn:aws:iam::123456789012:role/reader', '--role-session-name', 'cli'], envFor(alice));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['Credentials', 'AssumedRoleUser', 'PackedPolicySize']);
    expect(Object.keys(out.Credentials)).toEqual(['AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration']);
    expect(out.AssumedRoleUser.Arn).toBe('arn:aws:sts::123456789012:assumed-role/reader/cli');
    expect(r.stdout).toMatch(/^ {4}"Credentials"/m); // 4-space indentation, as the AWS CLI prints
  });

  it('masks secrets in table output', async () => {
    const r = await run(['--output', 'table', 'sts', 'get-session-token'], envFor(alice));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Credentials\.SecretAccessKey \| \*{8} \(\d+ characters, hidden/);
    expect(r.stdout).toMatch(/GetSessionToken/);
  });

  it('prints AWS CLI text output: scalars on one line, nested members under their name', async () => {
    const r = await run(['--output', 'text', 'sts', 'get-caller-identity'], envFor(alice));
    const [line] = r.stdout.trim().split('\n');
    expect(line?.split('\t')).toEqual(['123456789012', 'arn:aws:iam::123456789012:user/alice', expect.any(String)]);
  });

  it('reads last use with iam get-access-key-last-used', async () => {
    const r = await run(['iam', 'get-access-key-last-used', '--access-key-id', alice.accessKeyId], envFor(alice));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ UserName: 'alice', AccessKeyLastUsed: { ServiceName: expect.any(String) } });
  });

  it('exits 1 when AWS denies the call', async () => {
    const r = await run(['sts', 'assume-role', '--role-arn', 'arn:aws:iam::123456789012:role/locked', '--role-session-name', 'cli'], envFor(alice));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/AccessDenied \(HTTP 403\) from AssumeRole/);
  });

  it('decodes an authorization message from a file (fault server stand-in: moto has no such call)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-'));
    const decoded = '{"allowed":false,"explicitDeny":false}';
    writeFileSync(join(dir, 'msg'), `${Buffer.from(decoded).toString('base64')}\n`);
    const r = await run(['sts', 'decode-authorization-message', '--encoded-message', `file://${join(dir, 'msg')}`], envFor(alice, { AWS_ENDPOINT_URL: `${faults.url}/ok/` }));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ DecodedMessage: decoded });
  });

  it('exits 3 on an HTML proxy page, saying what came back', async () => {
    const r = await run(['sts', 'get-caller-identity'], envFor(alice, { AWS_ENDPOINT_URL: `${faults.url}/html/` }));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/HTML page \(HTTP 502\)/);
    expect(r.stderr).toMatch(/the answer began: <!DOCTYPE html>/);
  });
});

describe('keyscope inspect', () => {
  it('analyses key ids offline', async () => {
    const r = await run(['inspect', 'ASIAY34FZKBOKMUTVV7A', 'AKIAIOSFODNN7EXAMPLE']);
    expect(r.code).toBe(0);
    const { Keys } = JSON.parse(r.stdout);
    expect(Keys[0]).toMatchObject({ KeyType: 'temporary', Account: '609629065308', AccountSource: 'derived', AccessKeyId: 'ASIA************VV7A' });
    expect(Keys[1]).toMatchObject({ KeyType: 'long-term', Account: null });
  });

  // verify refuses to sign with such a key; inspect showed only its type and account, as of any other key.
  it('says that a key of a canary-token account would alert whoever planted it, naming the service, and sends nothing', async () => {
    const THINKST = 'AKIAAYLPMN5HAAAQEAYE';
    const OTHER = keyIdForAccount('044858866125', 5, 5);
    const env = { AWS_ENDPOINT_URL: `${faults.url}/inspect-canary/` };
    const warning = (service: string) => `a canary-token account (${service}): signing with this key would alert whoever planted it`;
    const json = await run(['inspect', THINKST, OTHER, 'AKIAY34FZKBOKMUTVV7A'], env);
    expect(json.code).toBe(0);
    const { Keys } = JSON.parse(json.stdout);
    expect(Keys[0]).toMatchObject({ Account: '052310077262', CanaryService: 'Thinkst Canarytokens', Warning: warning('Thinkst Canarytokens') });
    expect(Keys[1]).toMatchObject({ Account: '044858866125', CanaryService: 'a canary-token service modelled on Canarytokens' });
    expect(Keys[2]).not.toHaveProperty('CanaryService');
    expect(Keys[2]).not.toHaveProperty('Warning');
    const text = await run(['--output', 'text', 'inspect', THINKST, 'AKIAY34FZKBOKMUTVV7A'], env);
    expect(text.stdout.split('\n')[0]).toBe(`AKIA************EAYE\tlong-term\t052310077262\tderived\tlong-term access key (IAM user or root)\t${warning('Thinkst Canarytokens')}`);
    expect(text.stdout.split('\n')[1]?.split('\t')).toHaveLength(5);
    expect((await run(['--output', 'table', 'inspect', THINKST], env)).stdout).toContain('Thinkst Canarytokens');
    expect(faults.requestsTo('/inspect-canary/')).toHaveLength(0);
    expect((await run(['inspect', '--help'])).stdout.replace(/\s+/g, ' ')).toContain("whether that account is a canary-token service's; nothing is sent");
  });

  it('reads ids from standard input with -, and exits 2 for a malformed one', async () => {
    const r = await run(['--output', 'text', 'inspect', '-'], {}, 'AKIAY34FZKBOKMUTVV7A\nnot-a-key\n');
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
  });
});
