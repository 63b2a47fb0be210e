/** What the command line says of an error thrown by a command: a usage problem (exit 2) or an internal error (exit 3). */
import { scrubSecrets, scrubTyped } from '../core/aws/scrub.js';
import { HomeUnknown } from '../core/vault/paths.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { isOutputError, OUTPUT_HINT } from './output-failure.js';
import { escapeControls } from './output.js';

/** Reports `e` on standard error and returns the exit code; a stack trace only with --debug. */
export function reportThrown(e: unknown, argv: readonly string[], io: CliIo): number {
  // No home folder for keyscope's own: a setting to give, as a usage problem is.
  if (e instanceof UsageError || e instanceof HomeUnknown) {
    // Messages quote what was given (a value, a path): escaped, so it cannot drive the terminal, and scrubbed, so a
    // secret pasted in the wrong place is not repeated.
    io.stderr(`keyscope: ${escapeControls(scrubTyped(e.message))}\n`);
    if (e.hint) io.stderr(`hint: ${escapeControls(scrubTyped(e.hint))}\n`);
    return EXIT.usage;
  }
  if (isOutputError(e)) {
    io.stderr(`keyscope: ${e.message}\nhint: ${OUTPUT_HINT}\n`);
    return EXIT.undecided;
  }
  // A bug's message may quote the value it could not handle: scrubbed of anything shaped like a key or secret, as every
  // other message is.
  const message = (e as Error | undefined)?.message ?? String(e);
  io.stderr(`keyscope: internal error: ${escapeControls(scrubSecrets(message))}\n`);
  if (argv.includes('--debug')) io.stderr(`${((e as Error | undefined)?.stack ?? '').split('\n').map((line) => escapeControls(scrubSecrets(line))).join('\n')}\n`);
  else io.stderr('hint: run again with --debug to see where it happened, and report it.\n');
  return EXIT.undecided;
}
