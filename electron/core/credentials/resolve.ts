/**
 * The AWS CLI's credential chain, for the commands that sign (verify, sts, iam): a profile named with --profile
 * (keyscope's saved profiles come first: the CLI looks there before calling this), then the environment's keys, then
 * the profile AWS_DEFAULT_PROFILE, else AWS_PROFILE, names (else `default`) in ~/.aws/credentials and ~/.aws/config.
 * https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-quickstart.html#cli-configure-quickstart-precedence
 */
import { inputFailure, type Failure } from '../../../shared/failure.js';
import { ok, err, type Result } from '../../../shared/result.js';
import { readAwsConfig } from './aws-config.js';
import { environmentWebIdentity, resolveAwsProfile, type ProfileDeps } from './aws-profile.js';
import { envCredentials, profileVariable } from './env-credentials.js';
import { loadedProfileRegion, namedProfileConfig, type NamedBy } from './loaded-profile.js';
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
    // The AWS CLI loads the profile the variables name (else [default]) before any credential, keys in the environment
    // or not: one it cannot find, or a file it cannot parse, fails the command; its region is the one after the flag
    // and the region variables.
    const region = loadedProfileRegion(deps.env, deps.region);
    return region.ok ? ok({ credentials: env.value, source: ENVIRONMENT_SOURCE, ...(region.value ? { region: region.value } : {}) }) : region;
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

async function fromProfile(name: string, namedBy: NamedBy, deps: ProfileDeps): Promise<Result<ResolvedCredential, Failure>> {
  const config = namedProfileConfig(name, namedBy, deps.env);
  if (!config.ok) return config;
  return resolveAwsProfile(name, config.value, deps, namedBy === '--profile' ? {} : { env: deps.env });
}
