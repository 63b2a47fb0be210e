/**
 * The OS keychain through @napi-rs/keyring: the one importer of it (a lint rule holds this). Loaded on first use,
 * so commands that do not touch the keychain never load the native module.
 *
 * Why not keytar, which the product card names: on a locked Secret Service keytar's `getPassword` answers `null`
 * ("no secret", which sent people to a repair that deletes things) and its `findCredentials` crashes the process
 * with a segmentation fault; where its prebuilt binary cannot be downloaded it compiles with node-gyp, which needs a
 * C toolchain and libsecret-1-dev (the README's first command failed on a fresh machine); and its upstream
 * (atom/node-keytar) is archived. @napi-rs/keyring is maintained, ships prebuilt N-API binaries inside its npm
 * packages, has async calls, and on a locked collection fails with an error ("unlock prompt was dismissed") —
 * never `null`, never a crash.
 *
 * On Linux every entry is pinned to the Secret Service: the binding would otherwise fall back to the kernel
 * keyring, which forgets everything at logout — a silent loss we refuse.
 *
 * Entries that keytar wrote (service `keyscope`, attribute `account` = profile id) are read through
 * `legacy` (see legacy-keychain.ts), as the binding only finds its own attribute (`username`) on Linux. A recheck's
 * many reads go through `bulk` where one is given (secret-service-read.ts): the binding reads one item at a time.
 *
 * An entry longer than one value may be (Windows refuses over 1,280 characters; a session token is up to 65,536) is
 * kept in pieces, on every platform (secret-pieces.ts, pieced-entry.ts).
 */
import type { KeychainFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { answeredWithin, hasSecretService } from './secret-service-bus.js';
import { deleteEntry, listEntries, readEntry, writeEntry, type ValueCalls } from './pieced-entry.js';
import { inTurn } from './secret-service-turns.js';
import { decodeSecret, KEYCHAIN_SERVICE, type BulkReader, type EntryFound, type KeychainEntry, type LegacyKeychain, type SecretStore, type StoredSecret } from './secret-store.js';

type Keyring = typeof import('@napi-rs/keyring');

/** The keychain's name on this platform. */
export function keychainLabel(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'the Secret Service (GNOME Keyring or KWallet)';
}

// Whole words: "blocked" is not "locked".
const LOCKED = /\blocked\b|unlock prompt|prompt was dismissed|IsLocked|interaction not allowed|user canceled|cancelled|collection\/login|Object does not exist at path/i;

// The binding's calls give up after ~2 s ("Did not receive a reply"), but its list and an unlock prompt never do: on
// the Secret Service keyscope gives each binding call ANSWER_MS, and each call of the bulk read REPLY_MS, then fails
// it with the bus module's words ("did not answer within").
const NO_ANSWER = /did not answer within|Did not receive a reply|NoReply/i;

/** Whether gnome-keyring-daemon is on PATH (read only on a failure's path). */
function gnomeKeyringInstalled(): boolean {
  const { accessSync, constants } = process.getBuiltinModule('node:fs');
  const { delimiter, join } = process.getBuiltinModule('node:path');
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, 'gnome-keyring-daemon'), constants.X_OK);
      return dir !== '';
    } catch {
      return false;
    }
  });
}

/**
 * Explains a keychain error in plain words; never includes a secret (the binding's messages hold none). `installed`
 * says whether a Secret Service that is not on the bus is installed here (gnome-keyring-daemon on PATH).
 */
