/** `keyscope verify`: one credential, valid or not, whose, last used when and where. */
import { verifyCredential, type VerifyReport } from '../core/verify.js';
import { credentialsFromEnv, makeContext, type GlobalOptions } from './context.js';
import { warnSkew } from './failures.js';
import { EXIT, type CliIo } from './io.js';
import { formatOutput } from './output.js';

export interface VerifyOptions extends GlobalOptions {
  readonly lastUsed: boolean;
}

/** Runs verify and returns the exit code: 0 valid, 1 rejected, 3 could not decide. */
export async function runVerify(options: VerifyOptions, io: CliIo): Promise<number> {
  const credentials = credentialsFromEnv(io.env);
  const context = makeContext(options, io, credentials);
  try {
    const report = await verifyCredential(context.client, credentials, { lastUsed: options.lastUsed });
    if (report.Valid === true && report.ClockSkewSeconds) warnSkew(io, report.ClockSkewSeconds * 1000);
    io.stdout(options.output === 'text' ? describeReport(report) : formatOutput(report, options.output, 'Verify'));
    if (report.Valid === true) return EXIT.ok;
    if (report.Valid === false) return EXIT.rejected;
    return report.Error.Category === 'input' ? EXIT.usage : EXIT.undecided;
  } finally {
    context.close();
  }
}

/** The report in plain words. */
export function describeReport(r: VerifyReport): string {
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
  return `${lines.join('\n')}\n`;
}
