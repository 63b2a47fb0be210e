/** Each `keyscope sts` command prints what `aws sts` prints against the same moto server. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_CLI } from '../../e2e/fixtures/aws-cli.js';
import { startMoto, type Moto } from '../../e2e/fixtures/moto.js';
import type { Credentials } from '../core/aws/model.js';
import { main } from './index.js';

const exec = promisify(execFile);

let moto: Moto;
let open: Moto;
let user: Credentials;

function baseEnv(url: string, c?: Credentials): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ENDPOINT_URL: url,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    ...(c ? { AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey } : {}),
  };
}

async function both(url: string, args: string[], c?: Credentials): Promise<[unknown, unknown]> {
  const env = baseEnv(url, c);
  const aws = await exec('aws', [...args, '--output', 'json', ...(c ? [] : ['--no-sign-request'])], { env });
  let stdout = '';
  const code = await main([...args, '--output', 'json'], { env, stdout: (t) => (stdout += t), stderr: () => undefined, readStdin: async () => '' });
  expect(code).toBe(0);
  return [JSON.parse(aws.stdout), JSON.parse(stdout)];
}

/** The value's structure: member names, nesting and leaf types. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return typeof v;
}

beforeAll(async () => {
  if (!AWS_CLI) return;
  [moto, open] = await Promise.all([startMoto({ auth: true }), startMoto({ auth: false })]);
  user = await moto.createUser('dana', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:*', 'iam:GetAccessKeyLastUsed'], Resource: '*' }] });
  await moto.iam('CreateRole', {
    RoleName: 'ops',
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/dana' }, Action: 'sts:AssumeRole' }] }),
  });
});
afterAll(async () => {
  await Promise.all([moto?.stop(), open?.stop()]);
});

describe.skipIf(!AWS_CLI)(`parity with the AWS CLI${AWS_CLI ? '' : ' (skipped: no `aws` command on this machine)'}`, () => {
  it('sts get-caller-identity: the same JSON', async () => {
    const [aws, ours] = await both(moto.url, ['sts', 'get-caller-identity'], user);
    expect(ours).toEqual(aws);
  });

  it('sts get-access-key-info: the same JSON', async () => {
    const [aws, ours] = await both(moto.url, ['sts', 'get-access-key-info', '--access-key-id', user.accessKeyId], user);
    expect(ours).toEqual(aws);
  });

  it('sts get-session-token: the same JSON', async () => {
    const [aws, ours] = await both(moto.url, ['sts', 'get-session-token', '--duration-seconds', '900'], user);
    expect(shape(ours)).toEqual(shape(aws));
    expect(JSON.stringify(Object.keys(ours as object))).toBe(JSON.stringify(Object.keys(aws as object)));
  });

  it('sts assume-role: the same members, order and types', async () => {
    const args = ['sts', 'assume-role', '--role-arn', 'arn:aws:iam::123456789012:role/ops', '--role-session-name', 'parity', '--tags', 'Key=team,Value=sec', '--policy-arns', 'arn=arn:aws:iam::aws:policy/ReadOnlyAccess'];
    const [aws, ours] = await both(moto.url, args, user);
    expect(JSON.stringify(shape(ours))).toBe(JSON.stringify(shape(aws)));
    expect((ours as { AssumedRoleUser: unknown }).AssumedRoleUser).toEqual((aws as { AssumedRoleUser: unknown }).AssumedRoleUser);
  });

  it('sts get-federation-token: the same members, order and types', async () => {
    const [aws, ours] = await both(moto.url, ['sts', 'get-federation-token', '--name', 'parity', '--policy', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'], user);
    expect(JSON.stringify(shape(ours))).toBe(JSON.stringify(shape(aws)));
    expect((ours as { FederatedUser: unknown }).FederatedUser).toEqual((aws as { FederatedUser: unknown }).FederatedUser);
  });

  it('sts assume-role-with-web-identity (unsigned): the same members, order and types', async () => {
    const args = ['sts', 'assume-role-with-web-identity', '--role-arn', 'arn:aws:iam::123456789012:role/web', '--role-session-name', 'parity', '--web-identity-token', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0.'];
    const [aws, ours] = await both(open.url, args);
    expect(JSON.stringify(shape(ours))).toBe(JSON.stringify(shape(aws)));
  });

  it('iam get-access-key-last-used: the same members and types', async () => {
    const [aws, ours] = await both(moto.url, ['iam', 'get-access-key-last-used', '--access-key-id', user.accessKeyId], user);
    expect(JSON.stringify(shape(ours))).toBe(JSON.stringify(shape(aws)));
    expect((ours as { UserName: string }).UserName).toBe('dana');
  });
});
