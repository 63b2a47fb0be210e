/**
 * The AWS CLI's credential chain, for the commands that sign (verify, sts, iam): a profile named with --profile
 * (keyscope's saved profiles come first: the CLI looks there before calling this), then the environment's keys, then
 * the profile AWS_PROFILE names (else `default`) in ~/.aws/credentials and ~/.aws/config.
 * https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-quickstart.html#cli-configure-quickstart-precedence
 */
import { inputFailure, type Failure } from '../../../shared/failure.js';
import { ok, err, type Result } from '../../../shared/result.js';
import { quotedName } from '../vault/new-profile.js';
import { readAwsConfig } from './aws-config.js';
import { environmentWebIdentity, resolveAwsProfile, type ProfileDeps } from './aws-profile.js';
import { envCredentials } from './env-credentials.js';
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
  if (env.value) return ok({ credentials: env.value, source: ENVIRONMENT_SOURCE });
  const named = deps.env.AWS_PROFILE || deps.env.AWS_DEFAULT_PROFILE;
  if (named) return fromProfile(named, deps.env.AWS_PROFILE ? 'AWS_PROFILE' : 'AWS_DEFAULT_PROFILE', deps);
  const config = readAwsConfig(deps.env);
  if (!config.ok) return config;
  // Not named with --profile: the AWS CLI reads a web identity the environment names too (its env vars are off only then).
  if (config.value.profiles.has('default')) return resolveAwsProfile('default', config.value, deps, { env: deps.env });
  const web = profileProvider({}, { env: deps.env });
  if (web.kind === 'web-identity') return environmentWebIdentity(web.roleArn, web.tokenFile);
  return err(
    inputFailure(
      'AWS_ACCESS_KEY_ID',
      `No credential: AWS_ACCESS_KEY_ID is not set, AWS_PROFILE is not set, and there is no [default] profile in ${config.value.shownFile('credentials')} or ${config.value.shownFile('config')}.`,
      'Pass --profile NAME (a keyscope or ~/.aws profile), set AWS_PROFILE, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys).',
    ),
  );
}

async function fromProfile(name: string, namedBy: string, deps: ProfileDeps): Promise<Result<ResolvedCredential, Failure>> {
  const config = readAwsConfig(deps.env);
  if (!config.ok) return config;
  const c = config.value;
  if (!c.profiles.has(name)) {
    const where = `${c.shownFile('credentials')} or ${c.shownFile('config')}`;
    return err(
      inputFailure(
        'profile',
        namedBy === '--profile' ? `No profile is named ${quotedName(name)}: keyscope has none saved by that name, and neither ${where} defines it.` : `${namedBy} names the profile ${quotedName(name)}, which neither ${where} defines.`,
        '`keyscope profiles list` shows keyscope\'s profiles, `aws configure list-profiles` those of the AWS files.',
      ),
    );
  }
  return resolveAwsProfile(name, c, deps, namedBy === '--profile' ? {} : { env: deps.env });
}
