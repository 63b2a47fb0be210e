/** Usage as an AWS CLI user expects it: a missing command is exit 2, every help lists the global flags, 0 is no time-out. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, type Moto } from '../../e2e/fixtures/moto.js';
import type { Credentials } from '../core/aws/model.js';
import { NO_TIMEOUT_MS, seconds } from './context.js';
import { main } from './index.js';
import { UsageError } from './io.js';

let moto: Moto;
let alice: Credentials;

async function run(argv: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { env, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '' });
  return { code, stdout, stderr };
}

const envFor = (c: Credentials) => ({ AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey, AWS_ENDPOINT_URL: moto.url, HOME: '/nonexistent' });

beforeAll(async () => {
  moto = await startMoto({ auth: true });
  alice = await moto.createUser('alice', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:*', 'iam:GetAccessKeyLastUsed'], Resource: '*' }] });
});
afterAll(async () => {
  await moto?.stop();
});

describe('a command missing', () => {
  it.each([[[]], [['sts']], [['iam']], [['profiles']]])('keyscope %j prints the usage and exits 2', async (argv) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/Usage: keyscope/);
    expect(r.stdout + r.stderr).toMatch(/Commands:/);
  });

  it('asked for, the help exits 0', async () => {
    expect((await run(['--help'])).code).toBe(0);
    expect((await run(['help'])).code).toBe(0);
    expect((await run(['sts', '--help'])).code).toBe(0);
  });
});

describe("every command's help", () => {
  const GLOBAL_FLAGS = ['--output', '--region', '--endpoint-url', '--cli-connect-timeout', '--cli-read-timeout', '--debug', '--allow-http', '--allow-canary', '--unmask'];
  it.each([[['verify']], [['sts', 'get-caller-identity']], [['iam', 'get-access-key-last-used']], [['profiles', 'list']], [['inspect']]])('%j --help lists the global flags', async (argv) => {
    const r = await run([...argv, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Global Options:/);
    for (const flag of GLOBAL_FLAGS) expect(r.stdout).toContain(flag);
  });
});

describe('help that says what a flag does for that command', () => {
  it('profiles add --help: --region is saved with the profile, and its checks use it (it showed only the global flag)', async () => {
    const r = await run(['profiles', 'add', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('with --region, that region is saved with the profile and its checks use it (a --region, AWS_REGION or AWS_DEFAULT_REGION given at a check comes first)');
  });

  it('review --help: --check uses the secrets of ID,SECRET pairs (it said they are ignored)', async () => {
    const words = (await run(['review', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(words).not.toContain('secrets are ignored');
    expect(words).toContain('ID,SECRET pairs (the secrets are used only by --check, never kept)');
  });

  it('sts get-federation-token --help: --tags takes shorthand items or JSON, as assume-role --tags says', async () => {
    const federation = (await run(['sts', 'get-federation-token', '--help'])).stdout.replace(/\s+/g, ' ');
    const role = (await run(['sts', 'assume-role', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(role).toContain('session tags: shorthand items, or JSON');
    expect(federation).toContain('session tags: shorthand items, or JSON');
  });
});

describe('time-outs as the AWS CLI takes them', () => {
  it('0 means no time-out (the longest a timer can wait), a negative or empty value is refused', () => {
    expect(seconds('--cli-read-timeout', '0')).toBe(NO_TIMEOUT_MS);
    expect(seconds('--cli-read-timeout', '2.5')).toBe(2500);
    expect(() => seconds('--cli-read-timeout', '-1')).toThrow(UsageError);
    expect(() => seconds('--cli-read-timeout', '')).toThrow(/0 for no time-out/);
  });

  it('verify --cli-read-timeout 0 --cli-connect-timeout 0 checks the key (was: "must be a positive number")', async () => {
    const r = await run(['verify', '--cli-read-timeout', '0', '--cli-connect-timeout', '0'], envFor(alice));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Valid: true });
  });
});

describe("IAM's NoSuchEntity", () => {
  it('is AWS answering the request: exit 1, the code and the hint said (was exit 2)', async () => {
    const r = await run(['iam', 'get-access-key-last-used', '--access-key-id', 'AKIAY34FZKBOKMUTVV7A'], envFor(alice));
    expect(r.stderr).toMatch(/NoSuchEntity \(HTTP 404\) from GetAccessKeyLastUsed/);
    expect(r.code).toBe(1);
  });
});

describe('--unmask', () => {
  it('prints key ids whole where they are masked by default: inspect and verify', async () => {
    expect((await run(['inspect', 'AKIAY34FZKBOKMUTVV7A', '--output', 'text'])).stdout).toMatch(/^AKIA\*{12}VV7A\t/);
    expect((await run(['--unmask', 'inspect', 'AKIAY34FZKBOKMUTVV7A', '--output', 'text'])).stdout).toMatch(/^AKIAY34FZKBOKMUTVV7A\t/);
    const masked = JSON.parse((await run(['verify'], envFor(alice))).stdout);
    expect(masked.AccessKeyId).toMatch(/^AKIA\*+/);
    const whole = await run(['verify', '--unmask', '--output', 'text'], envFor(alice));
    expect(whole.stdout).toContain(`key        ${alice.accessKeyId} (long-term)`);
    expect(whole.stdout).toMatch(/^checked {4}just now \(\d{4}-/m);
    expect(whole.stdout).not.toContain(alice.secretAccessKey);
  });
});
