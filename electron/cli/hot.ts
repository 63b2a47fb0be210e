/**
 * The hot commands run without commander: `verify` and `sts get-caller-identity` signed with the environment's key,
 * the same steps as their commander actions (credentials.ts finds that key first too) with nothing else loaded.
 */
import { getCallerIdentity } from '../core/aws/sts.js';
import { awsFilesPresent } from '../core/credentials/aws-files-present.js';
import { envCredentials, profileVariable } from '../core/credentials/env-credentials.js';
import { ENVIRONMENT_SOURCE } from '../core/credentials/source.js';
import { checkWith } from './check-with.js';
import { printFailure } from './failures.js';
import type { HotCommand } from './hot-args.js';
import type { CliIo } from './io.js';
import { runCall } from './run-call.js';
import { showReport } from './verify-report.js';

/**
 * Runs a hot command and returns its exit code, or undefined when the environment holds no whole key or names a
 * profile: the credential chain then looks further (AWS_PROFILE, ~/.aws), or says what is missing, on commander's path.
 */
export async function runHot(hot: HotCommand, io: CliIo): Promise<number | undefined> {
  const found = envCredentials(io.env);
  // A profile the variables name is looked up first, keys or not (the AWS CLI fails on one it cannot find): that is
  // the chain's, on commander's path.
  if (!found.ok || !found.value || profileVariable(io.env)) return undefined;
  const credentials = found.value;
  // The AWS CLI loads [default] all the same: its region comes after --region and the region variables, and a file it
  // cannot parse fails the command. The files' reader is loaded only when one of them exists (without, a stat each).
  let region: string | undefined;
  if (awsFilesPresent(io.env)) {
    const loaded = (await import('../core/credentials/loaded-profile.js')).loadedProfileRegion(io.env, hot.options.region);
    if (!loaded.ok) return printFailure(io, loaded.error);
    region = loaded.value;
  }
  if (hot.command === 'get-caller-identity') {
    if (hot.options.debug) io.stderr(`debug: credential from ${ENVIRONMENT_SOURCE.description}\n`);
    return runCall('GetCallerIdentity', (client) => getCallerIdentity(client), {}, credentials, region, hot.options, io);
  }
  const report = await checkWith(hot.options, io, credentials, hot.options.lastUsed, region);
  return showReport(report, credentials, ENVIRONMENT_SOURCE, undefined, hot.options, io);
}
