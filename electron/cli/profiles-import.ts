/**
 * `keyscope profiles import [--dry-run]`: profiles with static keys from the AWS files; reads them, never writes them.
 * The dry run and the import print the same plan (planImport). Exit 0 when everything importable was imported;
 * 2 when the files need fixing (neither exists, one was refused, a key id has different secrets) or a profile was
 * refused when saved; 3 (or as the failure says) when the store or the keychain failed.
 */
import type { Command } from 'commander';
import type { Failure } from '../../shared/failure.js';
import { maskKeyId } from '../core/keys/key-id.js';
import { describeNotListed, describeProblems, fileShown, isMalformed, missingFilesMessage, PROBLEMS_SHOWN, scanAwsFiles } from '../core/vault/aws-files.js';
import { listedSkips, planImport, runImport, type ImportOutcome, type ImportPlan, type ImportSkip, type PlannedImport } from '../core/vault/import-plan.js';
import type { GlobalOptions } from './context.js';
import { printFailure } from './failures.js';
import { EXIT, type CliIo } from './io.js';
import { escapeControls, formatOutput } from './output.js';
import { openVault } from './vault-context.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
// describeProblems lists the first PROBLEMS_SHOWN.
const problemCount = (n: number) => (n > PROBLEMS_SHOWN ? `${n.toLocaleString('en-US')} problems (the first ${PROBLEMS_SHOWN} listed above)` : `${plural(n, 'problem')} (listed above)`);

/** The report, in the CLI's JSON casing: what was (or would be) imported, aliases, conflicts, skips, files. */
function importReport(plan: ImportPlan, dryRun: boolean, done: ImportOutcome | null) {
  const chosen: readonly PlannedImport[] = done ? done.imported : plan.toImport;
  const skipped: ImportSkip[] = [...plan.skipped, ...(done?.refused ?? []), ...(done?.notImported ?? []).map((name) => ({ name, reason: `not imported: the import stopped (${done?.stopped?.message ?? 'failure'})` }))];
  const aliases = chosen.reduce((n, c) => n + c.aliases.length, 0);
  const summary = [
    `${dryRun ? 'Would import' : 'Imported'} ${plural(chosen.length, 'profile')}${aliases ? ` (${plural(aliases, 'more profile')} with the same key named as aliases)` : ''}`,
    ...(plan.conflicts.length ? [`${plural(plan.conflicts.length, 'key id')} with different secrets, none of their profiles imported`] : []),
    `${plural(skipped.length, 'profile')} skipped`,
    ...plan.scan.files.filter((f) => f.state === 'refused').map((f) => (isMalformed(f) ? `${f.path} not read: it has errors` : (f.problems[0]?.message ?? `${f.path} not read`))),
  ].join('; ');
  const items = chosen.map((c) => ({ Name: c.name, AccessKeyId: maskKeyId(c.credentials.accessKeyId), Region: c.region ?? null, From: c.sources.join(', '), Aliases: c.aliases }));
  // A refused file's profiles past its first few are counted, not listed (each would repeat its first problem).
  const { listed, notListed } = listedSkips(skipped);
  return {
    Summary: `${summary}.`,
    ...(dryRun ? { WouldImport: items } : { Imported: items }),
    Aliases: chosen.flatMap((c) => c.aliases.map((a) => ({ Name: a, SameKeyAs: c.name }))),
    Conflicts: plan.conflicts.map((c) => ({ AccessKeyId: c.maskedKeyId, Profiles: c.groups.flat(), Reason: c.reason })),
    Skipped: listed.map((s) => ({ Name: s.name, Reason: s.reason })),
    SkippedNotListed: notListed.map((n) => ({ File: n.file, Count: n.count })),
    Files: plan.scan.files.map((f) => ({ Path: f.path, Status: f.state, Problems: describeProblems(f) })),
    CredentialsFile: plan.scan.credentialsFile,
    ConfigFile: plan.scan.configFile,
  };
}

type Report = ReturnType<typeof importReport>;

