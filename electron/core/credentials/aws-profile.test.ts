/**
 * Which credential a profile of the AWS files gives, compared with botocore itself (the AWS CLI's credential chain,
 * installed with moto): a key, a role assumed with some source's key, or a refusal. keyscope's roles are assumed on a
 * real moto_server; botocore's are not (its role credentials are deferred: the test reads which role, and which key
 * would sign for it, without a call).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, type Moto } from '../../../e2e/fixtures/moto.js';
import { QueryClient } from '../aws/client.js';
import { regionFor } from '../aws/client-factory.js';
import { createTransport, type Transport } from '../aws/transport.js';
import { missingFilesMessage, scanAwsFiles } from '../vault/aws-files.js';
import { planImport } from '../vault/import-plan.js';
import { resolveCredentials } from './resolve.js';

let moto: Moto;
let transport: Transport;
const dirs: string[] = [];
beforeAll(async () => {
  moto = await startMoto({ auth: false });
  transport = (createTransport({ env: {} }) as { ok: true; value: Transport }).value;
});
afterAll(async () => {
  transport.close();
  await moto.stop();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** What a profile gives: the key that signs (the first of a chain), how many roles are assumed and the last; or a refusal. */
type Outcome = { key?: string; roles?: number; role?: string; webIdentity?: true; refused?: true };

// botocore's credential for each profile, never calling STS: an assumed role's credentials are deferred, and their
// fetcher holds the role and its source (a source that is itself a role, for a chain).
const BOTOCORE = String.raw`import json, sys, botocore.session
def describe(c):
    if c is None: return {'refused': True}
    if c.method == 'assume-role':
        f = c._refresh_using.__self__
        inner = describe(f._source_credentials)
        return {'key': inner['key'], 'roles': inner.get('roles', 0) + 1, 'role': f._role_arn}
    if c.method == 'assume-role-with-web-identity': return {'webIdentity': True}
    return {'key': c.access_key}
out = {}
for name in sys.argv[1:]:
    try: out[name] = describe(botocore.session.Session(profile=name).get_credentials())
    except Exception: out[name] = {'refused': True}
print(json.dumps(out))`;

