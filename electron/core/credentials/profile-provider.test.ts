import { describe, expect, it } from 'vitest';
import { commentedSettingUsed, profileProvider, type ProfileFiles } from './profile-provider.js';

const KEY = { aws_access_key_id: 'AKIAY34FZKBOKMUTVV7A', aws_secret_access_key: 'secret' };
const ROLE = { role_arn: 'arn:aws:iam::123456789012:role/r', source_profile: 'base' };
const files = (credentials?: Record<string, string>, config?: Record<string, string>): ProfileFiles => ({
  ...(credentials ? { credentials: new Map(Object.entries(credentials)) } : {}),
  ...(config ? { config: new Map(Object.entries(config)) } : {}),
});
const key = (file: 'credentials' | 'config', extra: object = {}) => ({ kind: 'key', file, id: KEY.aws_access_key_id, secret: KEY.aws_secret_access_key, ...extra });

describe('profileProvider: the provider the AWS CLI takes for a profile, in botocore\'s order', () => {
  // Each: what the profile holds in each file, and the provider; every later row adds what an earlier provider loses to.
  const ORDER: ReadonlyArray<readonly [string, ProfileFiles, object]> = [
    ['a role ahead of everything, the key in either file too', files({ ...KEY, sso_account_id: '1', credential_process: 'p' }, ROLE), { kind: 'role', roleArn: ROLE.role_arn }],
    ['a role with no source is still the role (the AWS CLI refuses it)', files(KEY, { role_arn: 'arn:r' }), { kind: 'role', roleArn: 'arn:r' }],
    ['web identity: role_arn with a token file', files(KEY, { ...ROLE, web_identity_token_file: '/t' }), { kind: 'web-identity', tokenFile: '/t', roleArn: ROLE.role_arn }],
    ['web identity with no role_arn (the AWS CLI refuses it), ahead of the key', files({ ...KEY, web_identity_token_file: '/t' }), { kind: 'web-identity', tokenFile: '/t' }],
    ['an empty token file names no token: neither web identity nor the role', files({ ...KEY, ...ROLE, web_identity_token_file: '' }), key('credentials')],
    ['SSO with an account or a role name, ahead of the key of the credentials file', files({ ...KEY, sso_role_name: 'Admin' }), { kind: 'sso' }],
    ['SSO settings without an account or role name are no provider', files({ ...KEY, sso_session: 'corp', sso_start_url: 'u' }), key('credentials')],
    ['the key of the credentials file ahead of aws login and credential_process', files(KEY, { login_session: 's', credential_process: 'p' }), key('credentials')],
    ['aws login ahead of credential_process and the key of the config file', files(undefined, { ...KEY, login_session: 's', credential_process: 'p' }), { kind: 'login' }],
    ['credential_process, from either file, ahead of the key of the config file', files({ credential_process: 'p' }, KEY), { kind: 'process', command: 'p' }],
    ['the key of the config file', files({ region: 'eu-west-1' }, KEY), key('config')],
    ['nothing', files({ region: 'eu-west-1' }, { sso_session: 'corp' }), { kind: 'none' }],
  ];
  it.each(ORDER)('%s', (_, given, provider) => expect(profileProvider(given)).toEqual(provider));

  it('a role\'s source holding a key id or a secret is read by its own providers, its role not assumed; one holding neither is the role', () => {
    expect(profileProvider(files({ ...KEY, ...ROLE }), { asSource: true })).toEqual(key('credentials'));
    expect(profileProvider(files({ aws_secret_access_key: 's', ...ROLE }), { asSource: true })).toEqual({ kind: 'none' });
    expect(profileProvider(files({ ...ROLE, sso_account_id: '1' }), { asSource: true })).toEqual({ kind: 'role', roleArn: ROLE.role_arn });
    expect(profileProvider(files({ ...KEY, ...ROLE, web_identity_token_file: '/t' }), { asSource: true })).toEqual({ kind: 'web-identity', tokenFile: '/t', roleArn: ROLE.role_arn });
  });

  it('a key is the secret and token of the file holding its id alone, aws_security_token ahead of aws_session_token; a key id written empty is a key', () => {
    expect(profileProvider(files({ aws_access_key_id: 'AKIAY34FZKBOKMUTVV7A' }, { aws_secret_access_key: 's', aws_session_token: 't' }))).toEqual({ kind: 'key', file: 'credentials', id: 'AKIAY34FZKBOKMUTVV7A' });
    expect(profileProvider(files({ aws_secret_access_key: 'elsewhere' }, { ...KEY, aws_session_token: 'session', aws_security_token: 'security' }))).toEqual(key('config', { token: 'security' }));
    expect(profileProvider(files({ aws_access_key_id: '', aws_secret_access_key: 's', credential_process: 'p' }))).toEqual({ kind: 'key', file: 'credentials', id: '', secret: 's' });
  });

  it('the environment\'s web identity, when given (no --profile), comes after the role and ahead of the rest, its variables ahead of the profile\'s settings', () => {
    const env = { AWS_WEB_IDENTITY_TOKEN_FILE: '/env-token', AWS_ROLE_ARN: 'arn:env' };
    const web = { kind: 'web-identity', tokenFile: '/env-token', roleArn: 'arn:env', fromEnvironment: true };
    expect(profileProvider(files({ ...KEY, sso_account_id: '1' }), { env })).toEqual(web);
    expect(profileProvider(files({}), { env })).toEqual(web);
    expect(profileProvider(files(ROLE), { env })).toEqual({ kind: 'role', roleArn: ROLE.role_arn });
    expect(profileProvider(files({ ...ROLE, web_identity_token_file: '/t' }), { env })).toEqual(web);
    expect(profileProvider(files({ ...KEY, role_arn: 'arn:r', web_identity_token_file: '' }), { env: { AWS_WEB_IDENTITY_TOKEN_FILE: '/env-token' } })).toEqual({ kind: 'web-identity', tokenFile: '/env-token', roleArn: 'arn:r', fromEnvironment: true });
    expect(profileProvider(files({ ...KEY, web_identity_token_file: '/t' }), { env: { AWS_ROLE_ARN: 'arn:env' } })).toEqual({ kind: 'web-identity', tokenFile: '/t', roleArn: 'arn:env' });
    expect(profileProvider(files(KEY), { env: { AWS_WEB_IDENTITY_TOKEN_FILE: '' } })).toEqual(key('credentials'));
    expect(profileProvider(files(KEY), { env: {} })).toEqual(key('credentials'));
    // AWS_ROLE_ARN set but empty is read ahead of the profile's role_arn: no role, and said so.
    expect(profileProvider(files({ ...ROLE, web_identity_token_file: '/t' }), { env: { AWS_ROLE_ARN: '' } })).toEqual({ kind: 'web-identity', tokenFile: '/t', roleVariableEmpty: true });
  });

  it('the credentials file\'s setting wins over the config file\'s', () => {
    expect(profileProvider(files({ role_arn: 'arn:a' }, { role_arn: 'arn:b' }))).toEqual({ kind: 'role', roleArn: 'arn:a' });
    expect(profileProvider(files({ credential_process: 'a' }, { credential_process: 'b' }))).toEqual({ kind: 'process', command: 'a' });
  });
});