export function keychainFailure(label: string, error: unknown, action: string, installed: () => boolean = gnomeKeyringInstalled): KeychainFailure {
  const raw = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 300);
  const Label = `${label[0]?.toUpperCase() ?? ''}${label.slice(1)}`;
  if (/autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|Could not connect|Failed to connect to socket|No such file or directory|couldn't connect|Unable to autolaunch|no dbus session/i.test(raw)) {
    return {
      kind: 'keychain',
      category: 'service',
      message: `There is no Secret Service here: keyscope keeps secrets only in ${label}, and no D-Bus session is available (${raw}).`,
      hint: 'Run keyscope inside a desktop session, or start a D-Bus session with gnome-keyring-daemon. keyscope never falls back to a plain file, so nothing was saved.',
    };
  }
  if (/org\.freedesktop\.secrets|was not provided by any \.service files|ServiceUnknown|platform secure storage failure|No secret service|not available/i.test(raw)) {
    // Installed, it has stopped (a crash, a session that never started it): starting it again is what to do.
    const stopped = installed();
    return {
      kind: 'keychain',
      category: 'service',
      message: `There is no Secret Service here: keyscope keeps secrets only in ${label}, and none is running on the D-Bus session${stopped ? ' (gnome-keyring is installed, but its daemon is not running: it stopped, or this session never started it)' : ''}.`,
      hint: `${
        stopped
          ? 'Start it again (`gnome-keyring-daemon --start --components=secrets` in this session, or log out and in), unlock it if it asks, then retry.'
          : 'Install and start gnome-keyring (or KWallet with its Secret Service).'
      } keyscope never falls back to a plain file, so nothing was saved.`,
    };
  }
  // Before the locked test: the bus's "Did not receive a reply" goes on to say "security policy blocked the reply".
  if (NO_ANSWER.test(raw)) {
    return {
      kind: 'keychain',
      category: 'service',
      message: `${Label} did not answer in time, so keyscope could not ${action} it (${raw}).`,
      // A change it was asked for may still be made once it answers: keyscope has recorded none of it.
      hint: `It may be waiting on a prompt, or hung: answer or close any keychain window, or restart it (gnome-keyring-daemon --replace), then retry. ${
        action === 'read from' ? 'Nothing was read.' : 'keyscope changed nothing of its own; should the keychain still make the change, `keyscope profiles doctor` lists an entry no profile uses.'
      }`,
    };
  }
  if (/no result found/i.test(raw) && action === 'save to') {
    return {
      kind: 'keychain',
      category: 'keychain-locked',
      message: `${Label} has no login keyring to save into (or it is locked and could not ask to be unlocked here): ${raw}.`,
      hint: 'Unlock your login keychain (or create one: log in to a desktop session, or open "Passwords and Keys"), then retry. Nothing was saved.',
    };
  }
  if (LOCKED.test(raw)) {
    return {
      kind: 'keychain',
      category: 'keychain-locked',
      message: `${Label} is locked, and it could not ask you to unlock it here, so keyscope could not ${action} it (${raw}).`,
      hint: 'Unlock your login keychain, then retry. Nothing was read, saved or removed.',
    };
  }
  // gnome-keyring's words when it cannot write its keyring file (a full disk): the item is neither made nor changed.
  if (/An error occurred on the device|No space left on device/i.test(raw)) {
    return {
      kind: 'keychain',
      category: 'service',
      message: `${Label} could not write its keyring file, so keyscope could not ${action} it (${raw}): the disk that holds it (for GNOME Keyring, ~/.local/share/keyrings) may be full.`,
      hint: `Free some space on that disk, then retry. ${action === 'read from' ? 'Nothing was read.' : 'Nothing was changed.'}`,
    };
  }
  if (/Cannot find module|cannot open shared object|was compiled against|invalid ELF|dlopen|Failed to load native binding/i.test(raw)) {
    return {
      kind: 'keychain',
      category: 'service',
      message: `keyscope's keychain module could not load (${raw}).`,
      hint: 'Reinstall keyscope (npm ci) on this machine. Nothing was saved.',
    };
  }
  return { kind: 'keychain', category: 'service', message: `Could not ${action} ${label}: ${raw}.`, hint: 'Check that the keychain is running and unlocked, then try again. Nothing was saved anywhere else.' };
}

/**
 * How long a binding call may take on the Secret Service before keyscope stops waiting for it. The binding's own
 * calls give up after ~2 s, but its list waited for ever on a stopped keychain (measured: it answered only once the
 * daemon went on), and on a desktop it waits for the unlock prompt; long enough to type a password in.
 */
export const ANSWER_MS = 30_000;

/** The OS keychain behind the SecretStore interface. */
export class KeychainStore implements SecretStore {
  readonly label = keychainLabel();
  private keyring: Keyring | undefined;

  /**
   * `answerMs` (tests) shortens the wait for a binding call on the Secret Service; `beforeWrite` (tests) runs before
   * each value a save writes, so a test can stop the keychain between two of them.
   */
  constructor(
    private readonly legacy?: LegacyKeychain,
    private readonly bulk?: BulkReader,
    private readonly answerMs = ANSWER_MS,
    private readonly beforeWrite?: () => Promise<void> | void,
  ) {}

  /** The binding's calls on one value, each in its turn and within its deadline. */
  private readonly values: ValueCalls = {
    label: this.label,
    read: (account, action) => this.run(action, (k) => this.entry(k, account).getPassword()),
    write: (account, value) => this.run('save to', (k) => this.entry(k, account).setPassword(value)),
    remove: (account) => this.run('delete from', (k) => this.entry(k, account).deletePassword()),
  };

