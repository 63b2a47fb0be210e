/**
 * Which of the AWS CLI's providers gives the credential of a profile of the AWS files, in botocore's order for a named
 * profile: its AssumeRoleProvider, then the profile's own (ProfileProviderBuilder): web identity (the environment's
 * too, without --profile), SSO, the key of the credentials file, `aws login`, credential_process, the key of the
 * config file. `profiles import` (aws-files.ts) and the credential chain (aws-profile.ts, resolve.ts) both ask here,
 * and each says the answer in its own words.
 */
import { commentedSetting } from '../vault/aws-ini.js';
import type { AwsFileRole } from './aws-config.js';

/** One profile's settings as each file holds them (names in lower case); a file that does not define it, absent. */
export type ProfileFiles = Readonly<Partial<Record<AwsFileRole, ReadonlyMap<string, string>>>>;

/** A setting of the profile as the AWS CLI reads it when merged: the credentials file's ahead of the config file's. */
const settingOf = (files: ProfileFiles, name: string) => files.credentials?.get(name) ?? files.config?.get(name);

/** The provider the AWS CLI takes for a profile, with what it takes from the profile. */
export type ProfileProvider =
  /**
   * role_arn with web_identity_token_file, or AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE (`fromEnvironment`: the
   * token file was named there); with no role (or an empty one) the AWS CLI refuses it. `roleVariableEmpty`: AWS_ROLE_ARN
   * is set but empty, which the AWS CLI reads ahead of the profile's role_arn (so there is no role).
   */
  | { readonly kind: 'web-identity'; readonly tokenFile: string; readonly roleArn?: string; readonly fromEnvironment?: true; readonly roleVariableEmpty?: true }
  /** role_arn, assumed with its source_profile's or credential_source's credential (or refused without either). */
  | { readonly kind: 'role'; readonly roleArn: string }
  /** sso_account_id or sso_role_name. */
  | { readonly kind: 'sso' }
  /** aws_access_key_id in `file`, with the secret and token of that file alone (a part missing: the AWS CLI refuses it). */
  | { readonly kind: 'key'; readonly file: AwsFileRole; readonly id: string; readonly secret?: string; readonly token?: string }
  /** login_session (`aws login`). */
  | { readonly kind: 'login' }
  | { readonly kind: 'process'; readonly command: string }
  | { readonly kind: 'none' };

