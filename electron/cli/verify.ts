/** `keyscope verify`: one credential, valid or not, whose, last used when and where. */
import type { CheckView } from '../../shared/model.js';
import { checkProfile } from '../core/checks.js';
import { credentialsFromEnv, type GlobalOptions } from './context.js';
import { exitCodeOf, printFailure, warnSkew } from './failures.js';
import { checkWith, openVault } from './vault-context.js';
import type { CliIo } from './io.js';
import { escapeControls, formatOutput } from './output.js';

/** `verify`'s flags. */
export interface VerifyCommandOptions extends GlobalOptions {
  readonly lastUsed: boolean;
  /** A saved profile to check instead of the environment's credential. */
  readonly profile?: string;
}

/** Runs verify and returns the exit code: 0 valid, 1 rejected, 2 input, 3 could not decide. */
export async function runVerify(options: VerifyCommandOptions, io: CliIo): Promise<number> {
  let report: CheckView;
  let profileName: string | undefined;
  if (options.profile) {
    const vault = openVault(io);
    const profile = vault.find(options.profile);
    if (!profile.ok) return printFailure(io, profile.error);
    const checked = await checkProfile(vault, profile.value, (c, p) => checkWith(options, io, c, options.lastUsed, p.region));
    if (!checked.ok) return printFailure(io, checked.error);
    report = checked.value.report;
    // The CLI shows the check even when the store refused it: the result is still true, only not remembered.
    const { stored } = checked.value;
    if (!stored.ok) io.stderr(`warning: the result could not be saved: ${escapeControls(stored.error.message)}\n`);
    profileName = profile.value.name;
  } else {
    report = await checkWith(options, io, credentialsFromEnv(io.env), options.lastUsed);
  }
  if (report.Valid === true && report.ClockSkewSeconds) warnSkew(io, report.ClockSkewSeconds * 1000);
  const shown = profileName ? { Profile: profileName, ...report } : report;
  io.stdout(options.output === 'text' ? describeReport(report) : formatOutput(shown, options.output, 'Verify'));
  return exitCodeOf(report.Valid, report.Valid === true ? undefined : report.Error.Category);
}

/** The report in plain words; what the server sent is escaped, so it cannot drive the terminal or forge a line. */
export function describeReport(r: CheckView): string {
  const lines: string[] = [];
  if (r.Valid === true) {
    lines.push(`valid      ${r.Arn}`);
    lines.push(`key        ${r.AccessKeyId} (${r.KeyType})`);
    lines.push(`account    ${r.Account}`);
    lines.push(`user id    ${r.UserId}${r.UserName ? ` (user ${r.UserName})` : ''}`);
    if (r.AccessKeyLastUsed) {
      const u = r.AccessKeyLastUsed;
      lines.push(`last used  ${u.LastUsedDate ? `${u.LastUsedDate} with ${u.ServiceName} in ${u.Region}` : 'never used'}`);
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
  lines.push(`checked    ${r.CheckedAt}`);
  return `${lines.map(escapeControls).join('\n')}\n`;
}
