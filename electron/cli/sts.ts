/**
 * `keyscope sts …` and `keyscope iam get-access-key-last-used`: the AWS CLI's names, flags and JSON. The commands
 * themselves are data, in sts-commands.ts.
 */
import type { Command } from 'commander';
import type { Credentials } from '../core/aws/model.js';
import { loadedProfileRegion } from '../core/credentials/loaded-profile.js';
import type { GlobalOptions } from './context.js';
import { findCredential } from './credentials.js';
import { printFailure } from './failures.js';
import type { CliIo } from './io.js';
import { escapeControls } from './output.js';
import { runCall } from './run-call.js';
import { checkMfaFlags, IAM_COMMANDS, readFileValues, STS_COMMANDS, type Call } from './sts-commands.js';

/** Runs one call and prints its result; returns the exit code. */
async function run(title: string, signed: boolean, call: Call, flags: Record<string, unknown>, options: GlobalOptions, io: CliIo): Promise<number> {
  let credentials: Credentials | undefined;
  let region: string | undefined;
  if (signed) {
    const found = await findCredential(options.profile, options, io);
    if (!found.ok) return printFailure(io, found.error);
    ({ credentials, region } = found.value);
    // stdout stays the AWS CLI's own answer, for scripts; where the credential came from is said on request.
    if (options.debug) io.stderr(`debug: credential from ${escapeControls(found.value.source.description)}\n`);
  } else {
    // The AWS CLI loads the profile AWS_PROFILE names (else [default]) for an unsigned call too, fails on one it cannot
    // find or a file it cannot parse, and reads its region after --region and the region variables.
    const loaded = loadedProfileRegion(io.env, options.region);
    if (!loaded.ok) return printFailure(io, loaded.error);
    region = loaded.value;
  }
  return runCall(title, call, flags, credentials, region, options, io);
}

/** --profile's help, on every command that signs. */
export const PROFILE_HELP = 'sign with this profile: one saved in keyscope, else the ~/.aws profile of that name (else the environment, then AWS_DEFAULT_PROFILE or AWS_PROFILE)';

/** Adds `sts` and `iam` with their subcommands to the program. */
export function addServiceCommands(program: Command, io: CliIo, setExit: (code: number) => void, globals: (cmd: Command) => GlobalOptions): void {
  for (const [service, specs] of [
    ['sts', STS_COMMANDS],
    ['iam', IAM_COMMANDS],
  ] as const) {
    const group = program.command(service).description(service === 'sts' ? 'AWS STS calls, as the AWS CLI makes them' : 'AWS IAM calls, as the AWS CLI makes them');
    for (const spec of specs) {
      const cmd = group.command(spec.name).description(spec.description);
      // A required flag left out is named ("required option '--role-arn <arn>' not specified"), not read as an empty
      // value ("RoleArn is too short: 0 characters").
      for (const [flags, help, mandatory] of spec.options) {
        if (mandatory) cmd.requiredOption(flags, help);
        else cmd.option(flags, help);
      }
      if (spec.signed) cmd.option('--profile <name>', PROFILE_HELP);
      cmd.action(async (flags: Record<string, unknown>, self: Command) => {
        // --profile names a profile, never a file, as in the AWS CLI.
        checkMfaFlags(flags);
        const params = self.options.filter((o) => o.long !== '--profile').map((o) => [o.long as string, o.attributeName()] as const);
        setExit(await run(spec.title, spec.signed, spec.call, readFileValues(flags, params, io.env), globals(self), io));
      });
    }
  }
}
