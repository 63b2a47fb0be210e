/** `keyscope profiles …`: saved credentials, secrets in the OS keychain. */
import type { Command } from 'commander';
import type { Failure } from '../../shared/failure.js';
import { validateRegion } from '../core/aws/endpoints.js';
import { lastCheckOf, lastDecidedOf, type ProfileMeta } from '../core/vault/profiles.js';
import { DEFAULT_CONCURRENCY, recheckProfiles, type RecheckItem } from '../core/vault/recheck.js';
import { credentialsFromEnv, type GlobalOptions } from './context.js';
import { printFailure } from './failures.js';
import { addImportCommand } from './profiles-import.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { formatOutput } from './output.js';
import { profileView as appProfileView } from '../core/app/views.js';
import { checkWith, openVault, optionsFor } from './vault-context.js';

type Globals = (cmd: Command) => GlobalOptions;

/** The profile as lists and reports show it: key id masked, no secret. */
export function profileView(p: ProfileMeta) {
  const v = appProfileView(p);
  return { Name: v.name, AccessKeyId: v.maskedKeyId, KeyType: v.keyType, Account: v.account, Status: v.status, LastChecked: v.lastChecked, LastUsed: v.lastUsed, Region: v.region };
}

function detailView(p: ProfileMeta, hasSecret: boolean | null) {
  return {
    ...profileView(p),
    Arn: lastDecidedOf(p)?.arn ?? null,
    DerivedAccount: p.derivedAccount,
    Partition: p.partition,
    Notes: p.notes ?? null,
    Expiration: p.expiration ?? null,
    Source: p.source,
    CreatedAt: p.createdAt,
    UpdatedAt: p.updatedAt,
    SecretInKeychain: hasSecret,
    LastCheck: lastCheckOf(p) ?? null,
    History: p.history,
  };
}

function textTable(rows: Array<Record<string, unknown>>, columns: string[]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? '-' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i] as number)).join('  ').trimEnd();
  return `${[line(columns.map((c) => c.toUpperCase())), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n')}\n`;
}

