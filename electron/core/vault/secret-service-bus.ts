/**
 * The Secret Service over the D-Bus session bus, spoken directly: the one importer of @homebridge/dbus-native (pure
 * JavaScript, maintained), loaded on first use so that commands which never touch the keychain never load it. Two
 * readers use it where the keychain binding cannot serve: keytar's old entries (legacy-keychain.ts) and the bulk read
 * of a recheck (secret-service-read.ts). It follows the spec's steps
 * (https://specifications.freedesktop.org/secret-service-spec/latest/): OpenSession, SearchItems, GetSecrets. It
 * never unlocks anything: a locked item is an error, never "no secret".
 *
 * Errors are raw (KeychainStore explains them) and never hold a secret: they come from D-Bus, which only echoes names.
 */
import type { EventEmitter } from 'node:events';
import { createConnection, type Socket } from 'node:net';
import { err, ok, type Result } from '../../../shared/result.js';
import { inTurn } from './secret-service-turns.js';

export const SERVICE_PATH = '/org/freedesktop/secrets';
export const SERVICE_IFACE = 'org.freedesktop.Secret.Service';
const SECRETS = 'org.freedesktop.secrets';
const SESSION_IFACE = 'org.freedesktop.Secret.Session';

/** The parts of @homebridge/dbus-native used here (its own typings do not declare `sessionBus`). */
interface DBusNative {
  sessionBus(options: { readonly stream?: Socket; readonly busAddress?: string }): Bus;
}
interface Bus {
  readonly connection: EventEmitter & { end(): void };
  invoke(message: object, callback: (error: { readonly name?: string; readonly message?: unknown } | null | undefined, ...body: unknown[]) => void): void;
}

/** One method call on the Secret Service; its reply's values. Calls may overlap: replies are matched by serial. */
export type Call = (path: string, iface: string, member: string, signature?: string, body?: readonly unknown[]) => Promise<unknown[]>;

/** Whether the OS keychain on `platform` is the Secret Service (Linux and the BSDs), where these readers apply. */
export function hasSecretService(platform: NodeJS.Platform): boolean {
  return platform === 'linux' || platform === 'freebsd' || platform === 'openbsd' || platform === 'netbsd';
}

export const LOCKED_MESSAGE = "the keyring that holds keyscope's entries is locked; unlock it to read them";

/** The first unix socket of a D-Bus address (`unix:path=…` or `unix:abstract=…`, values %-escaped). */
function socketOf(address: string): Socket | undefined {
  for (const entry of address.split(';')) {
    const colon = entry.indexOf(':');
    if (entry.slice(0, colon) !== 'unix') continue;
    const params = new Map(entry.slice(colon + 1).split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), decodeURIComponent(kv.slice(kv.indexOf('=') + 1))] as const));
    // Node reaches Linux's abstract sockets with a leading NUL; the library would need a native module for them.
    const path = params.get('path') ?? (params.has('abstract') ? `\0${params.get('abstract') ?? ''}` : undefined);
    if (path) return createConnection(path);
  }
  return undefined;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * How long a call waits for the Secret Service's reply. The binding's own calls give up after ~2 s (measured with
 * gnome-keyring stopped); a call here may carry 50 secrets, so it gets longer. A keychain that takes longer (hung,
 * stopped) fails the call with noAnswer instead of leaving a recheck at "0 of 1" for ever.
 */
export const REPLY_MS = 10_000;

/** The words of a call that had no answer in time (keychainFailure recognises them). */
export const noAnswer = (ms: number): string => `the Secret Service did not answer within ${Math.round(ms / 1000)} s`;

/**
 * `pending`, or the noAnswer failure after `ms` (then `onLate` is told first); the call itself is left to finish or
 * not. The bus's calls here and the binding's (keychain-store.ts) are given their time this way.
 */
export function answeredWithin<T>(pending: Promise<T>, ms: number, onLate?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onLate?.();
      reject(new Error(noAnswer(ms)));
    }, ms);
  });
  return Promise.race([pending, late]).finally(() => clearTimeout(timer));
}

/**
 * Opens a connection and a plain Secret Service session, runs `fn`, and closes both whatever happens; each call fails
 * after `replyMs` without a reply.
 */
