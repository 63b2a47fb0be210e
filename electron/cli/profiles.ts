/** `keyscope profiles …`: saved credentials, secrets in the OS keychain. */
import type { Command } from 'commander';
import type { Failure } from '../../shared/failure.js';
import { chooseProfiles, savedProfileCheck } from '../core/checks.js';
import { DEFAULT_CONCURRENCY, recheckProfiles } from '../core/vault/recheck.js';
import type { GlobalOptions } from './context.js';
import { exitCodeOf, exitCodeOfAll, printFailure } from './failures.js';
import { cliDetailView, cliProfileView, countsLine, statusCounts, textTable } from './profile-views.js';
import { addDoctorCommand } from './profiles-doctor.js';
import { addImportCommand } from './profiles-import.js';
import { addKeyCommands } from './profiles-keys.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { escapeControls, formatOutput } from './output.js';
import { openVault, verifierFor } from './vault-context.js';

type Globals = (cmd: Command) => GlobalOptions;

/** Adds `profiles` and its subcommands. */
export function addProfileCommands(program: Command, io: CliIo, setExit: (code: number) => void, globals: Globals): void {
  const group = program.command('profiles').description('saved credentials: secrets in the OS keychain, metadata in KEYSCOPE_HOME');
  const out = (cmd: Command, value: unknown, title: string) => io.stdout(formatOutput(value, globals(cmd).output, title));
  const fail = (f: Failure) => setExit(printFailure(io, f));

  addKeyCommands(group, io, setExit, globals);

  group
    .command('list')
    .description('the saved profiles and their last known state')
    .action((_f: unknown, self: Command) => {
      const all = openVault(io).list();
      if (!all.ok) return fail(all.error);
      const rows = all.value.map(cliProfileView);
      const counts = statusCounts(rows.map((r) => r.Status));
      if (globals(self).output === 'text') {
        const table = textTable(
          rows.map((r) => ({ ...r, LastDecided: r.LastDecided ? `${r.LastDecided.Status} ${r.LastDecided.At}` : null, CouldNotCheck: r.CouldNotCheck?.Error?.Code ?? null })),
          ['Name', 'AccessKeyId', 'Account', 'Status', 'LastDecided', 'CouldNotCheck', 'LastUsed'],
        );
        io.stdout(rows.length ? `${table}${rows.length} profiles: ${countsLine(counts)}\n` : 'No saved profiles. Add one with `keyscope profiles add NAME` or `keyscope profiles import`.\n');
      } else out(self, { Profiles: rows, Summary: counts }, 'Profiles');
      setExit(EXIT.ok);
    });

  group
    .command('show')
    .description('one profile: identity, last use, offline analysis, history')
    .argument('<name>')
    .action(async (name: string, _f: unknown, self: Command) => {
      const vault = openVault(io);
      const p = vault.find(name);
      if (!p.ok) return fail(p.error);
      const has = await vault.hasSecret(p.value);
      if (!has.ok) io.stderr(`warning: ${has.error.message}\n`);
      out(self, cliDetailView(p.value, has.ok ? has.value : null), p.value.name);
      setExit(EXIT.ok);
    });

  group
    .command('rename')
    .description('rename a profile')
    .argument('<old>')
    .argument('<new>')
    .action((oldName: string, newName: string, _f: unknown, self: Command) => {
      const r = openVault(io).rename(oldName, newName);
      if (!r.ok) return fail(r.error);
      out(self, { Renamed: cliProfileView(r.value) }, 'Renamed');
      setExit(EXIT.ok);
    });

  group
    .command('remove')
    .description('remove a profile and its secret from the keychain')
    .argument('<name>')
    .action(async (name: string, _f: unknown, self: Command) => {
      const r = await openVault(io).remove(name);
      if (!r.ok) return fail(r.error);
      out(self, { Removed: cliProfileView(r.value) }, 'Removed');
      setExit(EXIT.ok);
    });

  group
    .command('recheck')
    .description('check saved profiles again: the named ones, or --all')
    .argument('[names...]')
    .option('--all', 'every saved profile')
    .option('--concurrency <n>', `checks at once (default ${DEFAULT_CONCURRENCY})`)
    .option('--no-last-used', 'do not ask IAM when each key was last used')
    .action(async (names: string[], flags: { all?: boolean; concurrency?: string; lastUsed: boolean }, self: Command) => {
      const options = globals(self);
      if (!flags.all && names.length === 0) throw new UsageError('Name the profiles to recheck, or pass --all.');
      const concurrency = flags.concurrency === undefined ? DEFAULT_CONCURRENCY : Number(flags.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError('--concurrency must be a whole number from 1 to 32.');
      const vault = openVault(io);
      const all = vault.list();
      if (!all.ok) return fail(all.error);
      const picked = chooseProfiles(all.value, flags.all ? { all: true } : { names });
      if (!picked.ok) throw new UsageError(picked.error.message, '`keyscope profiles list` shows the saved profiles.');
      const chosen = picked.value;
      const controller = new AbortController();
      const unsubscribe = io.onInterrupt?.(() => controller.abort());
      const verifier = verifierFor(options, io, flags.lastUsed);
      const result = await recheckProfiles(vault, chosen, {
        concurrency,
        signal: controller.signal,
        check: savedProfileCheck(vault, chosen, verifier.verify),
        onProgress: ({ done, total, item }) => {
          if (io.stderrIsTTY) io.stderr(`\r\u001b[Krechecking ${done}/${total}: ${item.profile.name} ${item.record.valid === true ? 'valid' : item.record.valid === false ? 'NOT VALID' : 'could not check'}`);
        },
      });
      verifier.close();
      unsubscribe?.();
      if (io.stderrIsTTY) io.stderr('\r\u001b[K');
      // Each row says what this check found: a check that could not decide is never shown as the older result.
      const rows = result.items.map((i) => ({ ...cliProfileView(i.profile), Valid: i.record.valid, Error: i.record.error ?? null }));
      const counts = statusCounts(rows.map((r) => (r.Valid === true ? 'valid' : r.Valid === false ? 'invalid' : 'could not check')));
      const summary = `Rechecked ${rows.length}${rows.length < chosen.length ? ` of ${chosen.length}` : ''}: ${countsLine(counts)}`;
      if (globals(self).output === 'text') {
        io.stdout(textTable(rows.map((r) => ({ ...r, LastDecided: r.LastDecided ? `${r.LastDecided.Status} ${r.LastDecided.At}` : null, Error: r.Error ? `${r.Error.Code}: ${r.Error.Message}` : null })), ['Name', 'AccessKeyId', 'Status', 'LastDecided', 'Account', 'Error']));
        io.stdout(`${summary}\n`);
      } else out(self, { Rechecked: rows, Summary: counts, Cancelled: result.cancelled }, 'Recheck');
      if (io.stderrIsTTY && globals(self).output !== 'text') io.stderr(`${summary}\n`);
      if (result.storeFailure) io.stderr(`warning: the results could not all be saved: ${escapeControls(result.storeFailure.message)}\n`);
      if (result.cancelled) io.stderr(`keyscope: cancelled after ${result.items.length} of ${chosen.length} checks.\n`);
      setExit(exitCodeOfAll(result.items.map((i) => exitCodeOf(i.record.valid, i.record.error?.Category)), result.cancelled));
    });

  addImportCommand(group, io, setExit, globals);

  addDoctorCommand(group, io, setExit, globals);
}