/** The report for people: sections in words, every value from the files with its control characters escaped. */
function reportText(r: Report): string {
  const e = escapeControls;
  const items = ('WouldImport' in r ? r.WouldImport : r.Imported) ?? [];
  const lines = [`${'WouldImport' in r ? 'Would import' : 'Imported'} ${items.length}:`];
  for (const i of items) lines.push(`  ${e(i.Name)}\t${i.AccessKeyId}${i.Region ? `\t${e(i.Region)}` : ''}${i.Aliases.length ? `\talso in ${e(i.Aliases.join(', '))}` : ''}`);
  if (r.Aliases.length) {
    lines.push(`Aliases ${r.Aliases.length} (the same key and secret as an imported profile, not saved again):`);
    for (const a of r.Aliases) lines.push(`  ${e(a.Name)}\tsame key as ${e(a.SameKeyAs)}`);
  }
  if (r.Conflicts.length) {
    lines.push(`Conflicts ${r.Conflicts.length} (nothing imported for these keys):`);
    for (const c of r.Conflicts) lines.push(`  ${c.AccessKeyId}\t${e(c.Reason)}`);
  }
  lines.push(`Skipped ${r.SkippedNotListed.reduce((n, m) => n + m.Count, r.Skipped.length).toLocaleString('en-US')}:`);
  for (const s of r.Skipped) lines.push(`  ${e(s.Name)}\t${e(s.Reason)}`);
  for (const m of r.SkippedNotListed) lines.push(`  ${e(describeNotListed({ file: m.File, count: m.Count }))}`);
  // Files follows the scan's tuple: the credentials file, then the config file (an empty variable's path is '').
  r.Files.forEach((f, i) => {
    lines.push(`${e(fileShown(f.Path, i === 0 ? 'credentials' : 'config'))}: ${f.Status === 'refused' ? 'not read, nothing in it was used:' : f.Status}`);
    for (const p of f.Problems) lines.push(`  ${e(p)}`);
  });
  return `${lines.join('\n')}\n`;
}

/** Adds `profiles import` to the `profiles` group. */
export function addImportCommand(group: Command, io: CliIo, setExit: (code: number) => void, globals: (cmd: Command) => GlobalOptions): void {
  const fail = (f: Failure) => setExit(printFailure(io, f));
  group
    .command('import')
    .description('import profiles with static keys from ~/.aws/credentials and ~/.aws/config (never writes them)')
    .option('--dry-run', 'show what would be imported; save nothing')
    .action(async (flags: { dryRun?: boolean }, self: Command) => {
      const dryRun = Boolean(flags.dryRun);
      const vault = openVault(io);
      const existing = vault.list();
      if (!existing.ok) return fail(existing.error);
      const plan = planImport(scanAwsFiles(io.env), existing.value);
      const done = dryRun ? null : await runImport(vault, plan);
      const report = importReport(plan, dryRun, done);
      const format = globals(self).output;
      io.stdout(format === 'text' ? reportText(report) : formatOutput(report, format, dryRun ? 'Import (dry run)' : 'Import'));

      if (done?.stopped) return fail(done.stopped);
      const missing = missingFilesMessage(plan.scan);
      const refusedFiles = plan.scan.files.filter((f) => f.state === 'refused');
      if (missing) io.stderr(`keyscope: ${escapeControls(missing)}\nhint: Create them with \`aws configure\`, or point those variables at your files.\n`);
      for (const f of refusedFiles) {
        // Only malformed lines are refused by the AWS CLI too; a FIFO, a device, a large or unreadable file says why.
        if (isMalformed(f)) io.stderr(`keyscope: ${escapeControls(f.path)} was not read: ${problemCount(f.problems.length)}; the AWS CLI refuses this file too.\n`);
        else io.stderr(`keyscope: ${escapeControls(f.problems[0]?.message ?? f.path)}; nothing in it was used.\n`);
      }
      if (plan.conflicts.length) io.stderr(`keyscope: ${plural(plan.conflicts.length, 'key id')} ${plan.conflicts.length === 1 ? 'has' : 'have'} different secrets in different profiles; none of those profiles was imported.\n`);
      if (done?.refused.length) io.stderr(`keyscope: ${plural(done.refused.length, 'profile')} could not be saved (reasons above).\n`);
      if (refusedFiles.some(isMalformed) || plan.conflicts.length) io.stderr('hint: Fix the lines and profiles named above in the AWS files, then import again.\n');
      else if (refusedFiles.length) io.stderr('hint: keyscope reads only a regular text file (UTF-8) of at most 1 MiB that it may read: point AWS_SHARED_CREDENTIALS_FILE or AWS_CONFIG_FILE at one, then import again.\n');
      setExit(missing || refusedFiles.length || plan.conflicts.length || done?.refused.length ? EXIT.usage : EXIT.ok);
    });
}
