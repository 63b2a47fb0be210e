/** The environment's credential: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (or AWS_SECURITY_TOKEN). */
import { credentialProblems, type CredentialWords } from '../../../shared/credential-rules.js';
import { inputFailure, type InputFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import type { Credentials } from '../aws/model.js';

/** The credential rules' problems in the environment's words: the variables by name. */
const ENV_WORDS: CredentialWords = {
  keyIdName: 'AWS_ACCESS_KEY_ID',
  secretName: 'AWS_SECRET_ACCESS_KEY',
  tokenName: 'AWS_SESSION_TOKEN',
  badId: 'AWS_ACCESS_KEY_ID is not an access key id.',
  emptySecret: 'AWS_SECRET_ACCESS_KEY is empty.',
  spaceSecret: 'AWS_SECRET_ACCESS_KEY holds a space or a line break.',
  noToken: 'This is a temporary key (ASIA…) but AWS_SESSION_TOKEN is not set.',
  spaceToken: 'AWS_SESSION_TOKEN holds a space or a line break.',
};

/**
 * The environment's credential, or undefined when neither variable is set (the chain then looks further). Half a
 * credential, or one that breaks the credential rules, is refused, as the AWS CLI refuses it: nothing is sent.
 */
export function envCredentials(env: Readonly<Record<string, string | undefined>>): Result<Credentials | undefined, InputFailure> {
  const id = env.AWS_ACCESS_KEY_ID?.trim();
  const secret = env.AWS_SECRET_ACCESS_KEY?.trim();
  const token = (env.AWS_SESSION_TOKEN || env.AWS_SECURITY_TOKEN)?.trim();
  if (!id && !secret) return ok(undefined);
  if (!id || !secret) {
    return err(
      inputFailure(
        !id ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY',
        `No credential: ${!id ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY'} is not set (${!id ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID'} is).`,
        'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys) in the environment, or unset both to use a profile.',
      ),
    );
  }
  const credentials = { accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) };
  const [first] = credentialProblems(credentials, ENV_WORDS);
  if (first) return err(inputFailure(first.field, first.message, first.hint));
  return ok(credentials);
}

/** The variables naming the profile without --profile, in the AWS CLI's order (it reads the first one set). */
const PROFILE_VARIABLES = ['AWS_DEFAULT_PROFILE', 'AWS_PROFILE'] as const;
export type ProfileVariable = (typeof PROFILE_VARIABLES)[number];

/** The variable that names the profile (set, even empty), or undefined when neither is set. */
export function profileVariable(env: Readonly<Record<string, string | undefined>>): ProfileVariable | undefined {
  return PROFILE_VARIABLES.find((v) => env[v] !== undefined);
}