/** What the provider of a profile depends on besides its settings. */
export interface ProviderContext {
  /** The profile is a role's source_profile: botocore reads one holding a key id or a secret with the profile's own providers alone (its role_arn is then not assumed). */
  readonly asSource?: boolean;
  /**
   * The environment, when the profile was not named with --profile (AWS_PROFILE, or default): botocore's web identity
   * provider then reads AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN ahead of the profile's settings.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The provider of a profile. A setting is there when it is written, even empty, as botocore asks (`in`), except that
 * an empty web identity token file names no token (so neither web identity nor, written in the profile, the role).
 */
export function profileProvider(files: ProfileFiles, { asSource = false, env }: ProviderContext = {}): ProfileProvider {
  const get = (name: string) => settingOf(files, name);
  const has = (name: string) => get(name) !== undefined;
  const roleArn = get('role_arn');
  if (roleArn !== undefined && !has('web_identity_token_file') && !(asSource && (has('aws_access_key_id') || has('aws_secret_access_key')))) return { kind: 'role', roleArn };
  const envToken = env?.AWS_WEB_IDENTITY_TOKEN_FILE;
  const tokenFile = envToken ?? get('web_identity_token_file');
  const webRole = env?.AWS_ROLE_ARN ?? roleArn;
  if (tokenFile) return { kind: 'web-identity', tokenFile, ...(webRole ? { roleArn: webRole } : {}), ...(envToken !== undefined ? { fromEnvironment: true } : {}), ...(env?.AWS_ROLE_ARN === '' ? { roleVariableEmpty: true } : {}) };
  if (has('sso_account_id') || has('sso_role_name')) return { kind: 'sso' };
  const credentialsKey = keyIn(files, 'credentials');
  if (credentialsKey) return credentialsKey;
  if (has('login_session')) return { kind: 'login' };
  const command = get('credential_process');
  if (command !== undefined) return { kind: 'process', command };
  return keyIn(files, 'config') ?? { kind: 'none' };
}

/** The key of one file's section, as botocore's SharedCredentialProvider and ConfigProvider read it: aws_security_token ahead of aws_session_token. */
function keyIn(files: ProfileFiles, file: AwsFileRole): ProfileProvider | undefined {
  const s = files[file];
  const id = s?.get('aws_access_key_id');
  if (s === undefined || id === undefined) return undefined;
  const secret = s.get('aws_secret_access_key');
  const token = s.get('aws_security_token') ?? s.get('aws_session_token');
  return { kind: 'key', file, id, ...(secret !== undefined ? { secret } : {}), ...(token !== undefined ? { token } : {}) };
}

/**
 * Why the AWS CLI gets no credential from a profile whose settings read as one, said by both fronts: the credentials
 * file's aws_access_key_id set but empty, which it takes ahead of the config file's key (and then refuses), or role_arn
 * beside web_identity_token_file written empty (a web identity profile for it, not a role, with no token: nothing).
 */
export function hiddenCredential(provider: ProfileProvider, files: ProfileFiles): 'empty-key-id' | 'empty-token-file' | undefined {
  if (provider.kind === 'key' && provider.file === 'credentials' && provider.id === '' && files.config?.get('aws_access_key_id')) return 'empty-key-id';
  if (provider.kind === 'none' && settingOf(files, 'role_arn') !== undefined && settingOf(files, 'web_identity_token_file') === '') return 'empty-token-file';
  return undefined;
}

/** The settings a role profile is assumed with. */
const ROLE_SETTINGS = ['role_arn', 'source_profile', 'credential_source', 'external_id', 'mfa_serial', 'role_session_name', 'duration_seconds', 'region'] as const;

/** One setting of a profile as a provider reads it: its name and the file it is read from. */
export interface SettingUsed {
  readonly name: string;
  readonly file: AwsFileRole;
}

/**
 * The settings the AWS CLI reads from a profile for its provider, each with its file: a key's id, secret and the one
 * token of the file holding its id; a role's settings; a web identity's role and token file where the profile gives
 * them (not the environment); and the region of a credential keyscope signs with (a key, a role, credential_process,
 * whose command is run as written), unless `regionRead` is false: a region ahead of it in the one order (--region,
 * AWS_REGION, AWS_DEFAULT_REGION) is used instead. The others' settings none: keyscope explains those profiles and
 * uses nothing.
 */
export function settingsUsed(provider: ProfileProvider, files: ProfileFiles, regionRead = true): SettingUsed[] {
  const fileOf = (name: string): AwsFileRole | undefined => (files.credentials?.has(name) ? 'credentials' : files.config?.has(name) ? 'config' : undefined);
  const merged = (names: readonly string[]) => names.flatMap((name) => {
    const file = fileOf(name);
    return file && (regionRead || name !== 'region') ? [{ name, file }] : [];
  });
  switch (provider.kind) {
    case 'key': {
      const own = files[provider.file];
      const token = own?.has('aws_security_token') ? 'aws_security_token' : 'aws_session_token';
      return [...['aws_access_key_id', 'aws_secret_access_key', token].filter((name) => own?.has(name)).map((name) => ({ name, file: provider.file })), ...merged(['region'])];
    }
    case 'role':
      return merged(ROLE_SETTINGS);
    case 'process':
      return merged(['region']);
    case 'web-identity': {
      const fromProfile = (name: string, value: string | undefined) => value !== undefined && settingOf(files, name) === value;
      return merged([...(fromProfile('role_arn', provider.roleArn) ? ['role_arn'] : []), ...(provider.fromEnvironment ? [] : ['web_identity_token_file'])]);
    }
    default:
      return [];
  }
}

/** The first setting the provider reads whose value holds a comment (` #` or ` ;`, part of the value for the AWS CLI). */
export function commentedSettingUsed(provider: ProfileProvider, files: ProfileFiles, regionRead = true): SettingUsed | undefined {
  return settingsUsed(provider, files, regionRead).find(({ name, file }) => commentedSetting(files[file] ?? new Map<string, string>(), [name]));
}
