/**
 * One profile of the AWS files turned into a credential, by the provider the AWS CLI takes for it (profileProvider,
 * in botocore's order): a web identity (`role_arn` with `web_identity_token_file`, explained, not assumed), a role
 * (`role_arn`), SSO (`sso_account_id` or `sso_role_name`, explained, not read), the key of the credentials file,
 * `aws login` (explained), `credential_process`, the key of the config file. A profile named as a role's
 * source_profile that holds a key (an id or a secret) gives that key, its own role not assumed: a chain goes on only
 * through profiles without one.
 * https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html#cli-configure-files-settings
 */
import { CREDENTIAL_FIELD_NAMES, credentialProblems, unsendableField } from '../../../shared/credential-rules.js';
import { inputFailure, type Failure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import type { QueryClient } from '../aws/client.js';
import { regionFor } from '../aws/client-factory.js';
import type { Credentials } from '../aws/model.js';
import { assumeRole } from '../aws/sts.js';
import { pyStrip } from '../vault/aws-ini.js';
import type { AwsConfig, AwsFileRole, AwsProfileSettings } from './aws-config.js';
import { runCredentialProcess } from './credential-process.js';
import { envCredentials } from './env-credentials.js';
import { commentedFailure, notRegionName } from './loaded-profile.js';
import { commentedSettingUsed, hiddenCredential, profileProvider, type ProfileProvider } from './profile-provider.js';
import type { ResolvedCredential } from './source.js';

/** What resolving a profile needs from its caller. */
export interface ProfileDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** --region: ahead of the environment's region and every profile's. */
  readonly region?: string;
  /** A client signed with `credentials` (the role's source), for the role profile's region. */
  readonly clientFor: (credentials: Credentials, region: string | undefined) => QueryClient;
  /** Asks for the MFA code of a role with `mfa_serial`; absent when no one can be asked (not a terminal). */
  readonly mfaCode?: (serialNumber: string) => Promise<string>;
  /** Receives a credential process's standard error. */
  readonly onProcessStderr?: (text: string) => void;
  readonly processTimeoutMs?: number;
  readonly now?: () => Date;
}

/** A number as Python's int() reads it from the AWS files (decimal digits, `_` between them, a sign), else null. */
function pythonInt(text: string): number | null {
  const t = pyStrip(text);
  return /^[+-]?\d+(_\d+)*$/.test(t) ? Number(t.replace(/_/g, '')) : null;
}

/** The most roles assumed in a row: the AWS CLI sets no bound, but a chain is assumed one call at a time. */
const MAX_CHAIN = 10;

const fileWord = (role: AwsFileRole) => (role === 'credentials' ? 'credentials file' : 'config file');

/** The hint of a web identity: keyscope does not assume it from a profile, its sts command does. */
const assumeWithWebIdentity = (roleArn: string, tokenFile: string) => `Run \`keyscope sts assume-role-with-web-identity --role-arn ${roleArn} --role-session-name NAME --web-identity-token file://${tokenFile}\` to see whose session it gives`;

/**
 * The web identity the environment names (AWS_WEB_IDENTITY_TOKEN_FILE), which the AWS CLI run without --profile takes
 * ahead of a profile's key: said, not assumed. `profileRole`: the profile has a role_arn (AWS_ROLE_ARN is read ahead of it).
 */
export function environmentWebIdentity(web: Extract<ProfileProvider, { kind: 'web-identity' }>, profileRole = false): Result<never, Failure> {
  const { roleArn, tokenFile } = web;
  const variable = 'AWS_WEB_IDENTITY_TOKEN_FILE';
  if (web.roleVariableEmpty) return roleVariableEmpty(profileRole);
  if (roleArn === undefined) return err(inputFailure(variable, `${variable} is set, but neither AWS_ROLE_ARN nor the profile's role_arn: the AWS CLI refuses that, having no role to assume with the token.`, `Set AWS_ROLE_ARN (the role the token assumes), or unset ${variable}.`));
  return err(inputFailure(variable, `${variable} is set: the AWS CLI assumes ${roleArn} with that web identity token, ahead of any key in ~/.aws, which keyscope does not do.`, `${assumeWithWebIdentity(roleArn, tokenFile)}, or unset ${variable} to check the credential of ~/.aws.`));
}

/**
 * AWS_ROLE_ARN set but empty, which the AWS CLI takes ahead of a profile's role_arn for a web identity: no role. The
 * profile's role_arn is named only when it has one (`profileRole`).
 */