export function withSecretService<T>(fn: (call: Call, session: string) => Promise<T>, replyMs = REPLY_MS): Promise<Result<T, unknown>> {
  // After the process's other Secret Service operations, never beside them (secret-service-turns.ts).
  return inTurn(() => sessionFor(fn, replyMs));
}

/**
 * withSecretService for work that may no longer be wanted when its turn comes (a recheck cancelled while its read
 * waited behind other calls): once `signal` is aborted, nothing is opened or asked, and the answer is ok(undefined).
 */
export function withSecretServiceUnless<T>(signal: AbortSignal | undefined, fn: (call: Call, session: string) => Promise<T>, replyMs = REPLY_MS): Promise<Result<T | undefined, unknown>> {
  return inTurn<Result<T | undefined, unknown>>(() => (signal?.aborted ? Promise.resolve(ok(undefined)) : sessionFor(fn, replyMs)));
}

async function sessionFor<T>(fn: (call: Call, session: string) => Promise<T>, replyMs: number): Promise<Result<T, unknown>> {
  let bus: Bus | undefined;
  // Once a call has gone unanswered, closing the session would only wait as long again: ending the connection ends it.
  let unanswered = false;
  try {
    const address = process.env.DBUS_SESSION_BUS_ADDRESS;
    if (!address) throw new Error('There is no D-Bus session: DBUS_SESSION_BUS_ADDRESS is not set');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily: only keychain commands need it
    const dbus = require('@homebridge/dbus-native') as DBusNative;
    const stream = socketOf(address);
    const opened = dbus.sessionBus(stream ? { stream } : { busAddress: address });
    bus = opened;
    // A refused or dropped connection fails the call under way instead of leaving it waiting for a reply.
    const broken = new Promise<never>((_, reject) => {
      opened.connection.on('error', (e: unknown) => reject(new Error(`Could not connect to the D-Bus session (${messageOf(e)})`)));
      opened.connection.on('end', () => reject(new Error('Could not connect to the D-Bus session: it closed the connection')));
    });
    broken.catch(() => undefined); // read only through the race below
    const call: Call = (path, iface, member, signature, body) =>
      answeredWithin(
        Promise.race([
          new Promise<unknown[]>((resolve, reject) =>
            opened.invoke({ destination: SECRETS, path, interface: iface, member, ...(signature ? { signature, body } : {}) }, (e, ...values) =>
              e ? reject(new Error(`${e.name ?? 'D-Bus error'}: ${typeof e.message === 'string' ? e.message : ''}`)) : resolve(values),
            ),
          ),
          broken,
        ]),
        replyMs,
        () => (unanswered = true),
      );
    // "plain": the secret crosses the local session bus unencrypted, as it does for libsecret's own tools.
    const [, session] = (await call(SERVICE_PATH, SERVICE_IFACE, 'OpenSession', 'sv', ['plain', ['s', '']])) as [unknown, string];
    try {
      return ok(await fn(call, session));
    } finally {
      if (!unanswered) await call(session, SESSION_IFACE, 'Close').catch(() => undefined);
    }
  } catch (e) {
    return err(e);
  } finally {
    bus?.connection.end();
  }
}

/** The unlocked items matching `attributes`; an error when a matching item is locked. */
export async function searchItems(call: Call, attributes: Record<string, string>): Promise<string[]> {
  const [unlocked, locked] = (await call(SERVICE_PATH, SERVICE_IFACE, 'SearchItems', 'a{ss}', [Object.entries(attributes)])) as [string[], string[]];
  if (locked.length > 0) throw new Error(LOCKED_MESSAGE);
  return unlocked;
}

/** The secrets of the items at `paths`, as UTF-8 text, by item path: one call for all of them. */
export async function secretsOf(call: Call, session: string, paths: readonly string[]): Promise<Map<string, string>> {
  if (paths.length === 0) return new Map();
  const [secrets] = (await call(SERVICE_PATH, SERVICE_IFACE, 'GetSecrets', 'aoo', [paths, session])) as [Array<[string, [string, Buffer, Buffer, string]]>];
  return new Map(secrets.map(([path, [, , value]]) => [path, Buffer.from(value).toString('utf8')]));
}
