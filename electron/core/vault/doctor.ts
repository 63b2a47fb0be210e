/**
 * `profiles doctor`: compares the store with the keychain entries that belong to it (each entry names its store).
 * Entries of other stores, entries an older keyscope wrote that no profile here uses, and entries keyscope cannot
 * read are counted or listed, never touched; this store's entries kept in pieces that do not add up, that no profile
 * uses, are listed, and forgotten like orphans. With repair it keeps an unreadable store aside, rebuilds profiles from
 * this store's entries that have none, and drops profiles whose secret is confirmed absent — never on a locked or
 * unreadable keychain, which fails before anything is done. Repair never deletes a keychain entry: forgetting
 * entries is `forgetOrphans`, which lists them and acts only with `yes`.
 */
import type { Failure } from '../../../shared/failure.js';
import { ok, type Result } from '../../../shared/result.js';
import { maskKeyId } from '../keys/key-id.js';
import { profileFromSecret } from './new-profile.js';
import { NAME_PATTERN, type ProfileMeta, type ProfileStore } from './profiles.js';
import { writtenLately } from './secret-pieces.js';
import { causeOnly } from './store-problem.js';
import type { KeychainEntry, SecretStore, StoredSecret } from './secret-store.js';

export interface DoctorOptions {
  readonly repair?: boolean;
  /** Delete this store's entries that no profile uses (with `yes`; without it they are only listed). */
  readonly forgetOrphans?: boolean;
  readonly yes?: boolean;
}

export interface OrphanEntry {
  readonly id: string;
  readonly name: string;
  readonly accessKeyId: string;
  /** Repair made a profile of it, under this name. */
  readonly restoredAs?: string;
  /**
   * Repair made a profile of it (restoredAs), its entry was then deleted (another keyscope's set-key or remove), and
   * that profile could not be dropped again: why (the store's failure). The profile has no secret until a later
   * repair drops it.
   */
  readonly dropFailed?: string;
  /** Repair did not restore it: this profile already holds the same key id. */
  readonly sameKeyAs?: string;
  readonly forgotten?: boolean;
  /**
   * Written less than PIECE_GRACE_MS ago: a save (add, set-key, import) writes the entry before the store names it, so
   * it may be one under way; forgetOrphans leaves it.
   */
  readonly savedLately?: boolean;
}

export interface DoctorReport {
  readonly storeId: string;
  /** The store could not be read; with repair it was kept aside at `keptAsideAt`. */
  readonly corruptStore?: { readonly reason: string; readonly keptAsideAt?: string };
  /** This store's keychain entries that no profile uses. */
  readonly orphanEntries: readonly OrphanEntry[];
  /** Profiles with no keychain entry at all: repair drops them (re-add the key, or `set-key`, to use them again). */
  readonly profilesWithoutSecret: ReadonlyArray<{ readonly name: string; readonly accessKeyId: string; readonly removed?: boolean }>;
  /** Entries an older keyscope wrote (they name no store) that no profile here uses: maybe another store's; left alone. */
  readonly unclaimedEntries: ReadonlyArray<{ readonly id: string; readonly name: string; readonly accessKeyId: string }>;
  /** How many entries belong to other keyscope stores (other KEYSCOPE_HOME folders); never touched. */
  readonly otherStoresEntries: number;
  /** Entries under the keyscope service that keyscope cannot read; left alone. */
  readonly unreadableEntries: number;
  /**
   * Pieces of this store's long entries (secret-pieces.ts) that no entry names, left by a save that stopped midway:
   * never an entry's only copy. forgetOrphans deletes them with `yes`. Only pieces written PIECE_GRACE_MS ago or more
   * (or that do not say when) count here.
   */
  readonly leftoverPieces: number;
  /**
   * Pieces no entry names yet, written less than PIECE_GRACE_MS ago: a save may be under way (its head comes after
   * them). Never deleted; a doctor run later counts those still unused as left over.
   */
  readonly recentPieces: number;
  /**
   * This store's entries kept in pieces that do not add up, that no profile uses: repair cannot restore them (nothing
   * can be read of them); forgetOrphans deletes them with `yes` (forgotten).
   */
  readonly brokenEntries: ReadonlyArray<{ readonly id: string; readonly forgotten?: boolean }>;
  /** forgetOrphans with `yes` deleted those pieces. */
  readonly leftoverPiecesForgotten?: boolean;
  /**
   * Repair could not look at the keychain again after restoring profiles (why: locked meanwhile): one whose entry
   * another keyscope's set-key or remove deleted meanwhile may have no secret; a later repair drops it.
   */
  readonly restoreUnchecked?: string;
  /** Stores kept aside by earlier repairs. */
  readonly keptAside: readonly string[];
  readonly repaired: boolean;
  /** forgetOrphans was asked without yes: the orphans above are listed, nothing was deleted. */
  readonly forgetNeedsYes: boolean;
}

