/**
 * The profile the AWS CLI loads for every call made without --profile: the one AWS_DEFAULT_PROFILE, else AWS_PROFILE,
 * names, else `default`. It is loaded whatever the credential (keys in the environment, or a call that signs nothing):
 * a profile a variable names that the files do not define fails the call, a file that cannot be parsed fails it, and
 * the profile's region is the region after --region and the region variables. The CLI's hot path loads this file as
 * a piece of its own (dist/cli-profile.js), and only when one of the AWS files exists (awsFilesPresent).
 */
import { inputFailure, type Failure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { regionFor } from '../aws/client-factory.js';
import { validateRegion } from '../aws/endpoints.js';
import { COMMENTED, valueShown } from '../vault/aws-files.js';
import { commentedSetting } from '../vault/aws-ini.js';
import { quotedName } from '../vault/new-profile.js';
import { readAwsConfig, type AwsConfig, type AwsFileRole } from './aws-config.js';
import { profileVariable, type ProfileVariable } from './env-credentials.js';

type Env = Readonly<Record<string, string | undefined>>;

/** What named the profile: --profile, or one of the variables. */
export type NamedBy = '--profile' | ProfileVariable;

/** A setting of profile `name` that holds a comment, which the AWS CLI reads as part of the value: said, with its file. */
export function commentedFailure(name: string, setting: string, file: AwsFileRole, config: AwsConfig): Failure {
  return inputFailure('profile', `~/.aws profile ${name}: ${setting} ${COMMENTED}.`, `Put the comment on a line of its own in ${config.shownFile(file)}.`);
}

/**
 * The refusal of profile `name`'s region, used, that is not a region name: the AWS CLI takes any host name ("local")
 * and sends to sts.local.amazonaws.com; keyscope sends only to a region's endpoint. Said with the file to correct,
 * since nothing else told the person that the region came from there. Undefined for a region name.
 */
export function notRegionName(name: string, region: string, file: AwsFileRole, config: AwsConfig): Failure | undefined {
  if (validateRegion(region).ok) return undefined;
  // Quoted only when it cannot be a secret pasted on the region line, as the import says it.
  return inputFailure('region', `~/.aws profile ${name}: its region ${valueShown(region)}is not a region name (such as us-east-1): nothing was sent.`, `Correct region in ${config.shownFile(file)}, or pass --region or set AWS_REGION, which come ahead of it.`);
}

/**
 * The region of the profile the AWS CLI loads, undefined when it holds none or when `region` (--region) or a region
 * variable stands ahead of it (then it is not read: a comment in it is no reason to refuse). Refused, nothing to be
 * sent: a profile a variable names that the files do not define (or either set but empty), a file that cannot be
 * parsed, and a region used that holds a comment or is not a region name. With no variable naming a profile, a file
 * that cannot be read (a folder, /dev/null, one it may not read) is passed over, as the AWS CLI passes over it. The
 * AWS files are read once.
 */
export function loadedProfileRegion(env: Env, region?: string): Result<string | undefined, Failure> {
  const namedBy = profileVariable(env);
  const name = namedBy ? (env[namedBy] as string) : 'default';
  const config = namedBy ? namedProfileConfig(name, namedBy, env) : readAwsConfig(env, { passOverUnreadable: true });
  if (!config.ok) return config;
  const profile = config.value.profiles.get(name);
  const own = profile?.settings.get('region') || undefined;
  if (!profile || !own || regionFor(env, { ...(region ? { region } : {}), profileRegion: own }) !== own) return ok(undefined);
  const file = profile.origin.get('region') ?? 'config';
  const problem = commentedSetting(profile.settings, ['region']) ? commentedFailure(name, 'region', file, config.value) : notRegionName(name, own, file, config.value);
  return problem ? err(problem) : ok(own);
}

/**
 * The AWS files when they define the profile `name`; else its refusal (a name they do not define, '' from a variable
 * set but empty, files that cannot be read), saying when the environment's keys were passed over for it.
 */
export function namedProfileConfig(name: string, namedBy: NamedBy, env: Env): Result<AwsConfig, Failure> {
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
function overrides(namedBy: ProfileVariable, env: Env): string {
  const other = env.AWS_PROFILE;
  return namedBy === 'AWS_DEFAULT_PROFILE' && other !== undefined && other !== env.AWS_DEFAULT_PROFILE ? ` (the AWS CLI reads AWS_DEFAULT_PROFILE ahead of AWS_PROFILE, which names ${quotedName(other)})` : '';
}