async function readCredentialInput(io: CliIo, fromEnv: boolean): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }> {
  if (fromEnv) return credentialsFromEnv(io.env);
  if (io.prompt) {
    const accessKeyId = (await io.prompt('Access key id: ', false)).trim();
    const secretAccessKey = (await io.prompt('Secret access key (hidden): ', true)).trim();
    const sessionToken = (await io.prompt('Session token, for ASIA… keys (hidden; Enter if none): ', true)).trim();
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  }
  // Not a terminal: lines on standard input (key id, secret, optional token), never arguments.
  const [accessKeyId = '', secretAccessKey = '', sessionToken = ''] = (await io.readStdin()).split(/\r?\n/).map((l) => l.trim());
  if (!accessKeyId && !secretAccessKey) {
    throw new UsageError('No credential given.', 'Use --from-env, run on a terminal to be asked, or pipe the key id, secret and token as lines on standard input.');
  }
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

function exitForItems(items: readonly RecheckItem[], cancelled: boolean): number {
  if (items.some((i) => 'record' in i && i.record.valid === false)) return EXIT.rejected;
  if (cancelled || items.some((i) => 'failure' in i || i.record.valid === null)) return EXIT.undecided;
  return EXIT.ok;
}

/** Adds `profiles` and its subcommands. */
export function addProfileCommands(program: Command, io: CliIo, setExit: (code: number) => void, globals: Globals): void {
  const group = program.command('profiles').description('saved credentials: secrets in the OS keychain, metadata in KEYSCOPE_HOME');
  const out = (cmd: Command, value: unknown, title: string) => io.stdout(formatOutput(value, globals(cmd).output, title));
  const fail = (f: Failure) => setExit(printFailure(io, f));

  group
    .command('add')
    .description('save a credential (from the environment, a hidden prompt, or lines on standard input; never from arguments)')
    .argument('<name>', 'a name for the profile')
    .option('--from-env', 'take AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN')
    .option('--notes <text>', 'a note to keep with the profile')
    .option('--expiration <iso-time>', 'when temporary credentials expire')
    .action(async (name: string, flags: { fromEnv?: boolean; notes?: string; expiration?: string }, self: Command) => {
      const options = globals(self);
      if (options.region) {
        const r = validateRegion(options.region);
        if (!r.ok) return fail(r.error);
      }
      if (flags.expiration && Number.isNaN(Date.parse(flags.expiration))) throw new UsageError(`--expiration "${flags.expiration}" is not a date and time.`, 'Use ISO 8601, such as 2026-11-22T15:00:00Z.');
      const input = await readCredentialInput(io, Boolean(flags.fromEnv));
      const added = await openVault(io).add({
        name,
        ...input,
        ...(options.region ? { region: options.region } : {}),
        ...(flags.notes ? { notes: flags.notes } : {}),
        ...(flags.expiration ? { expiration: new Date(flags.expiration).toISOString() } : {}),
        source: flags.fromEnv ? 'env' : 'manual',
      });
      if (!added.ok) return fail(added.error);
      out(self, { Saved: profileView(added.value) }, 'Saved');
      setExit(EXIT.ok);
    });

  group
    .command('list')
    .description('the saved profiles and their last known state')
    .action((_f: unknown, self: Command) => {
      const all = openVault(io).list();
      if (!all.ok) return fail(all.error);
      const rows = all.value.map(profileView);
      if (globals(self).output === 'text') {
        io.stdout(rows.length ? textTable(rows, ['Name', 'AccessKeyId', 'Account', 'Status', 'LastChecked', 'LastUsed']) : 'No saved profiles. Add one with `keyscope profiles add NAME` or `keyscope profiles import`.\n');
      } else out(self, { Profiles: rows }, 'Profiles');
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
      out(self, detailView(p.value, has.ok ? has.value : null), p.value.name);
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
      out(self, { Renamed: profileView(r.value) }, 'Renamed');
      setExit(EXIT.ok);
    });

  group
    .command('remove')
    .description('remove a profile and its secret from the keychain')
    .argument('<name>')
    .action(async (name: string, _f: unknown, self: Command) => {
      const r = await openVault(io).remove(name);
      if (!r.ok) return fail(r.error);
      out(self, { Removed: profileView(r.value) }, 'Removed');
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
      const chosen = flags.all ? [...all.value] : [];
      for (const n of flags.all ? [] : names) {
        const p = all.value.find((x) => x.name === n);
        if (!p) throw new UsageError(`No profile is named "${n}".`, '`keyscope profiles list` shows the saved profiles.');
        chosen.push(p);
      }
      const controller = new AbortController();
      const unsubscribe = io.onInterrupt?.(() => controller.abort());
      const result = await recheckProfiles(vault, chosen, {
        concurrency,
        signal: controller.signal,
        check: (credentials, profile) => checkWith(optionsFor(options, io, profile), io, credentials, flags.lastUsed),
        onProgress: ({ done, total, item }) => {
          if (io.stderrIsTTY) io.stderr(`\r\u001b[Krechecking ${done}/${total}: ${item.profile.name} ${'record' in item ? (item.record.valid === true ? 'valid' : item.record.valid === false ? 'NOT VALID' : 'could not check') : 'failed'}`);
        },
      });
      unsubscribe?.();
      if (io.stderrIsTTY) io.stderr('\r\u001b[K');
      const rows = result.items.map((i) => ({
        ...profileView(i.profile),
        ...('record' in i ? { Valid: i.record.valid, Error: i.record.error ?? null } : { Valid: null, Error: { Code: i.failure.kind, Message: i.failure.message, Hint: i.failure.hint } }),
      }));
      if (globals(self).output === 'text') io.stdout(textTable(rows.map((r) => ({ ...r, Error: r.Error ? r.Error.Code : null })), ['Name', 'AccessKeyId', 'Status', 'Account', 'LastUsed', 'Error']));
      else out(self, { Rechecked: rows, Cancelled: result.cancelled }, 'Recheck');
      if (result.cancelled) io.stderr(`keyscope: cancelled after ${result.items.length} of ${chosen.length} checks.\n`);
      setExit(exitForItems(result.items, result.cancelled));
    });

  addImportCommand(group, io, setExit, globals);

  group
    .command('doctor')
    .description('find keychain entries without a profile and profiles without a secret; --repair fixes them')
    .option('--repair', 'restore profiles from orphaned keychain entries, remove profiles whose secret is gone, keep an unreadable store aside')
    .action(async (flags: { repair?: boolean }, self: Command) => {
      const r = await openVault(io).doctor(Boolean(flags.repair));
      if (!r.ok) return fail(r.error);
      const d = r.value;
      out(
        self,
        {
          CorruptStore: d.corruptStore ? { Reason: d.corruptStore.reason, KeptAsideAt: d.corruptStore.keptAsideAt ?? null } : null,
          SecretsWithoutProfile: d.secretsWithoutProfile.map((x) => ({ Id: x.id, Name: x.name, AccessKeyId: x.accessKeyId, RestoredAs: x.restoredAs ?? null, Removed: x.removed ?? false })),
          ProfilesWithoutSecret: d.profilesWithoutSecret.map((x) => ({ Name: x.name, AccessKeyId: x.accessKeyId, Removed: x.removed ?? false })),
          UnreadableKeychainEntries: d.unreadableEntries,
          KeptAside: d.keptAside,
          Repaired: d.repaired,
        },
        'Doctor',
      );
      const problems = Boolean(d.corruptStore) || d.secretsWithoutProfile.length + d.profilesWithoutSecret.length > 0;
      setExit(problems && !d.repaired ? EXIT.undecided : EXIT.ok);
    });
}