type Readable = KeychainEntry & { readonly secret: StoredSecret };
const view = (e: Readable) => ({ id: e.id, name: e.secret.name, accessKeyId: maskKeyId(e.secret.accessKeyId) });

/** Checks (and with options, repairs) the store against this store's keychain entries. */
export async function runDoctor(store: ProfileStore, secrets: SecretStore, options: DoctorOptions, now: () => Date): Promise<Result<DoctorReport, Failure>> {
  const listed = await secrets.list(); // a locked or missing keychain stops here: nothing is judged absent
  if (!listed.ok) return listed;
  const storeId = store.storeId();
  if (!storeId.ok) return storeId;
  // Left-over pieces are no entries: this store's are counted (and forgotten when asked), other stores' left alone; a
  // piece written within the grace may be a save's under way, whose head is still to come, and is never forgotten.
  const entries = listed.value.filter((e) => !e.leftover);
  const at = now().getTime();
  const ourPieces = listed.value.filter((e) => e.leftover?.store === storeId.value);
  const leftovers = ourPieces.filter((e) => !writtenLately(e.leftover?.written, at));
  let corruptStore: DoctorReport['corruptStore'];
  let profiles: readonly ProfileMeta[] = [];
  const read = store.read();
  if (read.ok) profiles = read.value.profiles;
  else {
    if (read.error.problem !== 'corrupt') return read;
    corruptStore = { reason: read.error.reason ?? read.error.message };
    if (options.repair) {
      const aside = store.keepAside();
      if (!aside.ok) return aside;
      corruptStore = { ...corruptStore, ...(aside.value ? { keptAsideAt: aside.value } : {}) };
    }
  }
  const ids = new Set(profiles.map((p) => p.id));
  const broken = entries.filter((e) => e.broken && e.broken.store === storeId.value && !ids.has(e.id));
  const readable = entries.filter((e): e is Readable => e.secret !== null);
  const ours = readable.filter((e) => e.secret.store === storeId.value);
  const legacy = readable.filter((e) => e.secret.store === undefined);
  const orphans = ours.filter((e) => !ids.has(e.id));
  // An entry saved lately may be an `add` or `set-key` under way, between its keychain write and its store write.
  const lately = (e: Readable) => writtenLately(e.written, at);
  const orphanView = (e: Readable): OrphanEntry => ({ ...view(e), ...(lately(e) ? { savedLately: true } : {}) });
  const present = new Set(entries.map((e) => e.id));
  const missing = profiles.filter((p) => !present.has(p.id));
  const base = {
    storeId: storeId.value,
    ...(corruptStore ? { corruptStore } : {}),
    unclaimedEntries: legacy.filter((e) => !ids.has(e.id)).map(view),
    otherStoresEntries: readable.filter((e) => e.secret.store !== undefined && e.secret.store !== storeId.value).length,
    unreadableEntries: entries.length - readable.length - broken.length,
    leftoverPieces: leftovers.length,
    recentPieces: ourPieces.length - leftovers.length,
    brokenEntries: broken.map((e) => ({ id: e.id })),
    repaired: Boolean(options.repair),
    forgetNeedsYes: Boolean(options.forgetOrphans && !options.yes),
  };

  if (options.forgetOrphans) {
    const forgotten: OrphanEntry[] = [];
    for (const o of orphans) {
      // One saved lately may be a save's under way, whose store write is still to come: not deleted now.
      if (!options.yes || lately(o)) forgotten.push(orphanView(o));
      else {
        const gone = await secrets.delete(o.id);
        if (!gone.ok) return gone;
        forgotten.push({ ...view(o), forgotten: true });
      }
    }
    const brokenEntries: Array<{ id: string; forgotten?: boolean }> = [];
    if (options.yes) {
      for (const piece of leftovers) {
        const gone = await secrets.delete(piece.id);
        if (!gone.ok) return gone;
      }
      for (const e of broken) {
        // Read again first: a save may have replaced it since the list (then it is no longer broken, and stays).
        const still = await secrets.lookup(e.id);
        if (!still.ok) return still;
        if (!still.value || !('broken' in still.value) || still.value.store !== storeId.value) {
          brokenEntries.push({ id: e.id });
          continue;
        }
        const gone = await secrets.delete(e.id);
        if (!gone.ok) return gone;
        brokenEntries.push({ id: e.id, forgotten: true });
      }
    }
    return ok({ ...base, ...(options.yes ? { brokenEntries } : {}), ...(options.yes && leftovers.length > 0 ? { leftoverPiecesForgotten: true } : {}), orphanEntries: forgotten, profilesWithoutSecret: missing.map((p) => ({ name: p.name, accessKeyId: maskKeyId(p.accessKeyId) })), keptAside: store.keptAside() });
  }
  if (!options.repair) {
    return ok({ ...base, orphanEntries: orphans.map(orphanView), profilesWithoutSecret: missing.map((p) => ({ name: p.name, accessKeyId: maskKeyId(p.accessKeyId) })), keptAside: store.keptAside() });
  }

  // Confirm each absence with a direct read before dropping a profile: a list can miss what a read finds.
  const absent: ProfileMeta[] = [];
  for (const p of missing) {
    const s = await secrets.get(p.id);
    if (!s.ok) return s;
    if (s.value === null) absent.push(p);
  }
  const absentIds = new Set(absent.map((p) => p.id));
  const restored: OrphanEntry[] = [];
  const done = store.update((doc) => {
      let list = doc.profiles.filter((p) => !absentIds.has(p.id));
      for (const o of orphans) {
        // An entry saved lately may be an `add` or `set-key` under way, between its keychain write and its store
        // write: restored here, that save would then fail as a duplicate and, undoing itself, delete the entry.
        if (lately(o)) {
          restored.push(orphanView(o));
          continue;
        }
        const same = list.find((p) => p.accessKeyId === o.secret.accessKeyId);
        if (same) {
          restored.push({ ...view(o), sameKeyAs: same.name });
          continue;
        }
        let name = NAME_PATTERN.test(o.secret.name) ? o.secret.name : 'restored';
        while (list.some((p) => p.name === name)) name = `${name}-restored`.slice(-64);
        list = [...list, profileFromSecret(o.id, o.secret, name, now().toISOString())];
        restored.push({ ...view(o), restoredAs: name });
      }
      return { doc: { ...doc, profiles: list }, value: undefined };
    });
  if (!done.ok) return done;
  // A set-key (or remove) by another keyscope may have deleted a restored entry since the list: its profile would have
  // no secret. set-key drops such a profile after its delete (dropRestored), this drops one restored after that.
  // The restore is written by now: a failure after it is reported with it, never as a failure that changed nothing.
  const { gone, unchecked } = await restoredGone(secrets, restored);
  const dropped = gone.size > 0 ? dropRestored(store, gone) : ok(undefined);
  // Entries an older keyscope wrote for profiles of this store are tagged as this store's.
  for (const e of legacy.filter((x) => ids.has(x.id))) await secrets.set(e.id, { ...e.secret, store: storeId.value });
  return ok({
    ...base,
    ...(unchecked === undefined ? {} : { restoreUnchecked: unchecked }),
    orphanEntries: dropped.ok ? restored.filter((o) => !gone.has(o.id)) : restored.map((o) => (gone.has(o.id) ? { ...o, dropFailed: causeOnly(dropped.error.message) } : o)),
    profilesWithoutSecret: missing.map((p) => ({ name: p.name, accessKeyId: maskKeyId(p.accessKeyId), removed: absentIds.has(p.id) })),
    keptAside: store.keptAside(),
  });
}

