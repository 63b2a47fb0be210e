/**
 * The whole command line on commander: every command, flag, help text and usage error. index.ts runs the two hot
 * commands (verify, sts get-caller-identity with the environment's key) without it, and everything else here.
 */
import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../core/version.js';
import { runInspect } from './inspect.js';
import { EXIT, type CliIo } from './io.js';
import { OUTPUT_FORMATS, type OutputFormat } from './output.js';
import type { GlobalOptions } from './context.js';
import { addProfileCommands } from './profiles.js';
import { addReviewCommand } from './review.js';
import { addServiceCommands, PROFILE_HELP } from './sts.js';
import { reportThrown } from './thrown.js';
import { addUiCommand } from './ui.js';
import { runVerify } from './verify.js';

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('keyscope')
    .description('Check AWS credentials quickly and without leaking them.')
    .version(VERSION, '--version')
    .addOption(new Option('--output <format>', 'json, text or table').choices(OUTPUT_FORMATS as string[]).default(io.env.AWS_DEFAULT_OUTPUT && OUTPUT_FORMATS.includes(io.env.AWS_DEFAULT_OUTPUT as OutputFormat) ? io.env.AWS_DEFAULT_OUTPUT : 'json'))
    .option('--region <region>', 'the region (else AWS_REGION, AWS_DEFAULT_REGION; STS then uses its global endpoint)')
    .option('--endpoint-url <url>', 'send every call here (else AWS_ENDPOINT_URL_STS / _IAM, AWS_ENDPOINT_URL)')
    .option('--cli-connect-timeout <seconds>', 'give up connecting after this long (default 5; 0 for no time-out)')
    .option('--cli-read-timeout <seconds>', 'give up waiting for an answer after this long (default 20; 0 for no time-out)')
    .option('--allow-http', 'allow plain http:// endpoints on other computers (else KEYSCOPE_ALLOW_HTTP=1); credentials would cross the network unencrypted', false)
    .option('--allow-canary', 'sign with a key of a known canary-token account anyway (else KEYSCOPE_ALLOW_CANARY=1); it alerts whoever planted it', false)
    .option('--unmask', 'print key ids whole (reviewers match them with the console and CloudTrail); masked by default', false)
    .option('--debug', 'show each request (never a secret) and stack traces', false)
    // Every subcommand's --help lists these too: they are accepted before or after the command.
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const globals = (cmd: Command) => cmd.optsWithGlobals() as unknown as GlobalOptions;

  program
    .command('verify')
    .description('is a credential valid, whose is it, when was it last used; found as the AWS CLI finds it: --profile (keyscope, else ~/.aws), the environment, AWS_DEFAULT_PROFILE, AWS_PROFILE or [default] in ~/.aws')
    .option('--profile <name>', PROFILE_HELP)
    .option('--no-last-used', 'do not ask IAM when the key was last used')
    .action(async (_flags: unknown, self: Command) => {
      const options = globals(self) as GlobalOptions & { lastUsed: boolean };
      setExit(await runVerify(options, io));
    });

  program
    .command('inspect')
    .description('offline analysis of key ids: type, derived account, and whether that account is a canary-token service\'s; nothing is sent')
    .argument('<key-id...>', 'key ids, or - to read them from standard input')
    .action(async (ids: string[], _flags: unknown, self: Command) => setExit(await runInspect(ids, globals(self).output, io, globals(self).unmask === true)));

  addServiceCommands(program, io, setExit, globals);
  addProfileCommands(program, io, setExit, globals);
  addReviewCommand(program, io, setExit, globals);
  addUiCommand(program, io, setExit);
  const quiet = (c: Command): void => {
    c.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    c.commands.forEach(quiet);
  };
  program.commands.forEach(quiet);
  return program;
}

/** Runs the command line on commander; returns the exit code. Never throws, and shows no stack trace without --debug. */
export async function runProgram(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
      // `keyscope`, `keyscope sts` or `keyscope profiles` alone: the usage was printed because a command is missing.
      if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      if (e.code === 'commander.executeSubCommandAsync') return code;
      return EXIT.usage; // commander has already said what is wrong
    }
    return reportThrown(e, argv, io);
  }
}
