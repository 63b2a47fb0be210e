/** How the CLI says what went wrong, and which exit code that is. */
import { rejectsCredential, type Failure, type FailureCategory } from '../../shared/failure.js';
import { describeSkew } from '../core/aws/clock-skew.js';
import { NOT_FOUND_CODES } from '../core/aws/error-catalogue.js';
import { scrubTyped } from '../core/aws/scrub.js';
import { EXIT, type CliIo } from './io.js';
import { escapeControls } from './output.js';

/**
 * The exit code of what a check or a call found: 0 valid, 1 AWS rejected the credential, 2 input (nothing was sent,
 * or AWS refused a parameter), 3 nothing could be decided. `valid` as a check view says it; `category` its error's.
 */
export function exitCodeOf(valid: boolean | null, category?: FailureCategory): number {
  if (valid === true) return EXIT.ok;
  if (valid === false) return EXIT.rejected;
  return category === 'input' ? EXIT.usage : EXIT.undecided;
}

/**
 * The exit code of a failure: the code of the check it would make (rejectsCredential decides "not valid"); AWS's
 * "no such entity" is its answer to the request, exit 1.
 */
export function exitCodeFor(failure: Failure): number {
  if (failure.kind === 'aws' && NOT_FOUND_CODES.has(failure.code)) return EXIT.rejected;
  return exitCodeOf(rejectsCredential(failure) ? false : null, failure.category);
}

/** The exit code of many checks (a recheck): 1 if any was rejected, else 3 if any did not say valid or the run was cancelled, else 0. */
export function exitCodeOfAll(codes: readonly number[], cancelled: boolean): number {
  if (codes.includes(EXIT.rejected)) return EXIT.rejected;
  return cancelled || codes.some((c) => c !== EXIT.ok) ? EXIT.undecided : EXIT.ok;
}

/** Writes a failure to standard error in two lines: what happened, what to do. */
export function printFailure(io: CliIo, failure: Failure): number {
  // Codes, messages and bodies can come from the server: escaped, they cannot drive the terminal. Input failures quote
  // what was given: scrubbed, a secret pasted in the wrong place is not repeated.
  const say = (line: string) => io.stderr(`${escapeControls(scrubTyped(line))}\n`);
  const where = failure.kind === 'aws' ? `${failure.code} (HTTP ${failure.httpStatus}) from ${failure.operation}: ` : failure.kind === 'parse' ? `${failure.operation ?? 'request'}: ` : '';
  say(`keyscope: ${where}${failure.message}`);
  say(`hint: ${failure.hint}`);
  if (failure.kind === 'aws' && failure.requestId) say(`request id: ${failure.requestId}`);
  if (failure.kind === 'parse' && failure.bodyStart) say(`the answer began: ${failure.bodyStart.slice(0, 120)}`);
  return exitCodeFor(failure);
}

/** A warning when the clock had to be corrected. */
export function warnSkew(io: CliIo, skewMs: number | undefined): void {
  if (skewMs) io.stderr(`warning: ${describeSkew(skewMs)} keyscope corrected for it; set the clock right (NTP).\n`);
}
