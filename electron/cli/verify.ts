/** `keyscope verify`: one credential, valid or not, whose, last used when and where. */
import type { CheckView } from '../../shared/model.js';
import { relativeTime } from '../../shared/relative-time.js';
import { checkAndRecord } from '../core/checks.js';
import type { GlobalOptions } from './context.js';
import { findCredential } from './credentials.js';
import { exitCodeOf, printFailure, warnSkew } from './failures.js';
import { checkWith } from './vault-context.js';
import type { CliIo } from './io.js';
import { escapeControls, formatOutput } from './output.js';

/** `verify`'s flags. */
export interface VerifyCommandOptions extends GlobalOptions {
  readonly lastUsed: boolean;
}

/** Runs verify and returns the exit code: 0 valid, 1 rejected, 2 input, 3 could not decide. */
export async function runVerify(options: VerifyCommandOptions, io: CliIo): Promise<number> {
  const found = await findCredential(options.profile, options, io);
  if (!found.ok) return printFailure(io, found.error);
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
  if (report.Valid === true && report.ClockSkewSeconds) warnSkew(io, report.ClockSkewSeconds * 1000);
  if (options.unmask) report = { ...report, AccessKeyId: credentials.accessKeyId };
  const shown = { ...(saved ? { Profile: saved.profile.name } : {}), CredentialSource: source.description, ...report };
  io.stdout(options.output === 'text' ? describeReport(report, source.description) : formatOutput(shown, options.output, 'Verify'));
  return exitCodeOf(report.Valid, report.Valid === true ? undefined : report.Error.Category);
}

/** The report in plain words; what the server sent is escaped, so it cannot drive the terminal or forge a line. */
export function describeReport(r: CheckView, source?: string): string {
  const lines: string[] = [];
  if (r.Valid === true) {
    lines.push(`valid      ${r.Arn}`);
    lines.push(`key        ${r.AccessKeyId} (${r.KeyType})`);
    lines.push(`account    ${r.Account}`);
    lines.push(`user id    ${r.UserId}${r.UserName ? ` (user ${r.UserName})` : ''}`);
    if (r.AccessKeyLastUsed) {
      const u = r.AccessKeyLastUsed;
      lines.push(`last used  ${u.LastUsedDate ? `${relativeTime(u.LastUsedDate)} (${u.LastUsedDate}) with ${u.ServiceName} in ${u.Region}` : 'never used'}`);
    } else if (r.LastUsedError) {
      lines.push(`last used  could not check: ${r.LastUsedError.Code}: ${r.LastUsedError.Message}`);
      lines.push(`           ${r.LastUsedError.Hint}`);
    } else if (r.LastUsedSkipped) {
      lines.push(`last used  ${r.LastUsedSkipped}`);
    }
  } else {
    lines.push(`${r.Valid === false ? 'NOT VALID ' : 'UNDECIDED '} ${r.Error.Code}${r.Error.HttpStatus ? ` (HTTP ${r.Error.HttpStatus})` : ''}: ${r.Error.Message}`);
    lines.push(`key        ${r.AccessKeyId} (${r.KeyType})`);
    lines.push(`hint       ${r.Error.Hint}`);
    if (r.Valid === null) lines.push('           The check could not decide; the key may well be valid.');
  }
  if (source) lines.push(`source     ${source}`);
  lines.push(`checked    ${relativeTime(r.CheckedAt)} (${r.CheckedAt})`);
  return `${lines.map(escapeControls).join('\n')}\n`;
}
