/** `keyscope profiles import`: profiles with static keys from the AWS files; reads them, never writes them. */
import type { Command } from 'commander';
import type { Failure } from '../../shared/failure.js';
import { scanAwsFiles } from '../core/vault/aws-files.js';
import { importCandidates, planImport, type ImportCandidate } from '../core/vault/import-plan.js';
import { maskKeyId } from '../core/keys/key-id.js';
import type { GlobalOptions } from './context.js';
import { printFailure } from './failures.js';
import { EXIT, type CliIo } from './io.js';
import { formatOutput } from './output.js';
import { openVault } from './vault-context.js';

/** Adds `profiles import` to the `profiles` group. */
export function addImportCommand(group: Command, io: CliIo, setExit: (code: number) => void, globals: (cmd: Command) => GlobalOptions): void {
  const out = (cmd: Command, value: unknown, title: string) => io.stdout(formatOutput(value, globals(cmd).output, title));
  const fail = (f: Failure) => setExit(printFailure(io, f));
  group
    .command('import')
    .description('import profiles with static keys from ~/.aws/credentials and ~/.aws/config (never writes them)')
    .option('--dry-run', 'show what would be imported; save nothing')
    .action(async (flags: { dryRun?: boolean }, self: Command) => {
      const scan = scanAwsFiles(io.env);
      scan.problems.forEach((p) => io.stderr(`warning: cannot read ${p}\n`));
      const vault = openVault(io);
      const existing = vault.list();
      if (!existing.ok) return fail(existing.error);
      const plan = planImport(scan.profiles, existing.value);
      const view = (c: ImportCandidate) => ({ Name: c.name, AccessKeyId: maskKeyId(c.credentials.accessKeyId), Region: c.region ?? null, From: c.sources.join(', ') });
      let chosen = plan.candidates;
      const skipped = plan.skipped.map((x) => ({ Name: x.name, Reason: x.reason }));
      if (!flags.dryRun) {
        const done = await importCandidates(vault, plan.candidates);
        if (!done.ok) return fail(done.error);
        chosen = done.value.imported;
        skipped.push(...done.value.skipped.map((x) => ({ Name: x.name, Reason: x.reason })));
      }
      const imported = chosen.map(view);
      const report = { [flags.dryRun ? 'WouldImport' : 'Imported']: imported, Skipped: skipped, CredentialsFile: scan.credentialsFile, ConfigFile: scan.configFile };
      if (globals(self).output === 'text') {
        io.stdout(`${flags.dryRun ? 'Would import' : 'Imported'} ${imported.length}:\n`);
        for (const v of imported) io.stdout(`  ${v.Name}\t${v.AccessKeyId}\n`);
        io.stdout(`Skipped ${skipped.length}:\n`);
        for (const s of skipped) io.stdout(`  ${s.Name}\t${s.Reason}\n`);
      } else out(self, report, flags.dryRun ? 'Import (dry run)' : 'Import');
      setExit(EXIT.ok);
    });
}
