/** How `verify` shows a check: JSON, text or a table on standard output, a clock warning, and its exit code. */
import type { CheckView } from '../../shared/model.js';
import { relativeTime } from '../../shared/relative-time.js';
import type { Credentials } from '../core/aws/model.js';
import type { CredentialSource } from '../core/credentials/source.js';
import type { GlobalOptions } from './context.js';
import { exitCodeOf, warnSkew } from './failures.js';
import type { CliIo } from './io.js';
import { escapeControls, formatOutput } from './output.js';

/** Prints a check of `credentials` (found in `source`, the keyscope profile `profileName` when saved); returns the exit code. */
export function showReport(checked: CheckView, credentials: Credentials, source: CredentialSource, profileName: string | undefined, options: GlobalOptions, io: CliIo): number {
  let report = checked;
  if (report.Valid === true && report.ClockSkewSeconds) warnSkew(io, report.ClockSkewSeconds * 1000);
  if (options.unmask) report = { ...report, AccessKeyId: credentials.accessKeyId };
  const shown = { ...(profileName !== undefined ? { Profile: profileName } : {}), CredentialSource: source.description, ...report };
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
