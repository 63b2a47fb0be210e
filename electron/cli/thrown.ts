/** What the command line says of an error thrown by a command: a usage problem (exit 2) or an internal error (exit 3). */
import { EXIT, UsageError, type CliIo } from './io.js';
import { escapeControls } from './output.js';

/** Reports `e` on standard error and returns the exit code; a stack trace only with --debug. */
export function reportThrown(e: unknown, argv: readonly string[], io: CliIo): number {
  if (e instanceof UsageError) {
    // Messages quote what was given (a value, a path): escaped, so it cannot drive the terminal.
    io.stderr(`keyscope: ${escapeControls(e.message)}\n`);
    if (e.hint) io.stderr(`hint: ${escapeControls(e.hint)}\n`);
    return EXIT.usage;
  }
  io.stderr(`keyscope: internal error: ${escapeControls((e as Error).message ?? String(e))}\n`);
  if (argv.includes('--debug')) io.stderr(`${(e as Error).stack ?? ''}\n`);
  else io.stderr('hint: run again with --debug to see where it happened, and report it.\n');
  return EXIT.undecided;
}
