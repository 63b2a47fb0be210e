/** verify, sts and iam find credentials where AWS CLI users keep them, in the AWS CLI's order (issue #10). */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer } from '../../e2e/fixtures/fault-server.js';
import { startKeyring, useKeyring, type Keyring } from '../../e2e/fixtures/keyring.js';
import { startMoto, type Moto } from '../../e2e/fixtures/moto.js';
import type { Credentials } from '../core/aws/model.js';
import { main } from './index.js';

let moto: Moto;
let keyring: Keyring;
let alice: Credentials;
let bob: Credentials;
let home: string;

async function run(argv: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    env: { HOME: home, KEYSCOPE_HOME: join(home, 'keyscope'), AWS_ENDPOINT_URL: moto.url, PATH: process.env.PATH, ...env },
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => '',
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

const keys = (c: Credentials) => `aws_access_key_id = ${c.accessKeyId}\naws_secret_access_key = ${c.secretAccessKey}\n`;
const envOf = (c: Credentials) => ({ AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey });
const ALICE_ARN = 'arn:aws:iam::123456789012:user/alice';
const BOB_ARN = 'arn:aws:iam::123456789012:user/bob';

/** A credential_process helper: a node script that writes `stderr`, prints `stdout` and exits with `code`. */
function helper(name: string, stdout: string, code = 0, stderr = ''): string {
  const path = join(home, `${name}.cjs`);
  writeFileSync(path, `process.stderr.write(${JSON.stringify(stderr)}); process.stdout.write(${JSON.stringify(stdout)}); process.exitCode = ${code};\n`);
  chmodSync(path, 0o755);
  return `"${process.execPath}" "${path}"`;
}

beforeAll(async () => {
  [moto, keyring] = await Promise.all([startMoto({ auth: true }), startKeyring()]);
  useKeyring(keyring);
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:*', 'iam:GetAccessKeyLastUsed'], Resource: '*' }] };
  alice = await moto.createUser('alice', policy);
  bob = await moto.createUser('bob', policy);
  await moto.iam('CreateRole', {
    RoleName: 'reader',
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ALICE_ARN }, Action: 'sts:AssumeRole' }] }),
  });
  home = mkdtempSync(join(tmpdir(), 'keyscope-chain-'));
  mkdirSync(join(home, '.aws'));
  const processLine = helper('alice-process', JSON.stringify({ Version: 1, AccessKeyId: alice.accessKeyId, SecretAccessKey: alice.secretAccessKey, Expiration: '2999-01-01T00:00:00Z' }), 0, 'helper: signing you in\n');
  const brokenLine = helper('broken-process', JSON.stringify({ AccessKeyId: alice.accessKeyId, SecretAccessKey: alice.secretAccessKey }), 3, 'helper: no network\n');
  writeFileSync(join(home, '.aws/credentials'), `[default]\n${keys(alice)}\n[bob]\n${keys(bob)}\n[shadowed]\n${keys(bob)}`);
  writeFileSync(
    join(home, '.aws/config'),
    [
      '[default]\nregion = eu-west-1\n',
      `[profile in-config]\n${keys(bob)}`,
      `[profile reader]\nrole_arn = arn:aws:iam::123456789012:role/reader\nsource_profile = default\nrole_session_name = checking\n`,
      `[profile ext]\nrole_arn = arn:aws:iam::123456789012:role/reader\nsource_profile = default\nexternal_id = ext-123\nduration_seconds = 1800\nrole_session_name = audit\nregion = eu-central-1\n`,
      `[profile env-role]\nrole_arn = arn:aws:iam::123456789012:role/reader\ncredential_source = Environment\n`,
      `[profile mfa-role]\nrole_arn = arn:aws:iam::123456789012:role/reader\nsource_profile = default\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\n`,
      `[profile loop-a]\nrole_arn = arn:aws:iam::123456789012:role/reader\nsource_profile = loop-b\n`,
      `[profile loop-b]\nrole_arn = arn:aws:iam::123456789012:role/reader\nsource_profile = loop-a\n`,
      ...Array.from({ length: 11 }, (_, i) => `[profile long-${i}]\nrole_arn = arn:aws:iam::123456789012:role/reader\nsource_profile = ${i === 10 ? 'default' : `long-${i + 1}`}\n`),
      `[profile helper]\ncredential_process = ${processLine}\n`,
      `[profile helper-args]\ncredential_process = ${processLine} "a ;b" #c\n`,
      `[profile commented]\naws_access_key_id = ${alice.accessKeyId} # alice\naws_secret_access_key = ${alice.secretAccessKey}\n`,
      `[profile commented-role]\nrole_arn = arn:aws:iam::123456789012:role/reader\nsource_profile = default ; alice\n`,
      `[profile commented-region]\n${keys(alice)}region = us-east-1 # main\n`,
      `[profile broken]\ncredential_process = ${brokenLine}\n`,
      '[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n',
      '[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n',
    ].join('\n'),
  );
});
afterAll(async () => {
  await moto?.stop();
  keyring?.stop();
});

