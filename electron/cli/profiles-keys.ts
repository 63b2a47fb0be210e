/** `profiles add` and `profiles set-key`: a key from the environment, a hidden prompt or standard input lines; never argv. */
import type { Command } from 'commander';
import type { Failure } from '../../shared/failure.js';
import { ACCESS_KEY_ID_PATTERN } from '../../shared/credential-rules.js';
import { validateRegion } from '../core/aws/endpoints.js';
import { MIB } from '../core/aws/read-bounded.js';
import { maskKeyId } from '../core/keys/key-id.js';
import { isoTimeAdvice, parseIsoTime } from '../core/review/iso-time.js';
import { credentialsFromEnv, type GlobalOptions } from './context.js';
import { printFailure } from './failures.js';
import { EXIT, readStdinWithin, UsageError, type CliIo } from './io.js';
import { formatOutput } from './output.js';
import { changeWords } from './profile-text.js';
import { cliProfileView } from './profile-views.js';
import { openVault } from './vault-context.js';

type Globals = (cmd: Command) => GlobalOptions;

/** The profile that already holds key id `id`, if any (`except`: the profile whose key is being replaced). */
type SavedAs = (id: string) => string | undefined;

function savedAsIn(io: CliIo, except?: string): SavedAs {
  const all = openVault(io).list();
  return (id) => (all.ok ? all.value.find((p) => p.accessKeyId === id && p.name !== except)?.name : undefined);
}

/** The most of standard input read for a credential: 1 MiB, far past a key id, a secret and a session token. */
const MAX_CREDENTIAL_INPUT = MIB;

/**
 * `--expiration` given for a key without a session token: only temporary credentials expire, and a long-term key
 * saved with a past expiry showed "expired", counted invalid, however AWS answered its checks.
 */
const EXPIRY_WITHOUT_TOKEN = () =>
  new UsageError('--expiration is for temporary credentials (a key with its session token): a long-term key does not expire.', 'Leave --expiration out, or give the session token with the key.');

async function readCredentialInput(io: CliIo, fromEnv: boolean, savedAs: SavedAs, expiring: boolean): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }> {
  const input = await readCredential(io, fromEnv, savedAs, expiring);
  // An ASIA key without its token is refused by the vault, in words about the token.
  if (expiring && !input.sessionToken && !input.accessKeyId.startsWith('ASIA')) throw EXPIRY_WITHOUT_TOKEN();
  return input;
}

