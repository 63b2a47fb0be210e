/** `keyscope verify`: one credential, valid or not, whose, last used when and where. */
import type { Failure } from '../../shared/failure.js';
import type { CheckView } from '../../shared/model.js';
import { checkAndRecord, recordUndecided } from '../core/checks.js';
import { checkWith } from './check-with.js';
import type { GlobalOptions } from './context.js';
import { findCredential, savedProfile } from './credentials.js';
import { printFailure } from './failures.js';
import type { CliIo } from './io.js';
import { escapeControls } from './output.js';
import { showReport } from './verify-report.js';

export { describeReport } from './verify-report.js';

/** `verify`'s flags. */
export interface VerifyCommandOptions extends GlobalOptions {
  readonly lastUsed: boolean;
}

/**
 * A saved profile whose secret could not be used (unreadable, or holding a character no request can carry) was a
 * check that could not decide: recorded so, as the app and a recheck record it. A store that cannot be read, or a
 * name that is not a saved profile, records nothing.
 */
function recordUnusable(name: string, failure: Failure, io: CliIo): void {
  const saved = savedProfile(io, name);
  if (!saved.ok || !saved.value) return;
  const { stored } = recordUndecided(saved.value.vault, saved.value.profile, failure);
  if (!stored.ok) io.stderr(`warning: the result could not be saved: ${escapeControls(stored.error.message)}\n`);
}

/** Runs verify and returns the exit code: 0 valid, 1 rejected, 2 input, 3 could not decide. */
export async function runVerify(options: VerifyCommandOptions, io: CliIo): Promise<number> {
  const found = await findCredential(options.profile, options, io);
  if (!found.ok) {
    if (options.profile !== undefined) recordUnusable(options.profile, found.error, io);
    return printFailure(io, found.error);
  }
  const { credentials, source, region, saved } = found.value;
  let report: CheckView;
  if (saved) {
    // A keyscope profile's check is recorded in its history, as the app records it.
    const checked = await checkAndRecord(saved.vault, saved.profile, credentials, (c, p) => checkWith(options, io, c, options.lastUsed, p.region));
    report = checked.report;
    // The CLI shows the check even when the store refused it: the result is still true, only not remembered.
    if (!checked.stored.ok) io.stderr(`warning: the result could not be saved: ${escapeControls(checked.stored.error.message)}\n`);
  } else {
    report = await checkWith(options, io, credentials, options.lastUsed, region);
  }
  return showReport(report, credentials, source, saved?.profile.name, options, io);
}