  private load(action: string): Result<Keyring, KeychainFailure> {
    if (this.keyring) return ok(this.keyring);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily: a native module
      this.keyring = require('@napi-rs/keyring') as Keyring;
      return ok(this.keyring);
    } catch (e) {
      return err(keychainFailure(this.label, e, action));
    }
  }

  /** Whether there are keytar entries, as this store last saw; undefined before it has looked. */
  private keytarEntries: boolean | undefined;

  private async run<T>(action: string, fn: (k: Keyring) => Promise<T>): Promise<Result<T, KeychainFailure>> {
    const k = this.load(action);
    if (!k.ok) return k;
    try {
      // On the Secret Service, one call at a time (secret-service-turns.ts): side by side they can abort gnome-keyring;
      // and each within its deadline, so that one keychain that does not answer holds the others up only that long.
      if (!hasSecretService(process.platform)) return ok(await fn(k.value));
      // A call that goes unanswered fails the binding calls asked for before it failed at once, with its words.
      return ok(await inTurn(() => answeredWithin(fn(k.value), this.answerMs), (e) => NO_ANSWER.test(e instanceof Error ? e.message : String(e))));
    } catch (e) {
      return err(keychainFailure(this.label, e, action));
    }
  }

  private entry(k: Keyring, id: string) {
    // Pinned: no silent fallback to the kernel keyring on Linux (ignored elsewhere).
    return new k.AsyncEntry(KEYCHAIN_SERVICE, id, { linux: { store: 'secret-service' } });
  }

  async get(id: string): Promise<Result<StoredSecret | null, KeychainFailure>> {
    const found = await this.lookup(id);
    if (!found.ok || found.value === null) return found as Result<null, KeychainFailure>;
    return 'secret' in found.value ? ok(found.value.secret) : err(found.value.broken);
  }

  async lookup(id: string): Promise<Result<EntryFound | null, KeychainFailure>> {
    const found = await readEntry(this.values, id);
    if (!found.ok || found.value || !this.legacy) return found;
    const old = await this.legacy.get(id);
    if (!old.ok) return err(keychainFailure(this.label, old.error, 'read from'));
    const secret = old.value ? decodeSecret(old.value) : null;
    return ok(secret ? { secret } : null);
  }

  async set(id: string, secret: StoredSecret): Promise<Result<void, KeychainFailure>> {
    const saved = await writeEntry(this.values, id, secret, this.beforeWrite);
    if (!saved.ok || !this.legacy) return saved;
    // A keytar entry of the same profile would be read again after this one is gone: it is replaced, not kept. Once
    // this store has seen there is no keytar entry at all (keytar-era versions are the only writers of them), later
    // saves skip the look: a run of saves (an import) then costs no extra connection to the Secret Service each. A
    // look that fails counts as "there may be some": every save then replaces as before.
    if (this.keytarEntries === undefined) {
      const all = await this.legacy.list();
      this.keytarEntries = !all.ok || all.value.length > 0;
    }
    if (!this.keytarEntries) return ok(undefined);
    const old = await this.legacy.delete(id);
    return old.ok ? ok(undefined) : err(keychainFailure(this.label, old.error, 'update'));
  }

  async delete(id: string): Promise<Result<boolean, KeychainFailure>> {
    const gone = await deleteEntry(this.values, id);
    if (!gone.ok || !this.legacy) return gone;
    const old = await this.legacy.delete(id);
    return old.ok ? ok(gone.value || old.value) : err(keychainFailure(this.label, old.error, 'delete from'));
  }

  async list(): Promise<Result<KeychainEntry[], KeychainFailure>> {
    const found = await this.run('read from', async (k) => listEntries(await k.findCredentialsAsync(KEYCHAIN_SERVICE)));
    if (!found.ok || !this.legacy) return found;
    const old = await this.legacy.list();
    if (!old.ok) return err(keychainFailure(this.label, old.error, 'read from'));
    this.keytarEntries = old.value.length > 0;
    const ids = new Set(found.value.map((e) => e.id));
    return ok([...found.value, ...old.value.filter((e) => !ids.has(e.id)).map((e) => ({ id: e.id, secret: decodeSecret(e.password) }))]);
  }

  async readMany(ids: readonly string[], onBatch: (found: readonly KeychainEntry[]) => void, signal?: AbortSignal): Promise<Result<void, KeychainFailure>> {
    if (this.bulk) {
      const read = await this.bulk(ids, (found) => onBatch(found.map((e) => ({ id: e.id, secret: decodeSecret(e.password) }))), signal);
      return read.ok ? read : err(keychainFailure(this.label, read.error, 'read from'));
    }
    if (signal?.aborted) return ok(undefined);
    const all = await this.list();
    if (!all.ok) return all;
    const wanted = new Set(ids);
    onBatch(all.value.filter((e) => wanted.has(e.id)));
    return ok(undefined);
  }
}
