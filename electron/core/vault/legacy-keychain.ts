/**
 * Entries an older keyscope wrote through keytar, read where the keychain binding cannot see them. The one importer
 * of @homebridge/dbus-native (pure JavaScript, maintained), loaded on first use so that commands which never touch
 * the keychain never load it.
 *
 * - Linux (and the BSDs): keytar stored each entry in the Secret Service with the attributes {service: "keyscope",
 *   account: <profile id>}; @napi-rs/keyring searches {service, username}, so it finds none of them. This adapter
 *   reaches the Secret Service over the D-Bus session bus, following the spec's steps
 *   (https://specifications.freedesktop.org/secret-service-spec/latest/): OpenSession, SearchItems, the items'
 *   Attributes, GetSecrets, Item.Delete. It keeps only items with an `account` attribute and no `username` one (the
 *   binding's own items have `username`), never unlocks anything, and answers a locked item with an error, never null.
 * - macOS: keytar and keyring-rs both store a generic password with service + account, so the binding already reads
 *   keytar's entries: no adapter.
 * - Windows: keytar named the credential `keyscope/<id>`, keyring-rs looks for `<id>.keyscope` by default. Reading
 *   the old name needs the binding (`AsyncEntry.withTarget`), which only keychain-store.ts may import, so it is not
 *   handled here: keychain-store.ts would have to look up that target itself.
 *
 * Errors are raw (KeychainStore explains them) and never hold a secret: they come from D-Bus, which only echoes names.
 */
import type { EventEmitter } from 'node:events';
import { createConnection, type Socket } from 'node:net';
import { err, ok, type Result } from '../../../shared/result.js';
import { KEYCHAIN_SERVICE, type LegacyKeychain } from './secret-store.js';

const SECRETS = 'org.freedesktop.secrets';
const SERVICE_PATH = '/org/freedesktop/secrets';
const SERVICE_IFACE = 'org.freedesktop.Secret.Service';
const ITEM_IFACE = 'org.freedesktop.Secret.Item';
const SESSION_IFACE = 'org.freedesktop.Secret.Session';
const PROMPT_IFACE = 'org.freedesktop.Secret.Prompt';
const PROPERTIES_IFACE = 'org.freedesktop.DBus.Properties';
/** The Secret Service's "no prompt needed" object path. */
const NO_PROMPT = '/';

/** The parts of @homebridge/dbus-native used here (its own typings do not declare `sessionBus`). */
interface DBusNative {
  sessionBus(options: { readonly stream?: Socket; readonly busAddress?: string }): Bus;
}
interface Bus {
  readonly connection: EventEmitter & { end(): void };
  invoke(message: object, callback: (error: { readonly name?: string; readonly message?: unknown } | null | undefined, ...body: unknown[]) => void): void;
}
type Call = (path: string, iface: string, member: string, signature?: string, body?: readonly unknown[]) => Promise<unknown[]>;
type Attributes = ReadonlyMap<string, string>;

const LOCKED_MESSAGE = "the keyring that holds keyscope's older (keytar) entries is locked; unlock it to read them";

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

/** Opens a connection and a plain Secret Service session, runs `fn`, and closes both whatever happens. */
async function withSecretService<T>(fn: (call: Call, session: string) => Promise<T>): Promise<Result<T, unknown>> {
  let bus: Bus | undefined;
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
      Promise.race([
        new Promise<unknown[]>((resolve, reject) =>
          opened.invoke({ destination: SECRETS, path, interface: iface, member, ...(signature ? { signature, body } : {}) }, (e, ...values) =>
            e ? reject(new Error(`${e.name ?? 'D-Bus error'}: ${typeof e.message === 'string' ? e.message : ''}`)) : resolve(values),
          ),
        ),
        broken,
      ]);
    // "plain": the secret crosses the local session bus unencrypted, as it does for libsecret's own tools.
    const [, session] = (await call(SERVICE_PATH, SERVICE_IFACE, 'OpenSession', 'sv', ['plain', ['s', '']])) as [unknown, string];
    try {
      return ok(await fn(call, session));
    } finally {
      await call(session, SESSION_IFACE, 'Close').catch(() => undefined);
    }
  } catch (e) {
    return err(e);
  } finally {
    bus?.connection.end();
  }
}

/** keytar's unlocked items matching `attributes`; an error when a matching item is locked. */
async function keytarItems(call: Call, attributes: Record<string, string>): Promise<Array<{ readonly path: string; readonly id: string }>> {
  const [unlocked, locked] = (await call(SERVICE_PATH, SERVICE_IFACE, 'SearchItems', 'a{ss}', [Object.entries(attributes)])) as [string[], string[]];
  if (locked.length > 0) throw new Error(LOCKED_MESSAGE);
  const items: Array<{ path: string; id: string }> = [];
  for (const path of unlocked) {
    const [variant] = (await call(path, PROPERTIES_IFACE, 'Get', 'ss', [ITEM_IFACE, 'Attributes'])) as [[unknown, [Array<[string, string]>]]];
    const attrs: Attributes = new Map(variant[1][0]);
    const id = attrs.get('account');
    if (id !== undefined && !attrs.has('username')) items.push({ path, id });
  }
  return items;
}

/** The secrets of `items`, as UTF-8 text, by item path. */
async function secretsOf(call: Call, session: string, items: ReadonlyArray<{ readonly path: string }>): Promise<Map<string, string>> {
  if (items.length === 0) return new Map();
  const [secrets] = (await call(SERVICE_PATH, SERVICE_IFACE, 'GetSecrets', 'aoo', [items.map((i) => i.path), session])) as [Array<[string, [string, Buffer, Buffer, string]]>];
  return new Map(secrets.map(([path, [, , value]]) => [path, Buffer.from(value).toString('utf8')]));
}

/** keytar's entries in the Secret Service. */
export const secretServiceLegacy: LegacyKeychain = {
  get: (id) =>
    withSecretService(async (call, session) => {
      const [item] = await keytarItems(call, { service: KEYCHAIN_SERVICE, account: id });
      return item ? ((await secretsOf(call, session, [item])).get(item.path) ?? null) : null;
    }),
  list: () =>
    withSecretService(async (call, session) => {
      const items = await keytarItems(call, { service: KEYCHAIN_SERVICE });
      const secrets = await secretsOf(call, session, items);
      return items.flatMap((i) => {
        const password = secrets.get(i.path);
        return password === undefined ? [] : [{ id: i.id, password }];
      });
    }),
  delete: (id) =>
    withSecretService(async (call) => {
      const items = await keytarItems(call, { service: KEYCHAIN_SERVICE, account: id });
      for (const item of items) {
        const [prompt] = (await call(item.path, ITEM_IFACE, 'Delete')) as [string];
        if (prompt !== NO_PROMPT) {
          // keyscope cannot show the Secret Service's prompt: dismiss it so nothing waits on it, and say so.
          await call(prompt, PROMPT_IFACE, 'Dismiss').catch(() => undefined);
          throw new Error(`the Secret Service asked to confirm deleting a keytar entry, which keyscope cannot show here; ${LOCKED_MESSAGE}`);
        }
      }
      return items.length > 0;
    }),
};

/** The adapter for keytar's entries on `platform`; undefined where the binding already reads them or none is known. */
export function legacyKeychain(platform: NodeJS.Platform = process.platform): LegacyKeychain | undefined {
  return platform === 'linux' || platform === 'freebsd' || platform === 'openbsd' || platform === 'netbsd' ? secretServiceLegacy : undefined;
}