async function readCredential(io: CliIo, fromEnv: boolean, savedAs: SavedAs, expiring: boolean): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }> {
  if (fromEnv) return credentialsFromEnv(io.env);
  if (io.prompt) {
    const accessKeyId = (await io.prompt('Access key id: ', false)).trim();
    if (!ACCESS_KEY_ID_PATTERN.test(accessKeyId)) throw new UsageError('The access key id is not well formed.', 'An access key id is 16 to 128 upper-case letters and digits, such as AKIA… or ASIA….');
    // Refused before the secret is asked for: typing a secret for nothing is a secret on a screen for nothing.
    const holder = savedAs(accessKeyId);
    if (holder !== undefined) throw new UsageError(`This key (${maskKeyId(accessKeyId)}) is already saved as "${holder}".`, `Use "${holder}", or remove it first.`);
    // No token is asked for a long-term key (below), so an expiry for one is refused before its secret is asked.
    if (expiring && !accessKeyId.startsWith('ASIA')) throw EXPIRY_WITHOUT_TOKEN();
    const secretAccessKey = (await io.prompt('Secret access key (hidden): ', true)).trim();
    // Only temporary keys (ASIA…) have a session token; a long-term key is not asked for one.
    const sessionToken = accessKeyId.startsWith('ASIA') ? (await io.prompt('Session token (hidden): ', true)).trim() : '';
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  }
  // Not a terminal: lines on standard input (key id, secret, optional token), never arguments.
  const piped = await readStdinWithin(
    io,
    MAX_CREDENTIAL_INPUT,
    new UsageError('Standard input holds more than 1 MiB: a credential is three short lines.', 'Pipe only the key id, the secret and (for ASIA… keys) the session token, one a line.'),
  );
  const [accessKeyId = '', secretAccessKey = '', sessionToken = ''] = piped.split(/\r?\n/).map((l) => l.trim());
  if (!accessKeyId && !secretAccessKey) {
    throw new UsageError('No credential given.', 'Use --from-env, run on a terminal to be asked, or pipe the key id, secret and token as lines on standard input.');
  }
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/** `--expiration`, read as the review reads its times: `Date.parse` took "45" for 2045 and "June 30" for 2001. */
function expirationOf(flag: string | undefined): string | undefined {
  if (flag === undefined) return undefined;
  const t = parseIsoTime(flag);
  if (!t.ok) throw new UsageError(`--expiration "${flag}": ${isoTimeAdvice(t.error)}.`, 'Use ISO 8601, such as 2026-11-22T15:00:00Z.');
  // Saved, a past expiry shows the credential expired at once, counted invalid whatever AWS says.
  if (Date.parse(t.value) <= Date.now()) {
    throw new UsageError(`--expiration "${flag}" is already past (${t.value}): saved with it, the credential would show expired at once.`, 'Give the time it expires, with its zone, such as the Expiration the sts command printed (a date alone is its midnight UTC).');
  }
  return t.value;
}

/** Adds `profiles add` and `profiles set-key` to the group. */
export function addKeyCommands(group: Command, io: CliIo, setExit: (code: number) => void, globals: Globals): void {
  const out = (cmd: Command, value: unknown, title: string) => io.stdout(formatOutput(value, globals(cmd).output, title));
  const fail = (f: Failure) => setExit(printFailure(io, f));

  group
    .command('add')
    .description('save a credential (from the environment, a hidden prompt, or lines on standard input; never from arguments); with --region, that region is saved with the profile and its checks use it (a --region, AWS_REGION or AWS_DEFAULT_REGION given at a check comes first)')
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
      const expiration = expirationOf(flags.expiration);
      const input = await readCredentialInput(io, Boolean(flags.fromEnv), savedAsIn(io), expiration !== undefined);
      const added = await openVault(io).add({
        name,
        ...input,
        ...(options.region ? { region: options.region } : {}),
        ...(flags.notes ? { notes: flags.notes } : {}),
        ...(expiration ? { expiration } : {}),
        source: flags.fromEnv ? 'env' : 'manual',
      });
      if (!added.ok) return fail(added.error);
      const show = { unmask: options.unmask === true };
      if (options.output === 'json') out(self, { Saved: cliProfileView(added.value, show) }, 'Saved');
      else io.stdout(changeWords('saved', added.value, show));
      setExit(EXIT.ok);
    });

  group
    .command('set-key')
    .description("give a profile a new key (rotation, or a typo): keeps its name, notes and history; the old key's entry is removed once the new one is saved")
    .argument('<name>', 'the profile')
    .option('--from-env', 'take AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN')
    .option('--expiration <iso-time>', 'when the new temporary credentials expire')
    .action(async (name: string, flags: { fromEnv?: boolean; expiration?: string }, self: Command) => {
      const expiration = expirationOf(flags.expiration);
      const vault = openVault(io);
      const found = vault.find(name); // before asking for a secret: a typo in the name costs nothing
      if (!found.ok) return fail(found.error);
      const input = await readCredentialInput(io, Boolean(flags.fromEnv), savedAsIn(io, name), expiration !== undefined);
      const changed = await vault.setKey(name, { ...input, ...(expiration ? { expiration } : {}) });
      if (!changed.ok) return fail(changed.error);
      if (changed.value.warning) io.stderr(`warning: ${changed.value.warning}\n`);
      const show = { unmask: globals(self).unmask === true };
      const previous = cliProfileView(found.value, show).AccessKeyId;
      if (globals(self).output === 'json') out(self, { KeyReplaced: { ...cliProfileView(changed.value.profile, show), PreviousAccessKeyId: previous } }, 'Key replaced');
      else io.stdout(changeWords('key-replaced', changed.value.profile, show, previous));
      setExit(EXIT.ok);
    });
}