describe('commentedSettingUsed: a comment only in a setting the provider reads', () => {
  const env = { AWS_WEB_IDENTITY_TOKEN_FILE: '/env-token', AWS_ROLE_ARN: 'arn:env' };
  const commented = (given: ProfileFiles, context = {}) => commentedSettingUsed(profileProvider(given, context), given);
  it('names the setting and its file; a setting of the other file, an unused token or key, or one the environment overrides, none', () => {
    expect(commented(files(KEY, { ...KEY, aws_session_token: 't # old' }))).toBeUndefined();
    expect(commented(files({ ...KEY, aws_security_token: 't', aws_session_token: 'u # old' }))).toBeUndefined();
    expect(commented(files({ ...KEY, aws_session_token: 'u # old' }))).toEqual({ name: 'aws_session_token', file: 'credentials' });
    expect(commented(files({ region: 'eu-west-1 ; x' }, KEY))).toEqual({ name: 'region', file: 'credentials' });
    // A region another stands ahead of (--region, AWS_REGION, AWS_DEFAULT_REGION) is not read.
    expect(commentedSettingUsed(profileProvider(files({ region: 'eu-west-1 ; x' }, KEY)), files({ region: 'eu-west-1 ; x' }, KEY), false)).toBeUndefined();
    expect(commented(files({ credential_process: 'p # run as written' }, { ...KEY, aws_access_key_id: 'AKIA # old' }))).toBeUndefined();
    expect(commented(files({ ...KEY, aws_access_key_id: 'AKIA # old' }), { env })).toBeUndefined();
    expect(commented(files({ role_arn: 'arn:r # old', web_identity_token_file: '/t' }), { env: { AWS_ROLE_ARN: 'arn:env' } })).toBeUndefined();
    expect(commented(files({ role_arn: 'arn:r # old', web_identity_token_file: '/t' }))).toEqual({ name: 'role_arn', file: 'credentials' });
    expect(commented(files({ role_arn: ROLE.role_arn, aws_access_key_id: 'AKIA # old' }, { source_profile: 'base ; x' }))).toEqual({ name: 'source_profile', file: 'config' });
  });
});