/**
 * The ids of the entries restored as profiles that the keychain no longer holds (listed once, after the restore). A
 * keychain that cannot be listed now (locked meanwhile) answers none, and why (`unchecked`): the restore is written,
 * and a later repair drops a profile whose entry is gone.
 */
async function restoredGone(secrets: SecretStore, restored: readonly OrphanEntry[]): Promise<{ readonly gone: ReadonlySet<string>; readonly unchecked?: string }> {
  if (!restored.some((o) => o.restoredAs !== undefined)) return { gone: new Set() };
  const now = await secrets.list();
  if (!now.ok) return { gone: new Set(), unchecked: now.error.message };
  const held = new Set(now.value.filter((e) => !e.leftover).map((e) => e.id));
  return { gone: new Set(restored.filter((o) => o.restoredAs !== undefined && !held.has(o.id)).map((o) => o.id)) };
}

/**
 * Drops from the store the profiles of `ids`: ones a repair restored from keychain entries that were deleted meanwhile
 * (set-key deletes the entry it replaced once the store names the new one), which would be profiles with no secret.
 * No write when the store holds none of them.
 */
export function dropRestored(store: ProfileStore, ids: ReadonlySet<string>): Result<void, Failure> {
  const now = store.read();
  if (now.ok && !now.value.profiles.some((p) => ids.has(p.id))) return ok(undefined);
  return store.update((doc) => ({ doc: { ...doc, profiles: doc.profiles.filter((p) => !ids.has(p.id)) }, value: undefined }));
}
