/** Inputs that must not hurt (issue #7): the command line in process against the fault server, counting requests. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../../e2e/fixtures/fault-server.js';
import { freePort } from '../../e2e/fixtures/ports.js';
import { ENV_KEY } from '../../e2e/fixtures/keyscope-process.js';
import { main } from './index.js';

let faults: FaultServer;
const dir = mkdtempSync(join(tmpdir(), 'keyscope-inputs-'));
const ROLE = ['sts', 'assume-role', '--role-arn', 'arn:aws:iam::012345678901:role/r', '--role-session-name', 'ss'];

beforeAll(async () => {
  faults = await startFaultServer();
});
afterAll(async () => {
  await faults?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs keyscope against `path` of the fault server; `sent` is how many requests reached it. */
async function run(argv: string[], env: Record<string, string> = {}, path = '/ok/') {
  let stdout = '';
  let stderr = '';
  const before = faults.requests.length;
  const code = await main(argv, {
    env: { ...ENV_KEY, AWS_ENDPOINT_URL: `${faults.url}${path}`, ...env },
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => '',
  });
  return { code, stdout, stderr, sent: faults.requests.length - before };
}

describe('file:// values and AWS_CA_BUNDLE are read only from regular files, within limits', () => {
  it('refuses --policy file:///dev/zero at once (it grew to 16.8 GB)', async () => {
    const r = await run([...ROLE, '--policy', 'file:///dev/zero']);
    expect(r).toMatchObject({ code: 2, sent: 0 });
    expect(r.stderr).toMatch(/--policy: the file \/dev\/zero is a device, not a regular file\./);
  });

  it('refuses a FIFO without waiting for a writer (it hung forever)', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const r = await run(['sts', 'decode-authorization-message', '--encoded-message', `file://${fifo}`]);
    expect(r).toMatchObject({ code: 2, sent: 0 });
    expect(r.stderr).toMatch(/--encoded-message: the file .*fifo is a FIFO \(named pipe\), not a regular file\./);
  });

  it('refuses a policy file larger than a policy can be, unread', async () => {
    const big = join(dir, 'policy.json');
    writeFileSync(big, '');
    truncateSync(big, 16 * 1024 ** 3);
    const r = await run([...ROLE, '--policy', `file://${big}`]);
    expect(r).toMatchObject({ code: 2, sent: 0 });
    expect(r.stderr).toMatch(/--policy: the file .*policy\.json is larger than 8 KiB \(--policy takes at most 2048 characters\)\./);
  });

  it('refuses AWS_CA_BUNDLE=/dev/zero (it grew past 12 GB) and a CA bundle over 1 MiB', async () => {
    const zero = await run(['verify'], { AWS_CA_BUNDLE: '/dev/zero' });
    expect(zero).toMatchObject({ code: 2, sent: 0 });
    expect(zero.stderr).toMatch(/AWS_CA_BUNDLE: the file \/dev\/zero is a device, not a regular file\./);
    const big = join(dir, 'ca.pem');
    writeFileSync(big, '');
    truncateSync(big, (1 << 20) + 1);
    const r = await run(['verify'], { AWS_CA_BUNDLE: big });
    expect(r).toMatchObject({ code: 2, sent: 0 });
    expect(r.stderr).toMatch(/AWS_CA_BUNDLE: the file .*ca\.pem is larger than 1 MiB\./);
  });
});

describe('proxies and endpoints that are not URLs are usage errors, never a direct connection', () => {
  const bad: Array<[string, string]> = [
    ['HTTP_PROXY', '::::garbage::::'],
    ['http_proxy', 'http://[::1'],
    ['HTTPS_PROXY', 'http://127.0.0.1:notaport'],
    ['https_proxy', '::::garbage::::'],
  ];
  for (const [name, value] of bad) {
    it(`${name}=${value}`, async () => {
      const r = await run(['sts', 'get-caller-identity'], { [name]: value });
      expect(r).toMatchObject({ code: 2, sent: 0 });
      expect(r.stderr).toContain(`keyscope: ${name} "${value}" is not a proxy URL.`);
    });
  }

  it('--endpoint-url \'\' does not mean the real AWS', async () => {
    const r = await run(['--endpoint-url', '', 'sts', 'get-caller-identity']);
    expect(r).toMatchObject({ code: 2, sent: 0 });
    expect(r.stderr).toContain('keyscope: --endpoint-url is empty.');
  });

  // It was ignored: AWS_REGION, AWS_DEFAULT_REGION or the global endpoint was used instead, without a word.
  for (const argv of [['verify', '--region', ''], ['--region=', 'sts', 'get-caller-identity'], [...ROLE, '--region', '']]) {
    it(`--region '' is refused, not ignored: ${argv.join(' ')}`, async () => {
      const r = await run(argv, { AWS_REGION: 'eu-west-1' });
      expect(r).toMatchObject({ code: 2, sent: 0 });
      expect(r.stderr).toContain('keyscope: --region is empty.');
      expect(r.stderr).toContain('hint: Give --region a region such as us-east-1, or leave it out');
    });
  }

  for (const name of ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_IAM']) {
    it(`an empty ${name}`, async () => {
      const r = await run(['verify'], { [name]: '' });
      expect(r).toMatchObject({ code: 2, sent: 0 });
      expect(r.stderr).toContain(`${name} is empty.`);
    });
  }
});

