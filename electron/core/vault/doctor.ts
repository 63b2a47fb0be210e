/**
 * `profiles doctor`: finds keychain entries without a profile, profiles without their secret and an unreadable
 * store; with repair, keeps the store aside, restores profiles from keychain entries (which hold the key id and
 * name for this) and removes profiles whose secret is gone.
 */
import type { Failure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { analyzeKeyId, maskKeyId } from '../keys/key-id.js';
import { NAME_PATTERN, StoreError, type ProfileMeta, type ProfileStore } from './profiles.js';
import type { SecretStore, StoredSecret } from './secret-store.js';
import { guarded, storageFailure } from './store-failure.js';

export interface DoctorReport {
  /** The store could not be read; with repair it was kept aside at `keptAsideAt`. */
  readonly corruptStore?: { readonly reason: string; readonly keptAsideAt?: string };
  /** Keychain entries with no profile: repair restores them as profiles. */
  readonly secretsWithoutProfile: ReadonlyArray<{ readonly id: string; readonly name: string; readonly accessKeyId: string; readonly restoredAs?: string; readonly removed?: boolean }>;
  /** Profiles whose secret is gone: repair removes them (re-add the key to use it again). */
  readonly profilesWithoutSecret: ReadonlyArray<{ readonly name: string; readonly accessKeyId: string; readonly removed?: boolean }>;
  /** Entries under the keyscope service that keyscope cannot read; left alone. */
  readonly unreadableEntries: readonly string[];
  /** Stores kept aside by earlier repairs. */
  readonly keptAside: readonly string[];
  readonly repaired: boolean;
}

/** Checks (and with `repair`, fixes) the store against the keychain. */
export async function runDoctor(store: ProfileStore, secrets: SecretStore, repair: boolean, now: () => Date): Promise<Result<DoctorReport, Failure>> {
  const entries = await secrets.list();
  if (!entries.ok) return entries;
  let corruptStore: DoctorReport['corruptStore'];
  let profiles: readonly ProfileMeta[] = [];
  try {
    profiles = store.read().profiles;
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    if (e.problem.kind !== 'corrupt') return err(storageFailure(e));
    corruptStore = { reason: e.problem.reason };
    if (repair) {
      const aside = guarded(() => store.keepAside());
      if (!aside.ok) return aside;
      corruptStore = { ...corruptStore, ...(aside.value ? { keptAsideAt: aside.value } : {}) };
    }
  }
  const ids = new Set(profiles.map((p) => p.id));
  const inKeychain = new Set(entries.value.map((e) => e.id));
  const unreadableEntries = entries.value.filter((e) => e.secret === null).map((e) => e.id);
  const orphans = entries.value.filter((e): e is { id: string; secret: StoredSecret } => e.secret !== null && !ids.has(e.id));
  const missing = profiles.filter((p) => !inKeychain.has(p.id));

  const secretsWithoutProfile: Array<DoctorReport['secretsWithoutProfile'][number]> = [];
  const profilesWithoutSecret: Array<DoctorReport['profilesWithoutSecret'][number]> = [];
  if (!repair) {
    orphans.forEach((o) => secretsWithoutProfile.push({ id: o.id, name: o.secret.name, accessKeyId: maskKeyId(o.secret.accessKeyId) }));
    missing.forEach((p) => profilesWithoutSecret.push({ name: p.name, accessKeyId: maskKeyId(p.accessKeyId) }));
  } else {
    const done = guarded(() =>
      store.update((doc) => {
        let list = doc.profiles.filter((p) => inKeychain.has(p.id));
        missing.forEach((p) => profilesWithoutSecret.push({ name: p.name, accessKeyId: maskKeyId(p.accessKeyId), removed: true }));
        const removeIds: string[] = [];
        for (const o of orphans) {
          if (list.some((p) => p.accessKeyId === o.secret.accessKeyId)) {
            removeIds.push(o.id); // the same key is saved under another profile: this entry is a leftover
            secretsWithoutProfile.push({ id: o.id, name: o.secret.name, accessKeyId: maskKeyId(o.secret.accessKeyId), removed: true });
            continue;
          }
          let name = NAME_PATTERN.test(o.secret.name) ? o.secret.name : 'restored';
          while (list.some((p) => p.name === name)) name = `${name}-restored`.slice(-64);
          const key = analyzeKeyId(o.secret.accessKeyId);
          const at = now().toISOString();
          list = [
            ...list,
            {
              id: o.id,
              name,
              accessKeyId: o.secret.accessKeyId,
              keyType: key.type,
              derivedAccount: key.derivedAccount,
              partition: 'aws',
              ...(o.secret.expiration ? { expiration: o.secret.expiration } : {}),
              source: 'manual',
              createdAt: at,
              updatedAt: at,
              history: [],
            },
          ];
          secretsWithoutProfile.push({ id: o.id, name: o.secret.name, accessKeyId: maskKeyId(o.secret.accessKeyId), restoredAs: name });
        }
        return { doc: { ...doc, profiles: list }, value: removeIds };
      }),
    );
    if (!done.ok) return done;
    for (const id of done.value) await secrets.delete(id);
  }
  return ok({
    ...(corruptStore ? { corruptStore } : {}),
    secretsWithoutProfile,
    profilesWithoutSecret,
    unreadableEntries,
    keptAside: store.keptAside(),
    repaired: repair,
  });
}