describe('the AWS CLI order', () => {
  it('AWS_PROFILE=default keyscope verify checks the ~/.aws default profile (was: "AWS_ACCESS_KEY_ID is not set")', async () => {
    const r = await run(['verify'], { AWS_PROFILE: 'default' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ Valid: true, Arn: ALICE_ARN, CredentialSource: '~/.aws profile default (credentials file)' });
  });

  it('with nothing set, the [default] profile, as the AWS CLI', async () => {
    const r = await run(['verify', '--output', 'text']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^source {5}~\/\.aws profile default \(credentials file\)$/m);
  });

  it("the environment's keys come before AWS_PROFILE; --profile before both", async () => {
    expect((await run(['verify'], { ...envOf(bob), AWS_PROFILE: 'default' })).json()).toMatchObject({ Arn: BOB_ARN, CredentialSource: 'environment' });
    expect((await run(['verify', '--profile', 'default'], envOf(bob))).json()).toMatchObject({ Arn: ALICE_ARN, CredentialSource: '~/.aws profile default (credentials file)' });
  });

  it('a profile in the config file, and files moved by AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE', async () => {
    expect((await run(['verify', '--profile', 'in-config'])).json()).toMatchObject({ Arn: BOB_ARN, CredentialSource: '~/.aws profile in-config (config file)' });
    const elsewhere = mkdtempSync(join(tmpdir(), 'keyscope-aws-files-'));
    writeFileSync(join(elsewhere, 'creds'), `[moved]\n${keys(bob)}`);
    writeFileSync(join(elsewhere, 'conf'), '');
    const r = await run(['verify'], { AWS_PROFILE: 'moved', AWS_SHARED_CREDENTIALS_FILE: join(elsewhere, 'creds'), AWS_CONFIG_FILE: join(elsewhere, 'conf') });
    expect(r.json()).toMatchObject({ Valid: true, Arn: BOB_ARN });
  });

  it('--profile is first a profile saved in keyscope, else the ~/.aws one of that name', async () => {
    const added = await run(['profiles', 'add', 'shadowed', '--from-env'], envOf(alice));
    expect(added.code).toBe(0);
    const r = await run(['verify', '--profile', 'shadowed']);
    expect(r.json()).toMatchObject({ Profile: 'shadowed', Arn: ALICE_ARN, CredentialSource: 'keyscope profile shadowed' });
    expect((await run(['verify', '--profile', 'bob'])).json()).toMatchObject({ Arn: BOB_ARN, CredentialSource: '~/.aws profile bob (credentials file)' });
  });

  it('sts and iam use the same chain; stdout stays the AWS CLI answer, --debug says the source', async () => {
    const r = await run(['sts', 'get-caller-identity', '--profile', 'bob', '--debug']);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ UserId: expect.any(String), Account: '123456789012', Arn: BOB_ARN });
    expect(r.stderr).toContain('debug: credential from ~/.aws profile bob (credentials file)');
    const last = await run(['iam', 'get-access-key-last-used', '--access-key-id', alice.accessKeyId], { AWS_PROFILE: 'default' });
    expect(last.code).toBe(0);
    expect(last.json()).toMatchObject({ UserName: 'alice' });
  });

  it('a file it will not read (a FIFO, a folder) is refused with a hint that does not claim the AWS CLI refuses it (it passes over both)', async () => {
    const fifo = join(home, 'creds-fifo');
    execFileSync('mkfifo', [fifo]);
    for (const [variable, path, role, what] of [
      ['AWS_SHARED_CREDENTIALS_FILE', fifo, 'credentials', 'is a FIFO (named pipe), not a regular file'],
      ['AWS_CONFIG_FILE', home, 'config', 'is a folder, not a regular file'],
    ] as const) {
      const r = await run(['verify', '--profile', 'bob'], { [variable]: path });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `keyscope: The AWS ${role} file cannot be read: ${path.replace(`${home}/`, '~/')} ${what}.\nhint: keyscope reads only a regular file of at most 1 MiB that it may read (the AWS CLI passes over a FIFO, a folder or an unreadable file as if it were missing): point ${variable} at one, or move this one away.\n`,
      );
    }
  });

  it('a file that is not text (UTF-16, NUL bytes, bytes that are not UTF-8) is refused whole in one sentence, as import says it, by verify, sts and iam', async () => {
    const text = `[bob]\n${keys(bob)}`;
    const nul = 'it holds NUL bytes (a binary file, or text saved as UTF-16: save it as UTF-8)';
    const notUtf8 = 'it holds bytes that are not UTF-8 (save it as UTF-8)';
    for (const [file, bytes, why] of [
      // Before: no problem at all (the NULs read as part of names), then "No profile is named "bob"".
      ['utf16-no-bom', Buffer.from(text, 'utf16le'), nul],
      // Before: "line 1: is not valid UTF-8 text" (the byte order mark), as if one line could be fixed; and so for one
      // byte of Latin-1 in a comment.
      ['utf16-bom', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), nul],
      ['latin1', Buffer.from(`# caf\xe9\n${text}`, 'latin1'), notUtf8],
    ] as const) {
      const path = join(home, file);
      writeFileSync(path, bytes);
      for (const [variable, role] of [
        ['AWS_SHARED_CREDENTIALS_FILE', 'credentials'],
        ['AWS_CONFIG_FILE', 'config'],
      ] as const) {
        for (const argv of [['verify', '--profile', 'bob'], ['sts', 'get-caller-identity'], ['iam', 'get-access-key-last-used', '--access-key-id', bob.accessKeyId]]) {
          const r = await run(argv, { [variable]: path, AWS_PROFILE: 'bob' });
          expect(r.code, `${file} ${role} ${argv[0]}`).toBe(2);
          expect(r.stdout).toBe('');
          expect(r.stderr, `${file} ${role} ${argv[0]}`).toBe(`keyscope: The AWS ${role} file ~/${file} is not a text file: ${why}.\nhint: keyscope reads the AWS files as UTF-8 text: save this one as UTF-8, or point ${variable} at one that is.\n`);
        }
      }
    }
  });

  it('a profile named nowhere is refused with both places named', async () => {
    const r = await run(['verify', '--profile', 'nobody']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/No profile is named "nobody": keyscope has none saved by that name, and neither ~\/\.aws\/credentials nor ~\/\.aws\/config defines it/);
    expect((await run(['verify'], { AWS_PROFILE: 'nobody' })).stderr).toMatch(/AWS_PROFILE names the profile "nobody"/);
  });

  // The AWS CLI loads the profile the variables name before it looks for any credential: with keys in the
  // environment, `AWS_PROFILE=nobody aws sts get-caller-identity` still fails, "The config profile (nobody) could
  // not be found". keyscope checked the environment's key and said it was valid.
  it.each([
    ['verify', ['verify']],
    ['sts get-caller-identity', ['sts', 'get-caller-identity']],
    ['iam', ['iam', 'get-access-key-last-used', '--access-key-id', 'AKIAIOSFODNN7EXAMPLE']],
  ])('%s with keys in the environment and AWS_PROFILE naming no profile is refused, as by the AWS CLI (was: the key checked)', async (_what, argv) => {
    const r = await run(argv, { ...envOf(bob), AWS_PROFILE: 'nobody' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/AWS_PROFILE names the profile "nobody", which neither ~\/\.aws\/credentials nor ~\/\.aws\/config defines; the AWS CLI refuses that even with keys in the environment/);
    const empty = await run(argv, { ...envOf(bob), AWS_DEFAULT_PROFILE: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/AWS_DEFAULT_PROFILE is set but empty/);
  });

  // The calls that sign nothing load the profile too: `AWS_PROFILE=nobody aws sts assume-role-with-web-identity …`
  // fails, "The config profile (nobody) could not be found"; keyscope sent the call and printed the credentials, exit 0.
  it.each([
    ['assume-role-with-web-identity', ['sts', 'assume-role-with-web-identity', '--role-arn', 'arn:aws:iam::123456789012:role/reader', '--role-session-name', 'web', '--web-identity-token', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0.']],
    ['assume-role-with-saml', ['sts', 'assume-role-with-saml', '--role-arn', 'arn:aws:iam::123456789012:role/reader', '--principal-arn', 'arn:aws:iam::123456789012:saml-provider/idp', '--saml-assertion', 'PHNhbWw+PC9zYW1sPg==']],
  ])('sts %s (unsigned) with AWS_PROFILE naming no profile, or AWS_DEFAULT_PROFILE empty, is refused, as by the AWS CLI; nothing sent (was: sent, exit 0)', async (_what, argv) => {
    const awsCli = (env: Record<string, string>) => {
      try {
        execFileSync('aws', argv, { env: { PATH: process.env.PATH ?? '', HOME: home, AWS_ENDPOINT_URL: moto.url, AWS_EC2_METADATA_DISABLED: 'true', ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        return 'sent';
      } catch (e) {
        return String((e as { stderr?: string }).stderr).trim();
      }
    };
    expect(awsCli({ AWS_PROFILE: 'nobody' })).toBe('The config profile (nobody) could not be found');
    expect(awsCli({ AWS_DEFAULT_PROFILE: '', AWS_PROFILE: 'bob' })).toBe('The config profile () could not be found');
    const faults = await startFaultServer();
    try {
      const r = await run(argv, { AWS_PROFILE: 'nobody', AWS_ENDPOINT_URL: `${faults.url}/ok/` });
      expect(r.code, r.stdout).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('keyscope: AWS_PROFILE names the profile "nobody", which neither ~/.aws/credentials nor ~/.aws/config defines.\nhint: `keyscope profiles list` shows keyscope\'s profiles, `aws configure list-profiles` those of the AWS files.\n');
      const empty = await run(argv, { AWS_DEFAULT_PROFILE: '', AWS_PROFILE: 'bob', AWS_ENDPOINT_URL: `${faults.url}/ok/` });
      expect(empty.code).toBe(2);
      expect(empty.stderr).toMatch(/^keyscope: AWS_DEFAULT_PROFILE is set but empty/);
      expect(faults.requests).toEqual([]);
    } finally {
      await faults.stop();
    }
    // A profile the files define is no reason to refuse the call, with or without a credential.
    expect(awsCli({ AWS_PROFILE: 'sso' })).not.toMatch(/could not be found/);
    expect((await run(argv, { AWS_PROFILE: 'sso' })).stderr).not.toMatch(/names the profile/);
  });
});

describe('the region of an unsigned sts call', () => {
  const UNSIGNED = [
    ['sts', 'assume-role-with-web-identity', '--role-arn', 'arn:aws:iam::123456789012:role/reader', '--role-session-name', 'web', '--web-identity-token', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0.'],
    ['sts', 'assume-role-with-saml', '--role-arn', 'arn:aws:iam::123456789012:role/reader', '--principal-arn', 'arn:aws:iam::123456789012:saml-provider/idp', '--saml-assertion', 'PHNhbWw+PC9zYW1sPg=='],
  ];
  // Nothing answers: both go through a proxy on a closed loopback port, and the URL each tried is read from --debug.
  const NOWHERE = { HTTPS_PROXY: 'http://127.0.0.1:9', AWS_EC2_METADATA_DISABLED: 'true', AWS_MAX_ATTEMPTS: '1' };
  const awsCliUrl = (argv: readonly string[], env: Record<string, string>) => {
    let out = '';
    try {
      execFileSync('aws', [...argv, '--debug', '--cli-connect-timeout', '1'], { env: { PATH: process.env.PATH ?? '', ...NOWHERE, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      out = String((e as { stderr?: string }).stderr);
    }
    return /'url': '(https:\/\/[^']+)'/.exec(out)?.[1];
  };
  const oursUrl = async (argv: readonly string[], env: Record<string, string>) => {
    const r = await run([...argv, '--debug', '--cli-connect-timeout', '1'], { AWS_ENDPOINT_URL: undefined, ...NOWHERE, ...env });
    return / attempt 1 (https:\/\/\S+) -> /.exec(r.stderr)?.[1];
  };

  it('is [default]\'s, or that of the profile AWS_DEFAULT_PROFILE or AWS_PROFILE names, after the region variables, as the AWS CLI reads it (was: the global endpoint)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-unsigned-region-'));
    mkdirSync(join(dir, '.aws'));
    writeFileSync(join(dir, '.aws', 'config'), '[default]\nregion = eu-central-1\n[profile dev]\nregion = ap-south-1\n[profile plain]\noutput = json\n');
    const files = { HOME: dir, KEYSCOPE_HOME: join(dir, 'keyscope') };
    const cases: Record<string, string>[] = [files, { ...files, AWS_PROFILE: 'dev' }, { ...files, AWS_DEFAULT_PROFILE: 'dev', AWS_PROFILE: 'plain' }, { ...files, AWS_PROFILE: 'plain' }, { ...files, AWS_DEFAULT_REGION: 'ca-central-1' }, { ...files, AWS_CONFIG_FILE: dir }];
    for (const argv of UNSIGNED) {
      for (const env of cases) expect(await oursUrl(argv, env), `${argv[1]} ${JSON.stringify(env)}`).toBe(awsCliUrl(argv, env));
    }
    // What the comparison holds, so that an AWS CLI that changed is seen.
    expect(awsCliUrl(UNSIGNED[0] as string[], files)).toBe('https://sts.eu-central-1.amazonaws.com/');
    expect(awsCliUrl(UNSIGNED[0] as string[], { ...files, AWS_PROFILE: 'plain' })).toBe('https://sts.amazonaws.com/');
    // A config file it cannot read (here a folder) is passed over, as the AWS CLI passes over it: the global endpoint, no new refusal.
    expect(awsCliUrl(UNSIGNED[0] as string[], { ...files, AWS_CONFIG_FILE: dir })).toBe('https://sts.amazonaws.com/');
    writeFileSync(join(dir, '.aws', 'config'), '[default]\nregion = eu-central-1 # main\n');
    expect(awsCliUrl(UNSIGNED[0] as string[], files)).toBeUndefined();
    const commented = await run(UNSIGNED[0] as string[], { ...files, AWS_ENDPOINT_URL: undefined, ...NOWHERE });
    // The AWS CLI fails on it ("Provided region_name 'eu-central-1 # main' doesn't match a supported format"); keyscope
    // refuses it, sending nothing, in the words of a call that signs (was: "is not a region name", with a hint about
    // the region variables).
    expect([commented.code, commented.stderr.split('\n')[0]]).toEqual([2, 'keyscope: ~/.aws profile default: region has a comment after its value (a space, then # or ;), which the AWS CLI reads as part of the value.']);
  }, 120_000);
});

describe('what a profile can hold', () => {
  it("a role through source_profile: the role is assumed with the source's key, and the session's identity shown", async () => {
    const r = await run(['verify', '--profile', 'reader']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({
      Valid: true,
      KeyType: 'temporary',
      Arn: 'arn:aws:sts::123456789012:assumed-role/reader/checking',
      CredentialSource: '~/.aws profile reader (role arn:aws:iam::123456789012:role/reader via source_profile default)',
    });
  });

  it("a role profile's external_id, duration_seconds, role_session_name and region go into its AssumeRole, signed with the source's key", async () => {
    const faults = await startFaultServer();
    try {
      const r = await run(['verify', '--profile', 'ext', '--no-last-used'], { AWS_ENDPOINT_URL: `${faults.url}/ok/` });
      expect(r.code, r.stderr).toBe(0);
      const [assume, identity] = faults.requests;
      expect(assume?.params).toMatchObject({ Action: 'AssumeRole', RoleArn: 'arn:aws:iam::123456789012:role/reader', ExternalId: 'ext-123', DurationSeconds: '1800', RoleSessionName: 'audit' });
      expect(String(assume?.headers.authorization)).toContain(`Credential=${alice.accessKeyId}/`);
      expect(String(assume?.headers.authorization)).toMatch(/\/eu-central-1\/sts\/aws4_request/);
      // The check is made with the session the role gave, not the source's key.
      expect(identity?.params.Action).toBe('GetCallerIdentity');
      expect(String(identity?.headers.authorization)).toContain('Credential=ASIAFAULTEXAMPLE0001/');
    } finally {
      await faults.stop();
    }
  });

  it('duration_seconds is read as the AWS CLI reads it (Python int): 1_800 and +900 are sent; 0x384, 1e3, 900.0 or nothing are refused, never sent as another duration', async () => {
    const role = (name: string, duration: string) => `[profile ${name}]\nrole_arn = arn:aws:iam::123456789012:role/reader\nsource_profile = default\nduration_seconds = ${duration}\n`;
    const config = join(home, 'durations');
    writeFileSync(config, [role('under', '1_800'), role('sign', '+900'), role('hex', '0x384'), role('exp', '1e3'), role('float', '900.0'), role('empty', '')].join(''));
    const faults = await startFaultServer();
    try {
      for (const [name, sent] of [
        ['under', '1800'],
        ['sign', '900'],
      ]) {
        const r = await run(['verify', '--profile', name as string, '--no-last-used'], { AWS_ENDPOINT_URL: `${faults.url}/ok/`, AWS_CONFIG_FILE: config });
        expect(r.code, r.stderr).toBe(0);
        expect(faults.requests.at(-2)?.params).toMatchObject({ Action: 'AssumeRole', DurationSeconds: sent });
      }
      const before = faults.requests.length;
      // Before: 0x384 was sent as 900, 1e3 as 1000, 900.0 as 900 and nothing as 0 (botocore sends none of them).
      for (const name of ['hex', 'exp', 'float', 'empty']) {
        const r = await run(['verify', '--profile', name, '--no-last-used'], { AWS_ENDPOINT_URL: `${faults.url}/ok/`, AWS_CONFIG_FILE: config });
        expect(r.code, name).toBe(2);
        expect(r.stderr, name).toContain(`~/.aws profile ${name}: duration_seconds is not a whole number of seconds`);
      }
      expect(faults.requests.length).toBe(before);
    } finally {
      await faults.stop();
    }
  });

  it('credential_source = Environment assumes the role with the environment\'s key; mfa_serial with no terminal is refused, nothing sent', async () => {
    const faults = await startFaultServer();
    try {
      const r = await run(['verify', '--profile', 'env-role', '--no-last-used'], { AWS_ENDPOINT_URL: `${faults.url}/ok/`, ...envOf(bob) });
      expect(r.code, r.stderr).toBe(0);
      expect(faults.requests[0]?.params.Action).toBe('AssumeRole');
      expect(String(faults.requests[0]?.headers.authorization)).toContain(`Credential=${bob.accessKeyId}/`);
      const before = faults.requests.length;
      const mfa = await run(['verify', '--profile', 'mfa-role'], { AWS_ENDPOINT_URL: `${faults.url}/ok/` });
      expect(mfa.code).toBe(2);
      expect(mfa.stderr).toMatch(/the role needs an MFA code \(mfa_serial arn:aws:iam::123456789012:mfa\/alice\), and there is no terminal to ask for it/);
      expect(faults.requests.length).toBe(before);
    } finally {
      await faults.stop();
    }
  });

  it('a role that cannot be assumed says which role, profile and source, exits 1, and prints no check', async () => {
    const faults = await startFaultServer();
    try {
      const r = await run(['verify', '--profile', 'ext'], { AWS_ENDPOINT_URL: `${faults.url}/expired/` });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/Could not assume arn:aws:iam::123456789012:role\/reader for ~\/.aws profile ext with the credential of ~\/.aws profile default/);
      expect(r.stderr).not.toContain(alice.secretAccessKey);
    } finally {
      await faults.stop();
    }
  });

  it('a source_profile loop is refused before anything is sent', async () => {
    const r = await run(['verify', '--profile', 'loop-a']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/source_profile chain loops \(loop-a → loop-b → loop-a\)/);
  });

  it('a chain of more than 10 roles (no loop) is refused as too long, not called a loop; 10 are assumed', async () => {
    const r = await run(['verify', '--profile', 'long-0']);
    expect(r.code).toBe(2);
    const chain = [...Array.from({ length: 11 }, (_, i) => `long-${i}`), 'default'].join(' → ');
    expect(r.stderr).toBe(
      `keyscope: ~/.aws profile long-10: its source_profile chain assumes more than 10 roles in a row (${chain}); keyscope follows at most 10.\nhint: Point a source_profile of this chain at a profile with a key of its own, nearer its start.\n`,
    );
    const faults = await startFaultServer();
    try {
      const ten = await run(['verify', '--profile', 'long-1', '--no-last-used'], { AWS_ENDPOINT_URL: `${faults.url}/ok/` });
      expect(ten.code, ten.stderr).toBe(0);
      expect(faults.requests.map((q) => q.params.Action)).toEqual([...Array(10).fill('AssumeRole'), 'GetCallerIdentity']);
    } finally {
      await faults.stop();
    }
  });

  it('credential_process: run without a shell, its stderr passed through, its JSON used', async () => {
    const r = await run(['verify', '--profile', 'helper']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('helper: signing you in\n');
    expect(r.json()).toMatchObject({ Valid: true, Arn: ALICE_ARN, CredentialSource: 'credential_process of profile helper' });
  });

  it('a comment after a value is part of it, as the AWS CLI reads it: a credential_process keeps its " ;" and " #" words', async () => {
    const r = await run(['verify', '--profile', 'helper-args']);
    expect(r.stderr).toBe('helper: signing you in\n');
    expect(r.json()).toMatchObject({ Valid: true, Arn: ALICE_ARN });
  });

  // `AWS_PROFILE=dev AWS_DEFAULT_REGION=us-east-1 aws sts get-caller-identity` never reads the profile's region, and
  // succeeds; keyscope refused the profile for it, exit 2.
  it('a region with a comment after it is refused only when it is the region used: --region, AWS_REGION or AWS_DEFAULT_REGION stand ahead of it (was: refused, exit 2)', async () => {
    for (const [argv, env] of [
      [['sts', 'get-caller-identity'], { AWS_PROFILE: 'commented-region', AWS_DEFAULT_REGION: 'us-east-1' }],
      [['sts', 'get-caller-identity', '--region', 'us-east-1'], { AWS_PROFILE: 'commented-region' }],
      [['verify', '--profile', 'commented-region'], { AWS_REGION: 'us-east-1' }],
    ] as const) {
      const r = await run([...argv], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(ALICE_ARN);
    }
    const used = await run(['verify', '--profile', 'commented-region']);
    expect(used.code).toBe(2);
    expect(used.stderr).toMatch(/^keyscope: ~\/\.aws profile commented-region: region has a comment after its value/);
  });

  it('a key or a role setting with a comment after its value is refused, naming the setting, not checked as valid; nothing sent', async () => {
    const faults = await startFaultServer();
    try {
      for (const [profile, setting] of [
        ['commented', 'aws_access_key_id'],
        ['commented-role', 'source_profile'],
      ] as const) {
        const r = await run(['verify', '--profile', profile], { AWS_ENDPOINT_URL: `${faults.url}/ok/` });
        expect(r.code, r.stdout).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toBe(`keyscope: ~/.aws profile ${profile}: ${setting} has a comment after its value (a space, then # or ;), which the AWS CLI reads as part of the value.\nhint: Put the comment on a line of its own in ~/.aws/config.\n`);
      }
      expect(faults.requests).toEqual([]);
    } finally {
      await faults.stop();
    }
  });

  it('a credential_process that fails: its exit code said, what it printed never echoed', async () => {
    const r = await run(['verify', '--profile', 'broken']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('helper: no network');
    expect(r.stderr).toMatch(/The credential_process of profile broken exited with code 3/);
    expect(r.stdout + r.stderr).not.toContain(alice.secretAccessKey);
  });

  it('an SSO profile is explained and skipped: aws sso login, then the exported credential', async () => {
    const r = await run(['verify', '--profile', 'sso']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/IAM Identity Center \(SSO\), and keyscope does not read the AWS CLI's SSO cache/);
    expect(r.stderr).toContain('aws sso login --profile sso');
    expect(r.stderr).toContain('aws configure export-credentials --profile sso --format env');
  });
});