describe('plain http to another computer', () => {
  const remote = ['--endpoint-url', 'http://sts.example.com/ok/', 'sts', 'get-caller-identity'];

  it('is refused unless asked for, naming the endpoint', async () => {
    const r = await run(remote, { HTTP_PROXY: faults.url });
    expect(r).toMatchObject({ code: 2, sent: 0 });
    expect(r.stderr).toMatch(/--endpoint-url http:\/\/sts\.example\.com is plain http to another computer/);
    expect(r.stderr).toMatch(/--allow-http.*KEYSCOPE_ALLOW_HTTP=1/);
  });

  it('is refused to this computer too when a proxy on another computer would carry it', async () => {
    const r = await run(['sts', 'get-caller-identity'], { HTTP_PROXY: 'http://proxy.example.com:3128' });
    expect(r).toMatchObject({ code: 2, sent: 0 });
    expect(r.stderr).toMatch(/HTTP_PROXY would carry plain http to 127\.0\.0\.1:\d+ through proxy\.example\.com:3128/);
    expect(r.stderr).toMatch(/Add 127\.0\.0\.1 to NO_PROXY/);
    const bypassed = await run(['sts', 'get-caller-identity'], { HTTP_PROXY: 'http://proxy.example.com:3128', NO_PROXY: '127.0.0.1' });
    expect(bypassed).toMatchObject({ code: 0, sent: 1 });
  });

  it('goes direct to an IPv6 endpoint NO_PROXY lists as [addr]:port, as the AWS CLI does, past a proxy at a dead port', async () => {
    const v6 = await startFaultServer('::1');
    try {
      const port = new URL(v6.url).port;
      const dead = `http://127.0.0.1:${await freePort()}`;
      const env = { AWS_ENDPOINT_URL: `${v6.url}/ok/`, KEYSCOPE_ALLOW_HTTP: '1' };
      const direct = await run(['sts', 'get-caller-identity'], { ...env, HTTP_PROXY: dead, NO_PROXY: `example.com, [::1]:${port}` });
      expect(direct.stderr).toBe('');
      expect(direct.code).toBe(0);
      expect(v6.requests).toHaveLength(1);
      // The same entry with another port is no bypass: the proxy is tried, and is not there.
      const proxied = await run(['sts', 'get-caller-identity'], { ...env, HTTP_PROXY: dead, NO_PROXY: `[::1]:${Number(port) + 1}` });
      expect(proxied.code).toBe(3);
      expect(v6.requests).toHaveLength(1);
    } finally {
      await v6.stop();
    }
  });

  it('goes with --allow-http or KEYSCOPE_ALLOW_HTTP=1 (through a loopback proxy: tests stay on this computer)', async () => {
    for (const [argv, env] of [
      [['--allow-http', ...remote], {}],
      [remote, { KEYSCOPE_ALLOW_HTTP: '1' }],
    ] as const) {
      const r = await run([...argv], { HTTP_PROXY: faults.url, ...env });
      expect(r).toMatchObject({ code: 0, sent: 1 });
      expect(faults.requests.at(-1)?.url).toBe('http://sts.example.com/ok/');
    }
  });
});

describe('parameters checked before anything is sent', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['a transitive tag key with a character tags do not allow', ['--transitive-tag-keys', 'ok', 'bad;key'], /TransitiveTagKeys\[2\] has characters that are not allowed/],
    ['an empty transitive tag key', ['--transitive-tag-keys', ''], /TransitiveTagKeys\[1\] is too short/],
    ['a transitive tag key of 129 characters', ['--transitive-tag-keys', 'k'.repeat(129)], /TransitiveTagKeys\[1\] is too long: 129 characters, at most 128/],
    ['51 transitive tag keys', ['--transitive-tag-keys', ...Array.from({ length: 51 }, (_, i) => `k${i}`)], /TransitiveTagKeys holds 51 keys; at most 50/],
    ['an external id too short, the hint in words ("Give an ExternalId", was "Give a ExternalId")', ['--external-id', 'x'], /ExternalId is too short: 1 character, at least 2 needed\.\nhint: Give an ExternalId of 2 to 1224 characters\./],
  ];
  for (const [name, flags, message] of cases) {
    it(name, async () => {
      const r = await run([...ROLE, ...flags]);
      expect(r).toMatchObject({ code: 2, sent: 0 });
      expect(r.stderr).toMatch(message);
    });
  }

  it('sends transitive tag keys that are allowed', async () => {
    const r = await run([...ROLE, '--transitive-tag-keys', 'Project', 'team:name/x=y+z@-_.']);
    expect(r).toMatchObject({ code: 0, sent: 1 });
    expect(faults.requests.at(-1)?.params).toMatchObject({ 'TransitiveTagKeys.member.1': 'Project', 'TransitiveTagKeys.member.2': 'team:name/x=y+z@-_.' });
  });

  it('an encoded message with characters outside base64, or too long', async () => {
    for (const [message, expected] of [
      ['abc def', /EncodedMessage has characters that are not allowed/],
      ['abc<script>', /EncodedMessage has characters that are not allowed/],
      ['A'.repeat(10241), /EncodedMessage is too long: 10241 characters, at most 10240/],
    ] as const) {
      const r = await run(['sts', 'decode-authorization-message', '--encoded-message', message]);
      expect(r).toMatchObject({ code: 2, sent: 0 });
      expect(r.stderr).toMatch(expected);
    }
    const ok = await run(['sts', 'decode-authorization-message', '--encoded-message', Buffer.from('{"allowed":false}').toString('base64url')]);
    expect(ok).toMatchObject({ code: 0, sent: 1 });
  });
});
