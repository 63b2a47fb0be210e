/**
 * The OS keychain through keytar: the one importer of keytar. Loaded on first use, so commands that do not touch
 * the keychain never load the native module. Failures become KeychainFailure values naming the keychain.
 */
import type { KeychainFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { decodeSecret, encodeSecret, KEYCHAIN_SERVICE, type SecretStore, type StoredSecret } from './secret-store.js';

type Keytar = typeof import('keytar');

/** The keychain's name on this platform. */
export function keychainLabel(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'the Secret Service (GNOME Keyring or KWallet)';
}

/** Explains a keychain error in plain words; never includes a secret (keytar's messages hold none). */
export function keychainFailure(label: string, error: unknown, action: string): KeychainFailure {
  const raw = error instanceof Error ? error.message : String(error);
  let message = `Could not ${action} ${label}: ${raw}.`;
  let hint = 'Check that the keychain is running and unlocked, then try again. Nothing was saved anywhere else.';
  if (/autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|Could not connect|Failed to connect to socket|No such file or directory/i.test(raw)) {
    message = `There is no Secret Service here: keyscope keeps secrets only in ${label}, and no D-Bus session is available (${raw}).`;
    hint = 'Run keyscope inside a desktop session, or start a D-Bus session with gnome-keyring-daemon. keyscope never falls back to a plain file, so nothing was saved.';
  } else if (/org\.freedesktop\.secrets|was not provided by any \.service files|ServiceUnknown/i.test(raw)) {
    message = `There is no Secret Service here: keyscope keeps secrets only in ${label}, and none is running on the D-Bus session.`;
    hint = 'Install and start gnome-keyring (or KWallet with its Secret Service). keyscope never falls back to a plain file, so nothing was saved.';
  } else if (/locked|prompt|dismissed|cancel|collection\/login|Object does not exist at path/i.test(raw)) {
    message = `${label[0]?.toUpperCase()}${label.slice(1)} is locked (or has no login keyring yet), and it could not ask you to unlock it here (${raw}).`;
    hint = 'Unlock the keychain (log in to the desktop session, or unlock the "login" keyring), then try again. Nothing was saved.';
  } else if (/Cannot find module|cannot open shared object|was compiled against|invalid ELF|dlopen/i.test(raw)) {
    message = `keyscope's keychain module could not load (${raw}).`;
    hint = 'Reinstall keyscope (npm ci) on this machine; on Linux, libsecret must be installed. Nothing was saved.';
  }
  return { kind: 'keychain', category: 'service', message, hint };
}

/** keytar behind the SecretStore interface. */
export class KeytarStore implements SecretStore {
  readonly label = keychainLabel();
  private keytar: Keytar | undefined;

  private load(action: string): Result<Keytar, KeychainFailure> {
    if (this.keytar) return ok(this.keytar);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily: a native module
      this.keytar = require('keytar') as Keytar;
      return ok(this.keytar);
    } catch (e) {
      return err(keychainFailure(this.label, e, action));
    }
  }

  private async run<T>(action: string, fn: (k: Keytar) => Promise<T>): Promise<Result<T, KeychainFailure>> {
    const k = this.load(action);
    if (!k.ok) return k;
    try {
      return ok(await fn(k.value));
    } catch (e) {
      return err(keychainFailure(this.label, e, action));
    }
  }

  get(id: string) {
    return this.run('read from', async (k) => decodeSecret(await k.getPassword(KEYCHAIN_SERVICE, id)));
  }

  set(id: string, secret: StoredSecret) {
    return this.run('save to', (k) => k.setPassword(KEYCHAIN_SERVICE, id, encodeSecret(secret)));
  }

  delete(id: string) {
    return this.run('delete from', (k) => k.deletePassword(KEYCHAIN_SERVICE, id));
  }

  list() {
    return this.run('read from', async (k) => (await k.findCredentials(KEYCHAIN_SERVICE)).map((c) => ({ id: c.account, secret: decodeSecret(c.password) })));
  }
}
