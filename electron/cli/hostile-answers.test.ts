/** What a server answers cannot drive the terminal, leak a secret or crash a command (issue #7; fault server). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE, LEAKED, startFaultServer, type FaultServer } from '../../e2e/fixtures/fault-server.js';
import { ENV_KEY } from '../../e2e/fixtures/keyscope-process.js';
import { main } from './index.js';

let faults: FaultServer;
// What a terminal acts on, but the tab and line feed the formats use themselves.
// eslint-disable-next-line no-control-regex -- the point of the check
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

beforeAll(async () => {
  faults = await startFaultServer();
});
afterAll(async () => {
  await faults?.stop();
});

async function run(argv: string[], path: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    env: { ...ENV_KEY, AWS_ENDPOINT_URL: `${faults.url}${path}` },
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => '',
  });
  return { code, stdout, stderr };
}

describe("an AWS error whose code and message hold terminal escapes, a line break and U+202E", () => {
  it('verify, in every output: escaped, on standard output and standard error alike, could not check (exit 3)', async () => {
    for (const output of ['json', 'text', 'table']) {
      const r = await run(['--output', output, 'verify', '--no-last-used'], '/hostile-error/');
      expect(r.code, output).toBe(3);
      expect(r.stdout, output).not.toMatch(RAW);
      expect(r.stderr, output).not.toMatch(RAW);
      expect(`${r.stdout}${r.stderr}`, output).toMatch(/pwned/); // said, escaped, not dropped
    }
  });

  it('--debug: the request line, which names the code the server sent, escaped too', async () => {
    for (const argv of [['sts', 'get-caller-identity', '--debug'], ['verify', '--debug']]) {
      const r = await run(argv, '/hostile-error/');
      expect(r.code, argv.join(' ')).toBe(3);
      expect(r.stderr, argv.join(' ')).toMatch(/^debug: GetCallerIdentity attempt 1 .* -> 400 Odd\\x1b\[31mCode \(\d+ ms\)$/m);
      expect(r.stderr, argv.join(' ')).not.toMatch(RAW);
    }
  });

  it('sts get-caller-identity: the failure on standard error, escaped', async () => {
    const r = await run(['sts', 'get-caller-identity'], '/hostile-error/');
    expect(r.code).toBe(3);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toMatch(/\\x1b\]0;pwned\\x07/);
  });
});

describe('an ARN holding \\e]0;pwned\\a\\e[2J, a UserId holding a line break, an Account holding U+202E', () => {
  it('verify --output text: escaped, one line per field', async () => {
    const r = await run(['--output', 'text', 'verify', '--no-last-used'], '/hostile/');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('valid      arn:aws:iam::012345678901:user/\\x1b]0;pwned\\x07\\x1b[2J\n');
    expect(r.stdout).toContain('user id    AIDAHOSTILE\\x0aforged\\x09row (user \\x1b]0;pwned\\x07\\x1b[2J)\n');
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(7); // six fields, and where the credential came from
    expect(r.stdout).toContain('account    012345678901\\u202e\n');
  });

  it('sts get-caller-identity in text, table and json', async () => {
    const text = await run(['--output', 'text', 'sts', 'get-caller-identity'], '/hostile/');
    expect(text.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(text.stdout).not.toMatch(RAW);
    const table = await run(['--output', 'table', 'sts', 'get-caller-identity'], '/hostile/');
    expect(table.stdout).not.toMatch(RAW);
    expect(table.stdout).not.toContain('\t');
    expect(table.stdout.trimEnd().split('\n')).toHaveLength(7);
    const json = await run(['--output', 'json', 'sts', 'get-caller-identity'], '/hostile/');
    expect(json.stdout).not.toMatch(RAW);
    expect(json.stdout).toContain('\\u202e');
    expect(JSON.parse(json.stdout)).toEqual({ UserId: HOSTILE.UserId, Account: HOSTILE.Account, Arn: HOSTILE.Arn });
  });
});

describe('an answer without <AccessKeyLastUsed> (it crashed with "Cannot read properties of undefined")', () => {
  it('verify: valid from the identity, the broken answer in LastUsedError, exit 0', async () => {
    const r = await run(['verify'], '/drop/AccessKeyLastUsed/');
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(JSON.parse(r.stdout)).toMatchObject({ Valid: true, AccessKeyLastUsed: null, LastUsedError: { Code: 'UnexpectedResponse', Category: 'service' } });
    const text = await run(['--output', 'text', 'verify'], '/drop/AccessKeyLastUsed/');
    expect(text.stdout).toMatch(/last used {2}could not check: UnexpectedResponse: The answer to GetAccessKeyLastUsed lacks what AWS always sends/);
  });

  it('iam get-access-key-last-used: exit 3 with a clear message', async () => {
    const r = await run(['iam', 'get-access-key-last-used', '--access-key-id', ENV_KEY.AWS_ACCESS_KEY_ID], '/drop/AccessKeyLastUsed/');
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^keyscope: GetAccessKeyLastUsed: The answer to GetAccessKeyLastUsed lacks what AWS always sends: the answer has no <AccessKeyLastUsed>\.$/m);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('sts get-caller-identity without <Arn>: exit 3, never a half answer', async () => {
    const r = await run(['sts', 'get-caller-identity'], '/drop/Arn/');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/lacks what AWS always sends: the answer has no <Arn>/);
  });
});

describe('an error message echoing secrets and tokens', () => {
  it('is scrubbed before it is shown (and stored): a 41-character secret and a 61-character token', async () => {
    const r = await run(['verify'], '/leaky/');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.Error.Message).toBe('Denied for secret [secret removed] with token [secret removed]');
    expect(r.stdout + r.stderr).not.toContain(LEAKED.secret.slice(0, 16));
    expect(r.stdout + r.stderr).not.toContain(LEAKED.token.slice(0, 16));
  });
});