const roleVariableEmpty = (profileRole: boolean) =>
  err(
    inputFailure(
      'AWS_ROLE_ARN',
      `AWS_ROLE_ARN is set but empty${profileRole ? ', and the AWS CLI reads it ahead of the profile\'s role_arn: it' : ': the AWS CLI'} has no role to assume with the web identity token, and refuses that.`,
      'Unset AWS_ROLE_ARN (`unset AWS_ROLE_ARN`), or set it to the role the token assumes.',
    ),
  );

/**
 * The credential of the AWS profile `name` (which must exist in `config`); `chain` holds the profiles that led here.
 * `env`: the environment whose web identity the AWS CLI reads, when the profile was not named with --profile.
 * `roleRegion`: in a role's chain, the region of the profile named (its first), the only one the AWS CLI reads: every
 * AssumeRole of the chain goes there, never to a source's own region.
 */
export async function resolveAwsProfile(name: string, config: AwsConfig, deps: ProfileDeps, { chain = [], env, roleRegion }: { readonly chain?: readonly string[]; readonly env?: ProfileDeps['env']; readonly roleRegion?: string } = {}): Promise<Result<ResolvedCredential, Failure>> {
  const profile = config.profiles.get(name) as AwsProfileSettings;
  const s = profile.settings;
  const fail = (message: string, hint: string) => err(inputFailure('profile', `~/.aws profile ${name}: ${message}`, hint));
  const region = s.get('region') || undefined;
  // The region of the profile named, which the AWS CLI alone reads (a source's region never, in a chain).
  const namedRegion = chain.length > 0 ? roleRegion : region;
  // The profile's region is read only when it is the one named and nothing stands ahead of it in the one order (as the
  // AWS CLI reads it only without --region and AWS_DEFAULT_REGION): a comment in one never used is no reason to refuse.
  const regionRead = chain.length === 0 && regionFor(deps.env, { ...(deps.region ? { region: deps.region } : {}), profileRegion: region }) === region;
  const withRegion = (r: Omit<ResolvedCredential, 'region'>): ResolvedCredential => ({ ...r, ...(region ? { region } : {}) });

  // The provider the AWS CLI takes; a role's source holding a key gives that key, its own role not assumed: the chain stops.
  const provider = profileProvider(profile.files, { asSource: chain.length > 0, ...(env ? { env } : {}) });
  // A comment after a value the AWS CLI reads is part of it, and it cannot use the profile: say so, check nothing.
  const commented = commentedSettingUsed(provider, profile.files, regionRead);
  if (commented) return err(commentedFailure(name, commented.name, commented.file, config));
  const badRegion = regionRead && region ? notRegionName(name, region, profile.origin.get('region') ?? 'config', config) : undefined;
  if (badRegion) return err(badRegion);
  if (provider.kind === 'web-identity') {
    const { roleArn, tokenFile } = provider;
    if (provider.fromEnvironment) return environmentWebIdentity(provider, s.has('role_arn'));
    if (provider.roleVariableEmpty) return roleVariableEmpty(s.has('role_arn'));
    if (roleArn === undefined) return fail('has web_identity_token_file but no role_arn: the AWS CLI refuses the profile, having no role to assume with the token.', 'Add role_arn (the role the token assumes), or remove web_identity_token_file.');
    return fail(`assumes ${roleArn} with a web identity token, which keyscope does not do from a profile.`, `${assumeWithWebIdentity(roleArn, tokenFile)}.`);
  }
  if (provider.kind === 'role' && (s.has('source_profile') || s.has('credential_source'))) return assumeProfileRole(name, provider.roleArn, config, deps, chain, namedRegion);
  if (provider.kind === 'role') return fail(`has role_arn but neither source_profile nor credential_source: nothing can assume the role.`, 'Add source_profile = NAME (the profile whose key assumes the role), as the AWS CLI needs too.');
  const sso = () =>
    fail(
      'signs in through AWS IAM Identity Center (SSO), and keyscope does not read the AWS CLI\'s SSO cache.',
      `Run \`aws sso login --profile ${name}\`, then \`eval "$(aws configure export-credentials --profile ${name} --format env)"\` and run keyscope again: it checks the credential in the environment.`,
    );
  if (provider.kind === 'sso') return sso();

  if (provider.kind === 'key' && provider.id && provider.secret) {
    const credentials = { accessKeyId: provider.id, secretAccessKey: provider.secret, ...(provider.token ? { sessionToken: provider.token } : {}) };
    const [problem] = credentialProblems(credentials);
    if (problem) return fail(problem.message, `Fix the profile in ${config.shownFile(provider.file)}.`);
    return ok(withRegion({ credentials, source: { kind: 'aws-profile', profile: name, description: `~/.aws profile ${name} (${fileWord(provider.file)})` } }));
  }
  if (provider.kind === 'login') {
    return fail(
      'signs in with `aws login` (login_session), and keyscope does not read the AWS CLI\'s login cache.',
      `Run \`aws login --profile ${name}\`, then \`eval "$(aws configure export-credentials --profile ${name} --format env)"\` and run keyscope again: it checks the credential in the environment.`,
    );
  }
  if (provider.kind === 'process') {
    const run = await runCredentialProcess(name, provider.command, { env: deps.env, ...(deps.onProcessStderr ? { onStderr: deps.onProcessStderr } : {}), ...(deps.processTimeoutMs ? { timeoutMs: deps.processTimeoutMs } : {}), ...(deps.now ? { now: deps.now } : {}) });
    if (!run.ok) return run;
    const [problem] = credentialProblems(run.value.credentials);
    if (problem) return err(inputFailure('credential_process', `The credential_process of profile ${name} printed a credential keyscope cannot send: ${problem.message}`, problem.hint));
    return ok(withRegion({ credentials: run.value.credentials, source: { kind: 'credential-process', profile: name, description: `credential_process of profile ${name}` }, ...(run.value.expiration ? { expiration: run.value.expiration } : {}) }));
  }
  const hidden = hiddenCredential(provider, profile.files);
  if (hidden === 'empty-key-id') return fail('has aws_access_key_id set but empty in the credentials file, which the AWS CLI reads ahead of the key of the config file: it takes that empty key, and refuses this profile.', `Remove the empty aws_access_key_id line from ${config.shownFile('credentials')}, or give it the key id.`);
  if (hidden === 'empty-token-file') return fail('has role_arn beside an empty web_identity_token_file: the AWS CLI then takes it for a web identity profile, not a role, and an empty token file names no token, so it gives no credential.', 'Remove the web_identity_token_file line to assume the role (with source_profile or credential_source), or name the token file in it.');
  const id = s.get('aws_access_key_id');
  const secret = s.get('aws_secret_access_key');
  if (provider.kind === 'key' && id && secret) {
    const other = provider.file === 'credentials' ? 'config' : 'credentials';
    return fail(`has aws_access_key_id in the ${fileWord(provider.file)} but aws_secret_access_key only in the ${fileWord(other)}: the AWS CLI takes both from one file, and refuses this profile.`, `Put its aws_secret_access_key beside its aws_access_key_id, in ${config.shownFile(provider.file)}.`);
  }
  // A profile with an SSO session or start URL alone gives the AWS CLI no credential: said as SSO, the likelier intent.
  if (!id && !secret && (s.has('sso_session') || s.has('sso_start_url'))) return sso();
  if (id && !secret) return fail('has aws_access_key_id but no aws_secret_access_key.', 'Add the secret to the profile, or run `aws configure --profile NAME`.');
  if (secret && !id) return fail('has aws_secret_access_key but no aws_access_key_id.', 'Add the key id to the profile, or run `aws configure --profile NAME`.');
  return fail('holds no credential: no keys, role_arn, credential_process or SSO settings.', 'Give the profile a credential (`aws configure --profile NAME`), or name another with --profile or AWS_PROFILE.');
}

