/**
 * The AWS CLI's credential chain, for the commands that sign (verify, sts, iam): a profile named with --profile
 * (keyscope's saved profiles come first: the CLI looks there before calling this), then the environment's keys, then
 * the profile AWS_DEFAULT_PROFILE, else AWS_PROFILE, names (else `default`) in ~/.aws/credentials and ~/.aws/config.
 * https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-quickstart.html#cli-configure-quickstart-precedence
 */
import { inputFailure, type Failure } from '../../../shared/failure.js';
import { ok, err, type Result } from '../../../shared/result.js';
import { quotedName } from '../vault/new-profile.js';
import { readAwsConfig, type AwsConfig } from './aws-config.js';
import { environmentWebIdentity, resolveAwsProfile, type ProfileDeps } from './aws-profile.js';
import { envCredentials, profileVariable, type ProfileVariable } from './env-credentials.js';
import { profileProvider } from './profile-provider.js';
import { ENVIRONMENT_SOURCE, type ResolvedCredential } from './source.js';

export type { ProfileDeps } from './aws-profile.js';
export type { CredentialSource, ResolvedCredential } from './source.js';

/**
 * Finds the credential to sign with. `profile` is --profile's name, when given and not a keyscope profile. Every
 * failure says which source it was about and what to do; nothing is sent before the credential is whole.
 */
export async function resolveCredentials(profile: string | undefined, deps: ProfileDeps): Promise<Result<ResolvedCredential, Failure>> {
  if (profile !== undefined) return fromProfile(profile, '--profile', deps);
  const env = envCredentials(deps.env);
  if (!env.ok) return env;
  // botocore's `profile` setting: AWS_DEFAULT_PROFILE ahead of AWS_PROFILE, either set but empty naming the profile ''.
  const namedBy = profileVariable(deps.env);
  if (env.value) {
    // The AWS CLI loads the profile the variables name before any credential: one it cannot find fails the command,
    // keys in the environment or not.
    const named = namedBy ? namedProfileConfig(deps.env[namedBy] as string, namedBy, deps.env) : ok(undefined);
    return named.ok ? ok({ credentials: env.value, source: ENVIRONMENT_SOURCE }) : named;
  }
  if (namedBy) return fromProfile(deps.env[namedBy] as string, namedBy, deps);
  const config = readAwsConfig(deps.env);
  if (!config.ok) return config;
  // Not named with --profile: the AWS CLI reads a web identity the environment names too (its env vars are off only then).
  if (config.value.profiles.has('default')) return resolveAwsProfile('default', config.value, deps, { env: deps.env });
  const web = profileProvider({}, { env: deps.env });
  if (web.kind === 'web-identity') return environmentWebIdentity(web);
  return err(
    inputFailure(
      'AWS_ACCESS_KEY_ID',
      `No credential: AWS_ACCESS_KEY_ID is not set, AWS_PROFILE is not set, and there is no [default] profile in ${config.value.shownFile('credentials')} or ${config.value.shownFile('config')}.`,
      'Pass --profile NAME (a keyscope or ~/.aws profile), set AWS_PROFILE, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys).',
    ),
  );
}

type NamedBy = '--profile' | ProfileVariable;

async function fromProfile(name: string, namedBy: NamedBy, deps: ProfileDeps): Promise<Result<ResolvedCredential, Failure>> {
  const config = namedProfileConfig(name, namedBy, deps.env);
  if (!config.ok) return config;
  return resolveAwsProfile(name, config.value, deps, namedBy === '--profile' ? {} : { env: deps.env });
}

/**
 * For a call that signs nothing (assume-role-with-web-identity, assume-role-with-saml): the region of the profile the
 * AWS CLI loads for every call (the one AWS_DEFAULT_PROFILE or AWS_PROFILE names, else `default`), which it reads
 * after --region and AWS_DEFAULT_REGION as for any call; undefined when that profile holds none, or, with no variable
 * naming a profile, when the AWS files cannot be read (the call then goes on without it). A profile a variable names
 * that the files do not define (or either set but empty) is refused, as the AWS CLI refuses it ("The config profile
 * (…) could not be found"). The AWS files are read once.
 */
export function loadedProfileRegion(env: ProfileDeps['env']): Result<string | undefined, Failure> {
  const namedBy = profileVariable(env);
  const config = namedBy ? namedProfileConfig(env[namedBy] as string, namedBy, env) : readAwsConfig(env);
  if (!config.ok) return namedBy ? config : ok(undefined);
  return ok(config.value.profiles.get(namedBy ? (env[namedBy] as string) : 'default')?.settings.get('region') || undefined);
}

/**
 * The AWS files when they define the profile `name`; else its refusal (a name they do not define, '' from a variable
 * set but empty, files that cannot be read), saying when the environment's keys were passed over for it.
 */
function namedProfileConfig(name: string, namedBy: NamedBy, env: ProfileDeps['env']): Result<AwsConfig, Failure> {
  if (name === '' && namedBy !== '--profile') {
    return err(inputFailure('profile', `${namedBy} is set but empty: the AWS CLI takes that as a profile named "" and refuses it ("The config profile () could not be found").`, `Unset ${namedBy} (\`unset ${namedBy}\`), or set it to a profile's name.`));
  }
  const config = readAwsConfig(env);
  if (!config.ok) return config;
  const c = config.value;
  if (c.profiles.has(name)) return config;
  const where = `${c.shownFile('credentials')} nor ${c.shownFile('config')}`;
  const withKeys = namedBy !== '--profile' && env.AWS_ACCESS_KEY_ID ? '; the AWS CLI refuses that even with keys in the environment' : '';
  return err(
    inputFailure(
      'profile',
      namedBy === '--profile' ? `No profile is named ${quotedName(name)}: keyscope has none saved by that name, and neither ${where} defines it.` : `${namedBy} names the profile ${quotedName(name)}, which neither ${where} defines${overrides(namedBy, env)}${withKeys}.`,
      '`keyscope profiles list` shows keyscope\'s profiles, `aws configure list-profiles` those of the AWS files.',
    ),
  );
}

/** Said of a profile AWS_DEFAULT_PROFILE names while AWS_PROFILE names another: the AWS CLI reads the first alone. */
function overrides(namedBy: ProfileVariable, env: ProfileDeps['env']): string {
  const other = env.AWS_PROFILE;
  return namedBy === 'AWS_DEFAULT_PROFILE' && other !== undefined && other !== env.AWS_DEFAULT_PROFILE ? ` (the AWS CLI reads AWS_DEFAULT_PROFILE ahead of AWS_PROFILE, which names ${quotedName(other)})` : '';
}
