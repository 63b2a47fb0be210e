/** How the CLI says what went wrong, and which exit code that is. */
import type { Failure } from '../../shared/failure.js';
import { describeSkew } from '../core/aws/clock-skew.js';
import { EXIT, type CliIo } from './io.js';
import { escapeControls } from './output.js';

/** 1 when AWS rejected the credential or the call, 2 for input, 3 when nothing could be decided. */
export function exitCodeFor(failure: Failure): number {
  if (failure.category === 'input') return EXIT.usage;
  if (failure.kind === 'aws' && ['invalid-key', 'invalid-secret', 'expired', 'access-denied'].includes(failure.category)) return EXIT.rejected;
  return EXIT.undecided;
}

/** Writes a failure to standard error in two lines: what happened, what to do. */
export function printFailure(io: CliIo, failure: Failure): number {
  // Codes, messages and bodies can come from the server: escaped, they cannot drive the terminal.
  const say = (line: string) => io.stderr(`${escapeControls(line)}\n`);
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
