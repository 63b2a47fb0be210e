/** `keyscope profiles …`: saved credentials, secrets in the OS keychain. */
import type { Command } from 'commander';
import type { Failure } from '../../shared/failure.js';
import { chooseProfiles, savedProfileCheck } from '../core/checks.js';
import { DEFAULT_CONCURRENCY, recheckProfiles } from '../core/vault/recheck.js';
import type { GlobalOptions } from './context.js';
import { exitCodeOf, exitCodeOfAll, printFailure } from './failures.js';
import { changeWords, listTable, listText, recheckWords, showSections } from './profile-text.js';
import { cliDetailView, cliProfileView, countsLine, statusCounts } from './profile-views.js';
import { addDoctorCommand } from './profiles-doctor.js';
import { addImportCommand } from './profiles-import.js';
import { addKeyCommands } from './profiles-keys.js';
import { EXIT, outputWidth, UsageError, type CliIo } from './io.js';
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
    .description('the saved profiles and their last known state: a row each in table, a tab-separated line each in text')
    .action((_f: unknown, self: Command) => {
      const options = globals(self);
      const all = openVault(io).list();
      if (!all.ok) return fail(all.error);
      const show = { unmask: options.unmask === true };
      if (options.output === 'table') io.stdout(listTable(all.value, Date.now(), outputWidth(io), show));
      else if (options.output === 'text') io.stdout(listText(all.value, show));
      else {
        const rows = all.value.map((p) => cliProfileView(p, show));
        out(self, { Profiles: rows, Summary: statusCounts(rows.map((r) => r.Status)) }, 'Profiles');
      }
      setExit(EXIT.ok);
    });

  group
    .command('show')
    .description('one profile: identity, key, status, last use, notes, history (labelled sections in text and table)')
    .argument('<name>')
    .action(async (name: string, _f: unknown, self: Command) => {
      const options = globals(self);
      const vault = openVault(io);
      const p = vault.find(name);
      if (!p.ok) return fail(p.error);
      const has = await vault.hasSecret(p.value);
      if (!has.ok) io.stderr(`warning: ${escapeControls(has.error.message)}\n`);
      const show = { unmask: options.unmask === true };
      if (options.output === 'json') out(self, cliDetailView(p.value, has.ok ? has.value : null, show), p.value.name);
      else io.stdout(showSections(p.value, has.ok ? has.value : null, Date.now(), show));
      setExit(EXIT.ok);
    });

  group
    .command('rename')
    .description('rename a profile')
    .argument('<old>')
    .argument('<new>')
    .action(async (oldName: string, newName: string, _f: unknown, self: Command) => {
      const r = await openVault(io).rename(oldName, newName);
      if (!r.ok) return fail(r.error);
      const show = { unmask: globals(self).unmask === true };
      if (globals(self).output === 'json') out(self, { Renamed: cliProfileView(r.value, show) }, 'Renamed');
      else io.stdout(changeWords('renamed', r.value, show, oldName));
      setExit(EXIT.ok);
    });

  group
    .command('remove')
    .description('remove a profile and its secret from the keychain')
    .argument('<name>')
    .action(async (name: string, _f: unknown, self: Command) => {
      const r = await openVault(io).remove(name);
      if (!r.ok) return fail(r.error);
      if (r.value.warning) io.stderr(`warning: ${escapeControls(r.value.warning)}\n`);
      const show = { unmask: globals(self).unmask === true };
      if (globals(self).output === 'json') out(self, { Removed: cliProfileView(r.value.profile, show) }, 'Removed');
      else io.stdout(changeWords(r.value.warning ? 'removed-entry-kept' : 'removed', r.value.profile, show));
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
        check: savedProfileCheck(vault, chosen, verifier.verify, controller.signal),
        onProgress: ({ done, total, item }) => {
          if (io.stderrIsTTY) io.stderr(`\r\u001b[Krechecking ${done}/${total}: ${item.profile.name} ${item.record.valid === true ? 'valid' : item.record.valid === false ? 'NOT VALID' : 'could not check'}`);
        },
      });
      verifier.close();
      unsubscribe?.();
      if (io.stderrIsTTY) io.stderr('\r\u001b[K');
      // Each row says what this check found: a check that could not decide is never shown as the older result.
      const show = { unmask: options.unmask === true };
      const valid = result.items.map((i) => (i.record.valid === true ? 'valid' : i.record.valid === false ? 'invalid' : 'could not check'));
      const counts = statusCounts(valid);
      const summary = `Rechecked ${result.items.length}${result.items.length < chosen.length ? ` of ${chosen.length}` : ''}: ${countsLine(counts)}`;
      if (options.output === 'json') {
        const rows = result.items.map((i) => ({ ...cliProfileView(i.profile, show), Valid: i.record.valid, Error: i.record.error ?? null }));
        out(self, { Rechecked: rows, Summary: counts, Cancelled: result.cancelled }, 'Recheck');
        if (io.stderrIsTTY) io.stderr(`${summary}\n`);
      } else io.stdout(`${recheckWords(result.items, Date.now(), show)}${summary}\n`);
      if (result.storeFailure) io.stderr(`warning: the results could not all be saved: ${escapeControls(result.storeFailure.message)}\n`);
      if (result.cancelled) io.stderr(`keyscope: cancelled after ${result.items.length} of ${chosen.length} checks.\n`);
      // Results that were not all saved are work not completed (3), as a cancelled recheck is; a rejection still says 1.
      setExit(exitCodeOfAll(result.items.map((i) => exitCodeOf(i.record.valid, i.record.error?.Category)), result.cancelled || result.storeFailure !== undefined));
    });

  addImportCommand(group, io, setExit, globals);

  addDoctorCommand(group, io, setExit, globals);
}
