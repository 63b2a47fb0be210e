/**
 * Entries an older keyscope wrote through keytar, read where the keychain binding cannot see them. The one importer
 * of @homebridge/dbus-native is secret-service-bus.ts, which this adapter speaks through.
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
import { hasSecretService, searchItems, secretsOf, withSecretService, type Call } from './secret-service-bus.js';
import { KEYCHAIN_SERVICE, type LegacyKeychain } from './secret-store.js';

const ITEM_IFACE = 'org.freedesktop.Secret.Item';
const PROMPT_IFACE = 'org.freedesktop.Secret.Prompt';
const PROPERTIES_IFACE = 'org.freedesktop.DBus.Properties';
/** The Secret Service's "no prompt needed" object path. */
const NO_PROMPT = '/';
type Attributes = ReadonlyMap<string, string>;

/** keytar's unlocked items matching `attributes`; an error when a matching item is locked. */
async function keytarItems(call: Call, attributes: Record<string, string>): Promise<Array<{ readonly path: string; readonly id: string }>> {
  const unlocked = await searchItems(call, attributes);
  const items: Array<{ path: string; id: string }> = [];
  for (const path of unlocked) {
    const [variant] = (await call(path, PROPERTIES_IFACE, 'Get', 'ss', [ITEM_IFACE, 'Attributes'])) as [[unknown, [Array<[string, string]>]]];
    const attrs: Attributes = new Map(variant[1][0]);
    const id = attrs.get('account');
    if (id !== undefined && !attrs.has('username')) items.push({ path, id });
  }
  return items;
}

/** keytar's entries in the Secret Service. */
export const secretServiceLegacy: LegacyKeychain = {
  get: (id) =>
    withSecretService(async (call, session) => {
      const [item] = await keytarItems(call, { service: KEYCHAIN_SERVICE, account: id });
      return item ? ((await secretsOf(call, session, [item.path])).get(item.path) ?? null) : null;
    }),
  list: () =>
    withSecretService(async (call, session) => {
      const items = await keytarItems(call, { service: KEYCHAIN_SERVICE });
      const secrets = await secretsOf(call, session, items.map((i) => i.path));
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
          throw new Error('the Secret Service asked to confirm deleting a keytar entry, which keyscope cannot show here; the keyring is locked: unlock it');
        }
      }
      return items.length > 0;
    }),
};

/** The adapter for keytar's entries on `platform`; undefined where the binding already reads them or none is known. */
export function legacyKeychain(platform: NodeJS.Platform = process.platform): LegacyKeychain | undefined {
  return hasSecretService(platform) ? secretServiceLegacy : undefined;
}