/**
 * A role profile: the source's credential (another profile, or the environment) assumes the role, at the region of the
 * profile named (`namedRegion`), as by the AWS CLI: with none, the one order goes on to the global endpoint.
 */
async function assumeProfileRole(name: string, roleArn: string, config: AwsConfig, deps: ProfileDeps, chain: readonly string[], namedRegion: string | undefined): Promise<Result<ResolvedCredential, Failure>> {
  const s = (config.profiles.get(name) as AwsProfileSettings).settings;
  const fail = (message: string, hint: string) => err(inputFailure('profile', `~/.aws profile ${name}: ${message}`, hint));
  const sourceProfile = s.get('source_profile');
  const credentialSource = s.get('credential_source');
  const region = s.get('region') || undefined;
  if (sourceProfile !== undefined && credentialSource !== undefined) return fail('has both source_profile and credential_source; the AWS CLI refuses that too.', 'Keep one of them.');
  let source: Result<ResolvedCredential, Failure>;
  let via: string;
  if (sourceProfile !== undefined) {
    via = `source_profile ${sourceProfile}`;
    const path = [...chain, name, sourceProfile].join(' → ');
    if (chain.includes(sourceProfile)) return fail(`its source_profile chain loops (${path}).`, 'Point a source_profile at a profile with a key of its own.');
    if (chain.length >= MAX_CHAIN) return fail(`its source_profile chain assumes more than ${MAX_CHAIN} roles in a row (${path}); keyscope follows at most ${MAX_CHAIN}.`, 'Point a source_profile of this chain at a profile with a key of its own, nearer its start.');
    if (!config.profiles.has(sourceProfile)) return fail(`its source_profile ${sourceProfile} is not defined in ${config.shownFile('credentials')} or ${config.shownFile('config')}.`, 'Name an existing profile in source_profile.');
    // A source holding a key gives that key (a profile that is its own source too); one without assumes its own role.
    source = await resolveAwsProfile(sourceProfile, config, deps, { chain: [...chain, name], ...(namedRegion ? { roleRegion: namedRegion } : {}) });
  } else if (credentialSource === 'Environment') {
    via = 'credential_source Environment';
    const env = envCredentials(deps.env);
    if (!env.ok) return env;
    if (!env.value) return fail('takes its source credential from the environment (credential_source = Environment), but AWS_ACCESS_KEY_ID is not set.', 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use source_profile.');
    source = ok({ credentials: env.value, source: { kind: 'environment', description: 'environment' } });
  } else {
    return fail(`takes its source credential from ${credentialSource ?? 'nothing'} (credential_source), which keyscope cannot read here.`, 'Only credential_source = Environment is read; on EC2 or ECS, run keyscope with the instance\'s credential in the environment, or use source_profile.');
  }
  if (!source.ok) return source;

  const serial = s.get('mfa_serial');
  let tokenCode: string | undefined;
  if (serial) {
    if (!deps.mfaCode) return fail(`the role needs an MFA code (mfa_serial ${serial}), and there is no terminal to ask for it.`, 'Run keyscope on a terminal, or use `keyscope sts assume-role --serial-number … --token-code …`.');
    tokenCode = (await deps.mfaCode(serial)).trim();
  }
  const durationText = s.get('duration_seconds');
  const duration = durationText === undefined ? undefined : pythonInt(durationText);
  // botocore ignores a value Python's int() refuses (0x384, 1e3, 900.0, nothing) and asks for the default hour: said
  // here instead, as a typo to fix. Number() read 0x384 as 900 and nothing as 0, durations the AWS CLI never asks for.
  if (duration === null) return fail('duration_seconds is not a whole number of seconds (the AWS CLI ignores it, and asks for the default hour).', 'Give 900 to 43200 in decimal digits, within the role\'s maximum session duration, or remove the line.');
  const externalId = s.get('external_id');
  const client = deps.clientFor(source.value.credentials, namedRegion);
  const assumed = await assumeRole(client, {
    RoleArn: roleArn,
    RoleSessionName: s.get('role_session_name') || `keyscope-${(deps.now?.() ?? new Date()).getTime()}`,
    ...(duration !== undefined ? { DurationSeconds: duration } : {}),
    ...(externalId ? { ExternalId: externalId } : {}),
    ...(serial ? { SerialNumber: serial, TokenCode: tokenCode } : {}),
  });
  if (!assumed.ok) {
    const e = assumed.error;
    return err({ ...e, message: `Could not assume ${roleArn} for ~/.aws profile ${name} with the credential of ${source.value.source.description}: ${e.message}` });
  }
  const c = assumed.value.value.Credentials;
  // Signed with, a character an HTTP header cannot carry made Node refuse the header: an "internal error".
  const unsendable = unsendableField({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken });
  if (unsendable) {
    const what = `${unsendable.field === 'accessKeyId' ? 'an' : 'a'} ${CREDENTIAL_FIELD_NAMES[unsendable.field]}`;
    return err({
      kind: 'parse',
      category: 'service',
      httpStatus: 200,
      bodyStart: '',
      operation: 'AssumeRole',
      message: `The answer to AssumeRole for ~/.aws profile ${name} holds ${what} with a character no request can carry (${unsendable.codePoint}): it did not come from AWS as sent.`,
      hint: 'Something other than AWS answered, or a proxy changed the answer: check the endpoint URL (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL) and any proxy.',
    });
  }
  return ok({
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
    source: { kind: 'role', profile: name, description: `~/.aws profile ${name} (role ${roleArn} via ${via})` },
    ...(region ? { region } : {}),
    expiration: c.Expiration,
  });
}