function byBotocore(env: Record<string, string>, names: readonly string[]): Record<string, Outcome> {
  return JSON.parse(execFileSync('python3', ['-c', BOTOCORE, ...names], { env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', ...env }, encoding: 'utf8' })) as Record<string, Outcome>;
}

/** keyscope's `verify --profile NAME` for each name: the keys its AssumeRole calls were signed with, on moto. */
async function byKeyscope(env: Record<string, string>, names: readonly string[]): Promise<Record<string, Outcome>> {
  const out: Record<string, Outcome> = {};
  for (const name of names) {
    const signers: string[] = [];
    const found = await resolveCredentials(name, {
      env,
      clientFor: (credentials) => {
        signers.push(credentials.accessKeyId);
        return new QueryClient({ transport, endpoints: { endpointUrl: moto.url, region: 'us-east-1' }, userAgent: 'keyscope-tests', retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }, credentials);
      },
    });
    if (!found.ok) out[name] = /web identity/.test(found.error.message) ? { webIdentity: true } : { refused: true };
    else if (found.value.source.kind === 'role') out[name] = { key: signers[0] as string, roles: signers.length, role: /role (\S+) via/.exec(found.value.source.description)?.[1] as string };
    else out[name] = { key: found.value.credentials.accessKeyId };
  }
  return out;
}

function home(credentials: string, config = ''): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-aws-profile-'));
  dirs.push(dir);
  mkdirSync(join(dir, '.aws'));
  writeFileSync(join(dir, '.aws', 'credentials'), credentials);
  writeFileSync(join(dir, '.aws', 'config'), config);
  return { HOME: dir };
}

const key = (c: string) => `aws_access_key_id = AKIAY34FZKBOKMUTVV${c}A\naws_secret_access_key = secret${c}\n`;
const role = (r: string) => `role_arn = arn:aws:iam::123456789012:role/${r}\n`;

// A key and role settings in one profile, each as a section of the credentials file.
const KEY_AND_ROLE = [
  `[base]\n${key('B')}`,
  `[both]\n${key('C')}${role('both')}source_profile = base\n`,
  `[itself]\n${key('D')}${role('itself')}source_profile = itself\n`,
  // A source profile holding a key gives that key, its own role ignored: the chain stops there.
  `[through-both]\n${role('through')}source_profile = both\n`,
  `[no-source]\n${key('E')}${role('nosource')}`,
  `[web]\n${key('F')}${role('web')}source_profile = base\nweb_identity_token_file = /nonexistent/token\n`,
  `[ec2]\n${key('G')}${role('ec2')}credential_source = Ec2InstanceMetadata\n`,
  `[ecs]\n${key('H')}${role('ecs')}credential_source = EcsContainer\n`,
  `[lower-env]\n${key('I')}${role('env')}credential_source = environment\n`,
  `[half-source]\naws_access_key_id = AKIAY34FZKBOKMUTVVJA\n${role('half')}source_profile = base\n`,
  `[through-half]\n${role('through-half')}source_profile = half-source\n`,
  `[sso-named]\n${key('K')}sso_session = corp\nsso_start_url = https://corp.awsapps.com/start\n`,
  `[sso-account]\n${key('L')}sso_account_id = 123456789012\nsso_role_name = Admin\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n`,
].join('');
const NAMES = ['base', 'both', 'itself', 'through-both', 'no-source', 'web', 'ec2', 'ecs', 'lower-env', 'half-source', 'through-half', 'sso-named', 'sso-account'];

describe('a profile holding a key and role settings, as the AWS CLI uses it', () => {
  it('verify --profile uses what botocore uses: the role, a source profile\'s own key (never its role), web identity and SSO ahead of the key, a refusal never a fallback', async () => {
    const env = home(KEY_AND_ROLE);
    const expected = byBotocore(env, NAMES);
    // What the comparison holds, so that a botocore that changed is seen.
    expect(expected.both).toEqual({ key: 'AKIAY34FZKBOKMUTVVBA', roles: 1, role: 'arn:aws:iam::123456789012:role/both' });
    expect(expected['through-both']).toEqual({ key: 'AKIAY34FZKBOKMUTVVCA', roles: 1, role: 'arn:aws:iam::123456789012:role/through' });
    expect(expected.ec2).toEqual({ refused: true });
    expect(await byKeyscope(env, NAMES)).toEqual(expected);
  });

  it('the same with [DEFAULT] holding the key, and for the default chain (AWS_PROFILE, [default])', async () => {
    const env = home(`[DEFAULT]\n${key('M')}[default]\n${role('default')}source_profile = base\n[base]\n[dev]\n${role('dev')}source_profile = dev\n[chained]\n${role('chained')}source_profile = default\n`);
    const names = ['default', 'base', 'dev', 'chained'];
    const expected = byBotocore(env, names);
    expect(expected.chained).toEqual({ key: 'AKIAY34FZKBOKMUTVVMA', roles: 1, role: 'arn:aws:iam::123456789012:role/chained' });
    expect(await byKeyscope(env, names)).toEqual(expected);
    const viaDefault = await resolveCredentials(undefined, { env, clientFor: (c) => new QueryClient({ transport, endpoints: { endpointUrl: moto.url, region: 'us-east-1' }, userAgent: 'keyscope-tests' }, c) });
    expect(viaDefault.ok && viaDefault.value.source.description).toBe('~/.aws profile default (role arn:aws:iam::123456789012:role/default via source_profile base)');
  });

  it('import saves a key only under a name the AWS CLI uses that key for; a role, web identity, SSO, login or process profile holding one is skipped, saying what the AWS CLI uses', async () => {
    const env = home(KEY_AND_ROLE, `[profile cfg-process]\n${key('N')}credential_process = /bin/false\n[profile cfg-login]\n${key('O')}login_session = arn:aws:iam::123456789012:user/o\n`);
    const expected = byBotocore(env, [...NAMES, 'cfg-process', 'cfg-login']);
    expect(await byKeyscope(env, ['cfg-process', 'cfg-login'])).toEqual({ 'cfg-process': expected['cfg-process'], 'cfg-login': expected['cfg-login'] });
    const plan = planImport(scanAwsFiles(env), []);
    const imported = plan.toImport.map((p) => p.name).sort();
    // Imported: exactly the profiles for which botocore signs with the profile's own key, as it is.
    expect(imported).toEqual(['base', 'sso-named']);
    for (const name of imported) expect(expected[name]).toEqual({ key: plan.toImport.find((p) => p.name === name)?.credentials.accessKeyId });
    const reasons = Object.fromEntries(plan.skipped.map((s) => [s.name, s.reason]));
    expect(reasons.both).toBe('role profile (assumes arn:aws:iam::123456789012:role/both): the AWS CLI uses the role for this name, not the key the profile holds (to check that key, add it with `keyscope profiles add`)');
    expect(reasons.ec2).toMatch(/^role profile \(assumes arn:aws:iam::123456789012:role\/ec2\)/);
    expect(reasons.web).toMatch(/^web identity profile: the AWS CLI assumes .* with its token file for this name, not the key the profile holds/);
    expect(reasons['sso-account']).toMatch(/^SSO profile: the AWS CLI signs in through IAM Identity Center for this name, not the key the profile holds/);
    expect(reasons['cfg-login']).toMatch(/^aws login profile: the AWS CLI uses its login session for this name, not the key the profile holds in the config file/);
    expect(reasons['cfg-process']).toMatch(/^credential_process profile: the AWS CLI runs its program for this name, not the key the profile holds in the config file/);
  });
});

describe('a file variable set but empty', () => {
  it('names no file, as botocore reads none: verify and import use nothing from ~/.aws/credentials then (was: read as unset, so keyscope checked a key the AWS CLI does not see)', async () => {
    const env = { ...home(`[default]\n${key('P')}[creds]\n${key('Q')}`, `[profile cfg]\n${key('R')}`), AWS_SHARED_CREDENTIALS_FILE: '' };
    const expected = byBotocore(env, ['creds', 'cfg']);
    expect(expected).toEqual({ creds: { refused: true }, cfg: { key: 'AKIAY34FZKBOKMUTVVRA' } });
    expect(await byKeyscope(env, ['creds', 'cfg'])).toEqual(expected);
    const none = await resolveCredentials(undefined, { env, clientFor: () => expect.fail('nothing is sent') });
    expect(!none.ok && none.error.message).toBe(
      'No credential: AWS_ACCESS_KEY_ID is not set, AWS_PROFILE is not set, and there is no [default] profile in the credentials file (AWS_SHARED_CREDENTIALS_FILE is set but empty: none is read, as by the AWS CLI) or ~/.aws/config.',
    );
    const scan = scanAwsFiles(env);
    expect(scan.profiles.map((p) => p.name)).toEqual(['cfg']);
    expect(scan.files[0]).toEqual({ path: '', role: 'credentials', state: 'missing', problems: [] });
    expect(missingFilesMessage(scanAwsFiles({ ...env, AWS_CONFIG_FILE: '' }))).toBe(
      'No AWS files to import from: neither the credentials file (AWS_SHARED_CREDENTIALS_FILE is set but empty: none is read, as by the AWS CLI) nor the config file (AWS_CONFIG_FILE is set but empty: none is read, as by the AWS CLI) exists (AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name other paths).',
    );
  });
});

// botocore's key for each profile as it signs with it, the secret and token too (never calling STS); or a refusal.
const BOTOCORE_KEY = String.raw`import json, sys, botocore.session
out = {}
for name in sys.argv[1:]:
    try:
        c = botocore.session.Session(profile=name).get_credentials()
        out[name] = {'refused': True} if c is None else {'key': c.access_key, 'secret': c.secret_key, **({'token': c.token} if c.token else {})}
    except Exception: out[name] = {'refused': True}
print(json.dumps(out))`;

type KeyOutcome = { key?: string; secret?: string; token?: string; refused?: true };

describe('a profile whose key the AWS CLI reads from one of the two files', () => {
  // Each in both files: the key's parts split, the token or secret in the other file, two tokens, web identity settings.
  const CREDENTIALS = [
    `[split-id]\naws_access_key_id = AKIAY34FZKBOKMUTVVSA\n`,
    `[split-secret]\naws_secret_access_key = secretS2\n`,
    `[token-elsewhere]\n${key('T')}`,
    `[secret-both]\naws_secret_access_key = secretInCredentials\n`,
    `[two-tokens]\n${key('U')}aws_session_token = session-token\naws_security_token = security-token\n`,
    `[web-no-role]\n${key('V')}web_identity_token_file = /nonexistent/token\n`,
    `[web-empty]\n${key('W')}${role('web-empty')}source_profile = base\nweb_identity_token_file =\n`,
    `[base]\n${key('B')}`,
  ].join('');
  const CONFIG = [
    `[profile split-id]\naws_secret_access_key = secretS1\n`,
    `[profile split-secret]\naws_access_key_id = AKIAY34FZKBOKMUTVVXA\n`,
    `[profile token-elsewhere]\naws_session_token = token-in-config\n`,
    `[profile secret-both]\naws_access_key_id = AKIAY34FZKBOKMUTVVYA\naws_secret_access_key = secretInConfig\n`,
  ].join('');
  const NAMES = ['split-id', 'split-secret', 'token-elsewhere', 'secret-both', 'two-tokens', 'web-no-role', 'web-empty'];

  function keysByBotocore(env: Record<string, string>): Record<string, KeyOutcome> {
    return JSON.parse(execFileSync('python3', ['-c', BOTOCORE_KEY, ...NAMES], { env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', ...env }, encoding: 'utf8' })) as Record<string, KeyOutcome>;
  }

  it('verify --profile signs with the key, secret and token botocore takes, from the file holding the key id; a key split between the files, or web identity with no role, is refused as by botocore (was: the two files merged, and the key checked)', async () => {
    const env = home(CREDENTIALS, CONFIG);
    const expected = keysByBotocore(env);
    // What the comparison holds, so that a botocore that changed is seen.
    expect(expected).toMatchObject({
      'split-id': { refused: true },
      'split-secret': { refused: true },
      'token-elsewhere': { key: 'AKIAY34FZKBOKMUTVVTA', secret: 'secretT' },
      'secret-both': { key: 'AKIAY34FZKBOKMUTVVYA', secret: 'secretInConfig' },
      'two-tokens': { token: 'security-token' },
      'web-no-role': { refused: true },
      'web-empty': { key: 'AKIAY34FZKBOKMUTVVWA' },
    });
    const ours: Record<string, KeyOutcome> = {};
    const messages: Record<string, string> = {};
    for (const name of NAMES) {
      const found = await resolveCredentials(name, { env, clientFor: () => expect.fail('no role is assumed') });
      if (found.ok) {
        const c = found.value.credentials;
        ours[name] = { key: c.accessKeyId, secret: c.secretAccessKey, ...(c.sessionToken ? { token: c.sessionToken } : {}) };
      } else {
        ours[name] = { refused: true };
        messages[name] = `${found.error.message} | ${found.error.hint}`;
      }
    }
    expect(ours).toEqual(expected);
    expect(messages).toEqual({
      'split-id': '~/.aws profile split-id: has aws_access_key_id in the credentials file but aws_secret_access_key only in the config file: the AWS CLI takes both from one file, and refuses this profile. | Put its aws_secret_access_key beside its aws_access_key_id, in ~/.aws/credentials.',
      'split-secret': '~/.aws profile split-secret: has aws_access_key_id in the config file but aws_secret_access_key only in the credentials file: the AWS CLI takes both from one file, and refuses this profile. | Put its aws_secret_access_key beside its aws_access_key_id, in ~/.aws/config.',
      'web-no-role': '~/.aws profile web-no-role: has web_identity_token_file but no role_arn: the AWS CLI refuses the profile, having no role to assume with the token. | Add role_arn (the role the token assumes), or remove web_identity_token_file.',
    });
  });

  it('import saves a key as botocore reads it, with the secret and token of the file holding the key id, and skips a key split between the files or beside web identity with no role', () => {
    const env = home(CREDENTIALS, CONFIG);
    const expected = keysByBotocore(env);
    const scan = scanAwsFiles(env);
    const byName = Object.fromEntries(scan.profiles.filter((p) => NAMES.includes(p.name)).map((p) => [p.name, p]));
    const saved = Object.fromEntries(
      Object.entries(byName).map(([name, p]) => [name, p.credentials ? { key: p.credentials.accessKeyId, secret: p.credentials.secretAccessKey, ...(p.credentials.sessionToken ? { token: p.credentials.sessionToken } : {}) } : { refused: true }]),
    );
    expect(saved).toEqual(expected);
    expect(byName['split-id']?.skipped).toBe('its aws_access_key_id is in the credentials file but its aws_secret_access_key only in the config file: the AWS CLI takes both from one file, and refuses this name; put them in one file, then import again');
    expect(byName['split-secret']?.skipped).toBe('its aws_access_key_id is in the config file but its aws_secret_access_key only in the credentials file: the AWS CLI takes both from one file, and refuses this name; put them in one file, then import again');
    expect(byName['web-no-role']?.skipped).toBe('web identity profile with no role_arn: the AWS CLI refuses this name, not the key the profile holds; add role_arn, or remove web_identity_token_file, then import again');
  });

  it('a key id set but empty is the key botocore takes (it signs with an empty key id): verify refuses it, never running the credential_process beside it (was: run, as if there were no key)', async () => {
    const env = home('');
    const ran = join(env.HOME as string, 'ran');
    writeFileSync(join(env.HOME as string, '.aws', 'credentials'), `[empty-id]\naws_access_key_id =\naws_secret_access_key = secretZ\ncredential_process = /usr/bin/touch ${ran}\n`);
    expect(JSON.parse(execFileSync('python3', ['-c', BOTOCORE_KEY.replace('c.secret_key', "c.secret_key, 'method': c.method"), 'empty-id'], { env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', ...env }, encoding: 'utf8' }))).toEqual({ 'empty-id': { key: '', secret: 'secretZ', method: 'shared-credentials-file' } });
    const found = await resolveCredentials('empty-id', { env, clientFor: () => expect.fail('nothing is sent') });
    expect(!found.ok && found.error.message).toBe('~/.aws profile empty-id: has aws_secret_access_key but no aws_access_key_id.');
    expect(existsSync(ran)).toBe(false);
  });
});

describe('a profile without a key, skipped by the import', () => {
  it('is skipped naming the provider botocore and verify use for it: a role or credential_process ahead of SSO settings it cannot use, web identity ahead of its role, aws login (was: SSO, SSO, role profile, "holds no static access key")', async () => {
    const env = home(
      `[base]\n${key('B')}`,
      [
        `[profile sso-role]\nsso_start_url = https://corp.awsapps.com/start\n${role('sso-role')}source_profile = base\n`,
        `[profile sso-process]\nsso_session = corp\ncredential_process = /bin/echo '{"Version": 1, "AccessKeyId": "AKIAY34FZKBOKMUTVVPA", "SecretAccessKey": "p"}'\n`,
        `[profile web-role]\n${role('web-role')}web_identity_token_file = /nonexistent/token\n`,
        `[profile login]\nlogin_session = arn:aws:iam::123456789012:user/o\n`,
        `[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n`,
      ].join(''),
    );
    const names = ['sso-role', 'sso-process', 'web-role', 'login'];
    const expected = byBotocore(env, names);
    expect(expected).toEqual({
      'sso-role': { key: 'AKIAY34FZKBOKMUTVVBA', roles: 1, role: 'arn:aws:iam::123456789012:role/sso-role' },
      'sso-process': { key: 'AKIAY34FZKBOKMUTVVPA' },
      'web-role': { webIdentity: true },
      login: { refused: true },
    });
    expect(await byKeyscope(env, names)).toEqual(expected);
    const reasons = Object.fromEntries(scanAwsFiles(env).profiles.map((p) => [p.name, p.skipped]));
    expect(names.map((n) => reasons[n])).toEqual([
      'role profile (assumes arn:aws:iam::123456789012:role/sso-role): it holds no key of its own',
      'credential_process profile: its credentials come from a program',
      'web identity profile: its credentials come from a token file',
      "aws login profile: its credentials come from the AWS CLI's login session",
    ]);
  });
});

describe('web identity from the environment (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN: EKS, GitHub Actions)', () => {
  const IRSA = { AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/token', AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/irsa' };
  // botocore's provider for the profile AWS_PROFILE names (else default), as the AWS CLI run without --profile.
  const methodByBotocore = (env: Record<string, string>) =>
    execFileSync('python3', ['-c', 'import botocore.session\ntry: print(botocore.session.Session().get_credentials().method)\nexcept Exception as e: print(type(e).__name__)'], { env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', ...env }, encoding: 'utf8' }).trim();

  it('is what the AWS CLI uses without --profile, ahead of the key of AWS_PROFILE\'s profile or [default], or with no profile at all: verify says so and checks no key (was: checked the profile\'s key, or said there was no credential)', async () => {
    const files = home(`[default]\n${key('A')}[dev]\n${key('D')}`);
    const cases = { 'AWS_PROFILE=dev': { ...files, ...IRSA, AWS_PROFILE: 'dev' }, '[default]': { ...files, ...IRSA }, 'no profile': { ...home(''), ...IRSA } };
    for (const [what, env] of Object.entries(cases)) {
      expect(methodByBotocore(env), what).toBe('assume-role-with-web-identity');
      const found = await resolveCredentials(undefined, { env, clientFor: () => expect.fail('nothing is sent') });
      expect(!found.ok && `${found.error.message} | ${found.error.hint}`, what).toBe(
        'AWS_WEB_IDENTITY_TOKEN_FILE is set: the AWS CLI assumes arn:aws:iam::123456789012:role/irsa with that web identity token, ahead of any key in ~/.aws, which keyscope does not do. | Run `keyscope sts assume-role-with-web-identity --role-arn arn:aws:iam::123456789012:role/irsa --role-session-name NAME --web-identity-token file:///nonexistent/token` to see whose session it gives, or unset AWS_WEB_IDENTITY_TOKEN_FILE to check the credential of ~/.aws.',
      );
    }
    const noRole = { ...files, AWS_WEB_IDENTITY_TOKEN_FILE: IRSA.AWS_WEB_IDENTITY_TOKEN_FILE };
    expect(methodByBotocore(noRole)).toBe('InvalidConfigError');
    const refused = await resolveCredentials(undefined, { env: noRole, clientFor: () => expect.fail('nothing is sent') });
    expect(!refused.ok && `${refused.error.message} | ${refused.error.hint}`).toBe('AWS_WEB_IDENTITY_TOKEN_FILE is set, but neither AWS_ROLE_ARN nor the profile\'s role_arn: the AWS CLI refuses that, having no role to assume with the token. | Set AWS_ROLE_ARN (the role the token assumes), or unset AWS_WEB_IDENTITY_TOKEN_FILE.');
  });

  it('is not read for --profile NAME, as the AWS CLI does not, nor ahead of the keys of the environment', async () => {
    const env = { ...home(`[dev]\n${key('D')}`), ...IRSA };
    expect(byBotocore(env, ['dev'])).toEqual({ dev: { key: 'AKIAY34FZKBOKMUTVVDA' } });
    expect(await byKeyscope(env, ['dev'])).toEqual({ dev: { key: 'AKIAY34FZKBOKMUTVVDA' } });
    const withKeys = { ...env, AWS_ACCESS_KEY_ID: 'AKIAY34FZKBOKMUTVVEA', AWS_SECRET_ACCESS_KEY: 'secretE' };
    expect(methodByBotocore(withKeys)).toBe('env');
    const found = await resolveCredentials(undefined, { env: withKeys, clientFor: () => expect.fail('nothing is sent') });
    expect(found.ok && found.value.credentials.accessKeyId).toBe('AKIAY34FZKBOKMUTVVEA');
  });
});

describe('AWS_DEFAULT_PROFILE and AWS_PROFILE', () => {
  // The profile the AWS CLI's own `aws configure list` names, and botocore's key for it (or its refusal).
  const awsCliProfile = (env: Record<string, string>) => {
    try {
      return /^\s*profile\s+(\S*)\s+env\b/m.exec(execFileSync('aws', ['configure', 'list'], { env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }))?.[1];
    } catch (e) {
      return `refused: ${String((e as { stderr?: string }).stderr).trim()}`;
    }
  };
  const keyByBotocore = (env: Record<string, string>) =>
    execFileSync('python3', ['-c', 'import botocore.session\ntry: print(botocore.session.Session().get_credentials().access_key)\nexcept Exception as e: print(type(e).__name__)'], { env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', ...env }, encoding: 'utf8' }).trim();
  const ours = async (env: Record<string, string>) => {
    const found = await resolveCredentials(undefined, { env, clientFor: () => expect.fail('nothing is sent') });
    return found.ok ? found.value.credentials.accessKeyId : `${found.error.message} | ${found.error.hint}`;
  };

  it('AWS_DEFAULT_PROFILE is read ahead of AWS_PROFILE, as by botocore and the AWS CLI (was: AWS_PROFILE\'s profile checked)', async () => {
    const files = home(`[default]\n${key('D')}[a]\n${key('A')}[b]\n${key('B')}`);
    const both = { ...files, AWS_PROFILE: 'a', AWS_DEFAULT_PROFILE: 'b' };
    expect(awsCliProfile(both)).toBe('b');
    expect(keyByBotocore(both)).toBe('AKIAY34FZKBOKMUTVVBA');
    expect(await ours(both)).toBe('AKIAY34FZKBOKMUTVVBA');
    // Either alone, as before.
    expect(await ours({ ...files, AWS_PROFILE: 'a' })).toBe('AKIAY34FZKBOKMUTVVAA');
    expect(await ours({ ...files, AWS_DEFAULT_PROFILE: 'b' })).toBe('AKIAY34FZKBOKMUTVVBA');
    // One naming no profile is refused, never passed over for the other: said naming both.
    const missing = { ...files, AWS_PROFILE: 'a', AWS_DEFAULT_PROFILE: 'nope' };
    expect(awsCliProfile(missing)).toBe('refused: The config profile (nope) could not be found');
    expect(await ours(missing)).toBe(
      'AWS_DEFAULT_PROFILE names the profile "nope", which neither ~/.aws/credentials nor ~/.aws/config defines (the AWS CLI reads AWS_DEFAULT_PROFILE ahead of AWS_PROFILE, which names "a"). | `keyscope profiles list` shows keyscope\'s profiles, `aws configure list-profiles` those of the AWS files.',
    );
  });

  it('set but empty, either names the profile "", which the AWS CLI refuses: refused too, saying so (was: read as unset, and [default] or the other variable\'s profile checked)', async () => {
    const files = home(`[default]\n${key('D')}[a]\n${key('A')}`);
    for (const [variable, env] of [
      ['AWS_PROFILE', { ...files, AWS_PROFILE: '' }],
      ['AWS_DEFAULT_PROFILE', { ...files, AWS_DEFAULT_PROFILE: '', AWS_PROFILE: 'a' }],
    ] as const) {
      expect(awsCliProfile(env), variable).toBe('refused: The config profile () could not be found');
      expect(keyByBotocore(env), variable).toBe('ProfileNotFound');
      expect(await ours(env), variable).toBe(`${variable} is set but empty: the AWS CLI takes that as a profile named "" and refuses it ("The config profile () could not be found"). | Unset ${variable} (\`unset ${variable}\`), or set it to a profile's name.`);
    }
  });
});

describe('a comment after a value the AWS CLI does not use', () => {
  const PROCESS = `/bin/echo '{"Version": 1, "AccessKeyId": "AKIAY34FZKBOKMUTVVPA", "SecretAccessKey": "p"}'`;
  const CREDENTIALS = [
    `[token-in-config]\n${key('C')}`,
    `[unused-token]\n${key('T')}aws_security_token = security-token\naws_session_token = U # old\n`,
    `[config-key-unused]\n${key('K')}`,
  ].join('');
  const CONFIG = [
    `[profile token-in-config]\naws_session_token = old-token # expired\n`,
    `[profile config-key-unused]\naws_access_key_id = AKIAY34FZKBOKMUTVVXA # old\naws_secret_access_key = secretX\n`,
    `[profile process-first]\naws_access_key_id = AKIAY34FZKBOKMUTVVYA # old\naws_secret_access_key = secretY\ncredential_process = ${PROCESS}\n`,
  ].join('');
  const NAMES = ['token-in-config', 'unused-token', 'config-key-unused', 'process-first'];
  const keysByBotocore = (env: Record<string, string>) => JSON.parse(execFileSync('python3', ['-c', BOTOCORE_KEY, ...NAMES], { env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', ...env }, encoding: 'utf8' })) as Record<string, KeyOutcome>;
  const outcome = (c: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): KeyOutcome => ({ key: c.accessKeyId, secret: c.secretAccessKey, ...(c.sessionToken ? { token: c.sessionToken } : {}) });

  it('is no reason to refuse the profile: verify --profile and import use what botocore uses, the settings with a comment left aside (was: refused, for a comment in a setting of the other file, an unused token or a key behind credential_process)', async () => {
    const env = home(CREDENTIALS, CONFIG);
    const expected = keysByBotocore(env);
    expect(expected).toEqual({
      'token-in-config': { key: 'AKIAY34FZKBOKMUTVVCA', secret: 'secretC' },
      'unused-token': { key: 'AKIAY34FZKBOKMUTVVTA', secret: 'secretT', token: 'security-token' },
      'config-key-unused': { key: 'AKIAY34FZKBOKMUTVVKA', secret: 'secretK' },
      'process-first': { key: 'AKIAY34FZKBOKMUTVVPA', secret: 'p' },
    });
    const ours: Record<string, KeyOutcome | string> = {};
    for (const name of NAMES) {
      const found = await resolveCredentials(name, { env, clientFor: () => expect.fail('no role is assumed') });
      ours[name] = found.ok ? outcome(found.value.credentials) : found.error.message;
    }
    expect(ours).toEqual(expected);
    const saved = Object.fromEntries(scanAwsFiles(env).profiles.map((p) => [p.name, p.credentials ? outcome(p.credentials) : p.skipped]));
    expect(saved).toEqual({ ...expected, 'process-first': 'credential_process profile: the AWS CLI runs its program for this name, not the key the profile holds in the config file' });
  });

  it('in [default]\'s key while the environment names a web identity, is passed over for it, as by botocore (was: the comment said, not the web identity)', async () => {
    const env = { ...home(`[default]\naws_access_key_id = AKIAY34FZKBOKMUTVVDA # me\naws_secret_access_key = secretD\n`), AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/token', AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/irsa' };
    expect(execFileSync('python3', ['-c', 'import botocore.session\nprint(botocore.session.Session().get_credentials().method)'], { env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', ...env }, encoding: 'utf8' }).trim()).toBe('assume-role-with-web-identity');
    const found = await resolveCredentials(undefined, { env, clientFor: () => expect.fail('nothing is sent') });
    expect(!found.ok && found.error.message).toBe('AWS_WEB_IDENTITY_TOKEN_FILE is set: the AWS CLI assumes arn:aws:iam::123456789012:role/irsa with that web identity token, ahead of any key in ~/.aws, which keyscope does not do.');
  });

  it('in a setting the AWS CLI uses is still refused, naming the setting and its file', async () => {
    const env = home(`[used]\n${key('U')}aws_session_token = tok # old\n`, `[profile region]\n${key('R')}region = eu-west-1 # ireland\n`);
    const said: Record<string, string | false> = {};
    for (const name of ['used', 'region']) {
      const found = await resolveCredentials(name, { env, clientFor: () => expect.fail('nothing is sent') });
      said[name] = !found.ok && `${found.error.message} | ${found.error.hint}`;
    }
    expect(said).toEqual({
      used: '~/.aws profile used: aws_session_token has a comment after its value (a space, then # or ;), which the AWS CLI reads as part of the value. | Put the comment on a line of its own in ~/.aws/credentials.',
      region: '~/.aws profile region: region has a comment after its value (a space, then # or ;), which the AWS CLI reads as part of the value. | Put the comment on a line of its own in ~/.aws/config.',
    });
    const skipped = Object.fromEntries(scanAwsFiles(env).profiles.map((p) => [p.name, p.skipped]));
    expect(skipped).toEqual({
      used: 'aws_session_token has a comment after its value (a space, then # or ;), which the AWS CLI reads as part of the value: put the comment on a line of its own, then import again',
      region: 'region has a comment after its value (a space, then # or ;), which the AWS CLI reads as part of the value: put the comment on a line of its own, then import again',
    });
  });
});

describe('a region with a comment after it, in a profile whose region another one overrides', () => {
  const PROCESS = `/bin/echo '{"Version": 1, "AccessKeyId": "AKIAY34FZKBOKMUTVVPA", "SecretAccessKey": "p"}'`;
  const COMMENTED_REGION = 'region = us-east-1 # main\n';
  const CONFIG = [`[profile key]\n${key('K')}${COMMENTED_REGION}`, `[profile role]\n${role('r')}source_profile = base\n${COMMENTED_REGION}`, `[profile process]\ncredential_process = ${PROCESS}\n${COMMENTED_REGION}`, `[profile base]\n${key('B')}`].join('');
  const NAMES = ['key', 'role', 'process'];
  /** `aws sts get-caller-identity` with each profile: its exit code and standard error's last line. */
  const awsCli = (env: Record<string, string>, name: string, args: readonly string[] = []) => {
    try {
      // AWS_ENDPOINT_URL, not --endpoint-url: a role's AssumeRole goes to moto too.
      execFileSync('aws', ['sts', 'get-caller-identity', ...args], { env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', AWS_ENDPOINT_URL: moto.url, ...env, AWS_PROFILE: name }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      return 'ok';
    } catch (e) {
      return String((e as { stderr?: string }).stderr).trim();
    }
  };
  const ours = async (env: Record<string, string>, name: string, region?: string) => {
    const found = await resolveCredentials(name, { env, ...(region ? { region } : {}), clientFor: (c) => new QueryClient({ transport, endpoints: { endpointUrl: moto.url, region: 'us-east-1' }, userAgent: 'keyscope-tests' }, c) });
    return found.ok ? 'ok' : found.error.message;
  };
  const refusal = (name: string) => `~/.aws profile ${name}: region has a comment after its value (a space, then # or ;), which the AWS CLI reads as part of the value.`;

  it('is not read when --region or AWS_DEFAULT_REGION stands ahead of it, and the profile is used, as by the AWS CLI (was: refused, exit 2, for a region never used)', async () => {
    const files = home('', CONFIG);
    for (const name of NAMES) {
      expect(awsCli({ ...files, AWS_DEFAULT_REGION: 'us-east-1' }, name), name).toBe('ok');
      expect(awsCli(files, name, ['--region', 'us-east-1']), name).toBe('ok');
      expect(await ours({ ...files, AWS_DEFAULT_REGION: 'us-east-1' }, name), name).toBe('ok');
      expect(await ours(files, name, 'us-east-1'), name).toBe('ok');
      // With nothing ahead of it, the AWS CLI reads it and fails; keyscope refuses it, naming it.
      expect(awsCli(files, name), name).toBe("Provided region_name 'us-east-1 # main' doesn't match a supported format.");
      expect(await ours(files, name), name).toBe(refusal(name));
    }
  });

  it('is not read with AWS_REGION either, which keyscope puts ahead of the profile\'s region (the AWS CLI 1 does not read AWS_REGION)', async () => {
    const files = home('', CONFIG);
    expect(awsCli({ ...files, AWS_REGION: 'us-east-1' }, 'key')).toBe("Provided region_name 'us-east-1 # main' doesn't match a supported format.");
    for (const name of NAMES) expect(await ours({ ...files, AWS_REGION: 'us-east-1' }, name), name).toBe('ok');
    // AWS_REGION set but empty means the global endpoint in keyscope's order: the profile's region is not used either.
    expect(await ours({ ...files, AWS_REGION: '' }, 'key')).toBe('ok');
  });
});

describe('a profile the AWS CLI refuses, or gets nothing from, said by its real cause, the same in verify and import', () => {
  const CREDENTIALS = [
    `[hidden-config-key]\naws_access_key_id =\n`,
    `[web-empty]\n${role('web-empty')}web_identity_token_file =\n`,
    `[through-web-empty]\n${role('through')}source_profile = web-empty\n`,
    `[partial-sso]\naws_access_key_id = AKIAY34FZKBOKMUTVVPA\nsso_session = corp\n`,
    `[web-only]\nweb_identity_token_file = /nonexistent/token\n`,
  ].join('');
  const CONFIG = `[profile hidden-config-key]\n${key('C')}[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n`;
  const NAMES = ['hidden-config-key', 'web-empty', 'through-web-empty', 'partial-sso', 'web-only'];

  it('verify --profile and import name the setting that makes botocore refuse (was: a missing key id for an empty one hiding the config file\'s key, "no role_arn" beside an empty token file, SSO for a partial key, a token file for web identity with no role)', async () => {
    const env = home(CREDENTIALS, CONFIG);
    const refusedByBotocore = Object.entries(JSON.parse(execFileSync('python3', ['-c', BOTOCORE_KEY, ...NAMES], { env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', ...env }, encoding: 'utf8' })) as Record<string, KeyOutcome>).filter(([, o]) => o.refused).map(([n]) => n);
    expect(refusedByBotocore).toEqual(NAMES);
    const said: Record<string, string | false> = {};
    for (const name of NAMES) {
      const found = await resolveCredentials(name, { env, clientFor: () => expect.fail('nothing is sent') });
      said[name] = !found.ok && `${found.error.message} | ${found.error.hint}`;
    }
    const emptyWeb = '~/.aws profile web-empty: has role_arn beside an empty web_identity_token_file: the AWS CLI then takes it for a web identity profile, not a role, and an empty token file names no token, so it gives no credential. | Remove the web_identity_token_file line to assume the role (with source_profile or credential_source), or name the token file in it.';
    expect(said).toEqual({
      'hidden-config-key': '~/.aws profile hidden-config-key: has aws_access_key_id set but empty in the credentials file, which the AWS CLI reads ahead of the key of the config file: it takes that empty key, and refuses this profile. | Remove the empty aws_access_key_id line from ~/.aws/credentials, or give it the key id.',
      'web-empty': emptyWeb,
      'through-web-empty': emptyWeb,
      'partial-sso': '~/.aws profile partial-sso: has aws_access_key_id but no aws_secret_access_key. | Add the secret to the profile, or run `aws configure --profile NAME`.',
      'web-only': '~/.aws profile web-only: has web_identity_token_file but no role_arn: the AWS CLI refuses the profile, having no role to assume with the token. | Add role_arn (the role the token assumes), or remove web_identity_token_file.',
    });
    const skipped = Object.fromEntries(scanAwsFiles(env).profiles.map((p) => [p.name, p.skipped]));
    expect(skipped).toEqual({
      'hidden-config-key': 'its aws_access_key_id is set but empty in the credentials file, which the AWS CLI reads ahead of the key of the config file: it takes that empty key, and refuses this name; remove that line, or give it the key id, then import again',
      'web-empty': 'role_arn beside an empty web_identity_token_file: the AWS CLI then takes this name for web identity, not a role, and the empty token file gives it no credential; remove that line, or name the token file, then import again',
      'through-web-empty': 'role profile (assumes arn:aws:iam::123456789012:role/through): it holds no key of its own',
      'partial-sso': 'has a key id but no aws_secret_access_key',
      'web-only': 'web identity profile with no role_arn: the AWS CLI refuses this name; add role_arn, or remove web_identity_token_file, then import again',
    });
  });

  it('AWS_ROLE_ARN set but empty, read ahead of the profile\'s role_arn, is said as the cause (was: "no role_arn", with the profile holding one)', async () => {
    const files = home(`[web-role]\n${role('web-role')}web_identity_token_file = /nonexistent/token\n[default]\n${role('default')}web_identity_token_file = /nonexistent/token\n`);
    const cases = { 'AWS_PROFILE=web-role': { ...files, AWS_PROFILE: 'web-role', AWS_ROLE_ARN: '' }, '[default], the token file in the environment': { ...files, AWS_ROLE_ARN: '', AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/token' } };
    for (const [what, env] of Object.entries(cases)) {
      expect(execFileSync('python3', ['-c', 'import botocore.session\ntry: print(botocore.session.Session().get_credentials().method)\nexcept Exception as e: print(type(e).__name__)'], { env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', ...env }, encoding: 'utf8' }).trim(), what).toBe('InvalidConfigError');
      const found = await resolveCredentials(undefined, { env, clientFor: () => expect.fail('nothing is sent') });
      expect(!found.ok && `${found.error.message} | ${found.error.hint}`, what).toBe(
        'AWS_ROLE_ARN is set but empty, and the AWS CLI reads it ahead of the profile\'s role_arn: it has no role to assume with the web identity token, and refuses that. | Unset AWS_ROLE_ARN (`unset AWS_ROLE_ARN`), or set it to the role the token assumes.',
      );
    }
  });

  it('AWS_ROLE_ARN set but empty beside AWS_WEB_IDENTITY_TOKEN_FILE, with no profile or one without role_arn, is said without a profile\'s role_arn (was: "ahead of the profile\'s role_arn", with none)', async () => {
    const cases = {
      'no profile at all': home(''),
      '[default] without role_arn': home('', '[default]\nregion = eu-west-1\n'),
      'AWS_PROFILE naming one without role_arn': { ...home('', '[profile dev]\nregion = eu-west-1\n'), AWS_PROFILE: 'dev' },
    };
    for (const [what, files] of Object.entries(cases)) {
      const env = { ...files, AWS_ROLE_ARN: '', AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/token' };
      expect(execFileSync('python3', ['-c', 'import botocore.session\ntry: print(botocore.session.Session().get_credentials().method)\nexcept Exception as e: print(type(e).__name__)'], { env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', ...env }, encoding: 'utf8' }).trim(), what).toBe('InvalidConfigError');
      const found = await resolveCredentials(undefined, { env, clientFor: () => expect.fail('nothing is sent') });
      expect(!found.ok && `${found.error.message} | ${found.error.hint}`, what).toBe(
        'AWS_ROLE_ARN is set but empty: the AWS CLI has no role to assume with the web identity token, and refuses that. | Unset AWS_ROLE_ARN (`unset AWS_ROLE_ARN`), or set it to the role the token assumes.',
      );
    }
  });
});

describe('a role profile without a region of its own', () => {
  const CONFIG = [
    `[profile src]\nregion = eu-west-2\n`,
    `[profile role]\n${role('r')}source_profile = src\n`,
    `[profile mid]\n${role('mid')}source_profile = src\nregion = sa-east-1\n`,
    `[profile top]\n${role('top')}source_profile = mid\n`,
    `[profile commented-src]\n${key('S')}region = eu-west-2 # london\n`,
    `[profile via-commented]\n${role('c')}source_profile = commented-src\n`,
  ].join('');
  const CREDENTIALS = `[src]\n${key('A')}`;
  const stsUrl = (region: string | undefined) => `https://sts.${region ? `${region}.` : ''}amazonaws.com/`;
  /** Where `aws sts get-caller-identity` sends its first AssumeRole and its GetCallerIdentity, read from --debug (nothing answers: the proxy is a closed loopback port). */
  const awsCliUrls = (env: Record<string, string>, name: string) => {
    let out = '';
    try {
      execFileSync('aws', ['sts', 'get-caller-identity', '--profile', name, '--debug', '--cli-connect-timeout', '1'], { env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', AWS_MAX_ATTEMPTS: '1', HTTPS_PROXY: 'http://127.0.0.1:9', ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      out = String((e as { stderr?: string }).stderr);
    }
    const url = (operation: string) => new RegExp(`OperationModel\\(name=${operation}\\).*?'url': '([^']+)'`).exec(out)?.[1];
    return { assumeRole: url('AssumeRole'), check: url('GetCallerIdentity') };
  };
  /** keyscope's: the region of its first AssumeRole call (a chain's first), and of the check after it. */
  const ours = async (env: Record<string, string>, name: string) => {
    const regions: (string | undefined)[] = [];
    const found = await resolveCredentials(name, {
      env,
      clientFor: (c, region) => {
        regions.push(region);
        return new QueryClient({ transport, endpoints: { endpointUrl: moto.url, region: 'us-east-1' }, userAgent: 'keyscope-tests' }, c);
      },
    });
    if (!found.ok) return { refused: found.error.message };
    return { assumeRole: stsUrl(regionFor(env, regions[0] ? { profileRegion: regions[0] } : {})), check: stsUrl(regionFor(env, found.value.region ? { profileRegion: found.value.region } : {})) };
  };

  it('assumes its role at the endpoint the AWS CLI uses, reading only the named profile\'s region, never its source\'s (was: the source profile\'s region)', async () => {
    const files = home(CREDENTIALS, CONFIG);
    const cases: [string, Record<string, string>][] = [
      ['role', files],
      ['top', files],
      ['via-commented', files],
      ['role', { ...files, AWS_DEFAULT_REGION: 'ca-central-1' }],
    ];
    for (const [name, env] of cases) {
      const expected = awsCliUrls(env, name);
      expect(await ours(env, name), `${name} ${env.AWS_DEFAULT_REGION ?? ''}`).toEqual(expected);
    }
    // What the comparison holds, so that an AWS CLI that changed is seen.
    expect(awsCliUrls(files, 'role')).toEqual({ assumeRole: 'https://sts.amazonaws.com/', check: 'https://sts.amazonaws.com/' });
  }, 120_000);
});
