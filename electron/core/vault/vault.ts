/**
 * Saved credentials: metadata in the profile store, secrets in the keychain, kept consistent. Adding is all or
 * nothing; a keychain that is missing or locked saves nothing and says so; every keychain entry names the store it
 * belongs to, and the vault acts only on its own store's entries (doctor.ts).
 * About 215 lines, kept as one class on purpose: it is the vault's whole API, and its all-or-nothing steps
 * (saveOrForget, claim) are private to the methods that need them.
 */
import { randomUUID } from 'node:crypto';
import { CREDENTIAL_FIELD_NAMES, unsendableField } from '../../../shared/credential-rules.js';
import { inputFailure, type Failure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import type { Credentials } from '../aws/model.js';
import { maskKeyId } from '../keys/key-id.js';
import { dropRestored, runDoctor, type DoctorOptions, type DoctorReport } from './doctor.js';
import { entriesAsRead, type EntryLookup } from './entries-as-read.js';
import { badName, keyFields, quotedName, storedSecret, validateNewProfile, type NewKey, type NewProfile } from './new-profile.js';
import { historyOfReplacedKey, NAME_PATTERN, type CheckRecord, type ProfileMeta, type ProfileStore, type StoreDoc } from './profiles.js';
import type { SecretStore, StoredSecret } from './secret-store.js';

export { NAME_PATTERN, validateNewProfile, type NewKey, type NewProfile };

const notFound = (name: string) => inputFailure('name', `No profile is named ${quotedName(name)}.`, '`keyscope profiles list` shows the saved profiles.');
/** A keychain entry that names another store: a profile there uses it (this store's profiles.json was copied from it). */
const LEFT_ELSEWHERE = 'belongs to another keyscope store (another KEYSCOPE_HOME folder): it was left there, for the profile of that store that uses it.';
const changedMeanwhile = (name: string) =>
  inputFailure('name', `"${name}" was not removed: another keyscope changed it meanwhile (a new key, or a profile of this name made anew).`, `\`keyscope profiles list\` shows it as it is now; remove it again if you still mean to.`);
/** After set-key's delete of the old entry, the store could not be read or written to drop a profile restored from it. */
const restoredLeft = (f: Failure) =>
  `The new key is saved and the old key's keychain entry removed, but the store could not be checked for a profile that a \`keyscope profiles doctor --repair\` run meanwhile may have restored from that entry (${f.message}). If \`keyscope profiles list\` shows one, it has no secret: \`keyscope profiles doctor --repair\` drops it.`;
const keyChangedMeanwhile = (name: string) =>
  inputFailure('name', `"${name}" was not given the new key: another keyscope changed it meanwhile (gave it another key, or removed it and saved a profile of this name anew).`, '`keyscope profiles list` shows it as it is now; give it the key again if you still mean to.');
const keySavedAs = (key: string, name: string) => inputFailure('accessKeyId', `This key (${maskKeyId(key)}) is already saved as "${name}".`, `Use "${name}", or remove it first.`);

/** Saved credentials for the app and the CLI. */
export class Vault {
  constructor(
    readonly store: ProfileStore,
    readonly secrets: SecretStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): Result<readonly ProfileMeta[], Failure> {
    const doc = this.store.read();
    return doc.ok ? ok(doc.value.profiles) : doc;
  }

  find(name: string): Result<ProfileMeta, Failure> {
    const all = this.list();
    if (!all.ok) return all;
    const p = all.value.find((x) => x.name === name);
    return p ? ok(p) : err(notFound(name));
  }

  /** Whether the keychain holds the profile's secret. */
  async hasSecret(profile: ProfileMeta): Promise<Result<boolean, Failure>> {
    const s = await this.secrets.get(profile.id);
    return s.ok ? ok(s.value !== null) : s;
  }

  /** Saves a credential: keychain first, then metadata; if the metadata cannot be written the secret is removed. */
  async add(input: NewProfile): Promise<Result<ProfileMeta, Failure>> {
    const bad = validateNewProfile(input);
    if (bad) return err(bad);
    const conflict = (doc: StoreDoc): Failure | undefined => {
      if (doc.profiles.some((p) => p.name === input.name)) return inputFailure('name', `A profile named "${input.name}" already exists.`, 'Pick another name, or remove or rename the existing profile.');
      const same = doc.profiles.find((p) => p.accessKeyId === input.accessKeyId);
      return same ? keySavedAs(input.accessKeyId, same.name) : undefined;
    };
    const before = this.store.read();
    if (!before.ok) return before;
    const early = conflict(before.value);
    if (early) return err(early);
    const storeId = this.store.storeId();
    if (!storeId.ok) return storeId;

    const id = randomUUID();
    const saved = await this.secrets.set(id, storedSecret(input, input.name, storeId.value));
    if (!saved.ok) return saved;
    const at = this.now().toISOString();
    const profile: ProfileMeta = {
      id,
      name: input.name,
      ...keyFields(input.accessKeyId, input.region),
      ...(input.region ? { region: input.region } : {}),
      ...(input.notes ? { notes: input.notes } : {}),
      ...(input.expiration ? { expiration: input.expiration } : {}),
      source: input.source,
      createdAt: at,
      updatedAt: at,
      history: input.check ? [input.check] : [],
    };
    return this.saveOrForget(id, (doc) => {
      const late = conflict(doc); // another process may have saved meanwhile
      return late ? err(late) : ok({ doc: { ...doc, profiles: [...doc.profiles, profile] }, profile });
    });
  }

  /**
   * Gives a profile a new key (rotation, or a typo), keeping its name, notes and history. The new secret goes to a
   * new keychain entry first; the old entry is removed only once the store points at the new one.
   */
  async setKey(name: string, key: NewKey): Promise<Result<{ profile: ProfileMeta; warning?: string }, Failure>> {
    const found = this.find(name);
    if (!found.ok) return found;
    const old = found.value;
    const bad = validateNewProfile({ ...key, name, source: old.source });
    if (bad) return err(bad);
    const storeId = this.store.storeId();
    if (!storeId.ok) return storeId;
    const oldEntry = await this.entryOf(old.id, storeId.value);
    if (!oldEntry.ok) return oldEntry;
    const id = randomUUID();
    const saved = await this.secrets.set(id, storedSecret(key, name, storeId.value));
    if (!saved.ok) return saved;
    const changed = await this.saveOrForget(id, (doc) => {
      const current = doc.profiles.find((p) => p.id === old.id);
      if (!current) return err(doc.profiles.some((p) => p.name === name) ? keyChangedMeanwhile(name) : notFound(name));
      const same = doc.profiles.find((p) => p.accessKeyId === key.accessKeyId && p.id !== old.id);
      if (same) return err(keySavedAs(key.accessKeyId, same.name));
      // The owner's last use was the old key's: like the old key's checks, it says nothing of the new key.
      const { expiration: _expiration, ownerLastUse: _ownerLastUse, ...rest } = current;
      const at = this.now().toISOString();
      const history = historyOfReplacedKey(current);
      const profile: ProfileMeta = { ...rest, id, ...keyFields(key.accessKeyId, current.region), ...(key.expiration ? { expiration: key.expiration } : {}), keyChangedAt: at, updatedAt: at, history };
      return ok({ doc: { ...doc, profiles: doc.profiles.map((p) => (p.id === old.id ? profile : p)) }, profile });
    });
    if (!changed.ok) return changed;
    if (oldEntry.value.elsewhere) return ok({ profile: changed.value, warning: `The new key is saved; the old key's keychain entry ${LEFT_ELSEWHERE}` });
    const gone = await this.secrets.delete(old.id);
    // A `doctor --repair` by another keyscope, between the store write and this delete, restored the old entry as a
    // profile (no profile used it by then): that profile has no secret now, and goes (doctor.ts drops a later one).
    if (gone.ok) {
      const dropped = dropRestored(this.store, new Set([old.id]));
      return ok({ profile: changed.value, ...(dropped.ok ? {} : { warning: restoredLeft(dropped.error) }) });
    }
    return ok({ profile: changed.value, warning: `The new key is saved, but the old key's keychain entry could not be removed (${gone.error.message}). \`keyscope profiles doctor --forget-orphans\` lists it once the keychain is usable.` });
  }

  /**
   * Renames a profile in the store, then, best effort, in its keychain entry, whose name is what `doctor --repair`
   * restores it as after a lost store. The store decides: a keychain that refuses (locked) or does not answer leaves
   * the entry's old name, which only such a repair reads, and the rename stands.
   */
  async rename(oldName: string, newName: string): Promise<Result<ProfileMeta, Failure>> {
    if (!NAME_PATTERN.test(newName)) return err(badName(newName));
    const renamed = this.change(oldName, (p, doc) => {
      if (doc.profiles.some((x) => x.name === newName && x.id !== p.id)) return inputFailure('name', `A profile named "${newName}" already exists.`, 'Pick another name.');
      return { ...p, name: newName, updatedAt: this.now().toISOString() };
    });
    if (renamed.ok) await this.renameEntry(renamed.value);
    return renamed;
  }

  /** Sets a profile's notes (empty removes them); at most 1,000 characters. */
  setNotes(name: string, notes: string): Result<ProfileMeta, Failure> {
    if (notes.length > 1000) return err(inputFailure('notes', `The notes are ${notes.length} characters long.`, 'Keep notes to 1,000 characters.'));
    return this.change(name, (p) => {
      const { notes: _old, ...rest } = p;
      return { ...rest, ...(notes.trim() ? { notes } : {}), updatedAt: this.now().toISOString() };
    });
  }

  /**
   * Removes the secret from the keychain, then the metadata; a keychain that refuses (locked) changes nothing, and a
   * store that cannot be written has the secret put back. An entry that names another store (this profiles.json a
   * copy of that store's) is that store's: it is left, with a warning.
   */
  async remove(name: string): Promise<Result<{ profile: ProfileMeta; warning?: string }, Failure>> {
    const found = this.find(name);
    if (!found.ok) return found;
    const { id } = found.value;
    const notRemoved = (f: Failure): Result<never, Failure> => err({ ...f, message: `"${name}" was not removed: ${f.message}` });
    const storeId = this.store.storeId();
    if (!storeId.ok) return notRemoved(storeId.error);
    const entry = await this.entryOf(id, storeId.value);
    if (!entry.ok) return notRemoved(entry.error);
    const { held, elsewhere } = entry.value;
    if (!elsewhere) {
      const deleted = await this.secrets.delete(id);
      if (!deleted.ok) return notRemoved(deleted.error);
    }
    const written = this.store.update((doc): { doc: StoreDoc; value: Result<ProfileMeta, Failure> } => {
      // Another process gave it a new key (a new id) meanwhile, or gave its name to another profile: that one stays.
      if (!doc.profiles.some((p) => p.id === id) && doc.profiles.some((p) => p.name === name)) return { doc, value: err(changedMeanwhile(name)) };
      return { doc: { ...doc, profiles: doc.profiles.filter((p) => p.id !== id) }, value: ok(found.value) };
    });
    if (!written.ok) {
      // All or nothing, as for add: the secret goes back, so the profile is as it was.
      const back = held && !elsewhere ? await this.secrets.set(id, held) : ok(undefined);
      if (back.ok) return notRemoved(written.error);
      return err({ ...written.error, message: `The secret of "${name}" was removed from the keychain, but the profile could not be: ${written.error.message}`, hint: 'Run `keyscope profiles doctor --repair` once the store is writable: it drops profiles whose secret is gone.' });
    }
    if (!written.value.ok) return written.value;
    // A rename's rewrite of the entry's name (renameEntry) that fell between the delete and this write put it back:
    // deleted again, best effort, now that no profile uses it.
    if (!elsewhere) await this.secrets.delete(id);
    return ok({ profile: written.value.value, ...(elsewhere ? { warning: `The keychain entry of "${name}" ${LEFT_ELSEWHERE}` } : {}) });
  }

  /** The credential of a profile, from the keychain. Stays in the main process. */
  async credentials(profile: ProfileMeta): Promise<Result<Credentials, Failure>> {
    const s = await this.secrets.get(profile.id);
    if (!s.ok) return s;
    if (s.value && s.value.store === undefined) await this.claim(profile.id, s.value);
    return this.toCredentials(profile, s.value);
  }

  /**
   * The credentials of many profiles, for a recheck: the keychain is read once, in their order, from the first
   * lookup on, and each lookup waits only for its own batch (entries-as-read.ts); what that read does not settle is
   * read alone. A profile with no entry maps to a failure. Once `signal` (the recheck's) is aborted, the read asks
   * the keychain nothing more: a check already under way then reads its own entry alone.
   */
  credentialsFor(profiles: readonly ProfileMeta[], signal?: AbortSignal): (profile: ProfileMeta) => Promise<Result<Credentials, Failure>> {
    let lookup: EntryLookup | undefined;
    return async (profile) => {
      lookup ??= entriesAsRead(this.secrets, profiles.map((p) => p.id), signal);
      const found = await lookup(profile.id);
      if (!found.ok) return found;
      // An entry the bulk read matched by the id its secret names is used only if it holds this profile's key.
      return found.value?.accessKeyId === profile.accessKeyId ? this.toCredentials(profile, found.value) : this.credentials(profile);
    };
  }

  /** Remembers a check of a profile. */
  recordCheck(id: string, record: CheckRecord): Result<ProfileMeta | undefined, Failure> {
    const r = this.recordChecks([{ id, record }]);
    return r.ok ? ok(r.value.get(id)) : r;
  }

  /** Remembers several checks in one append to the journal; returns the updated profiles by id (removed ones left out). */
  recordChecks(checks: ReadonlyArray<{ readonly id: string; readonly record: CheckRecord }>): Result<Map<string, ProfileMeta>, Failure> {
    return this.store.appendChecks(checks);
  }

  /** Finds mismatches between the store and this store's keychain entries; see doctor.ts for what each option does. */
  doctor(options: DoctorOptions): Promise<Result<DoctorReport, Failure>> {
    return runDoctor(this.store, this.secrets, options, this.now);
  }

  /**
   * The keychain entry `id`, before this store deletes it, and whether it is another store's: one that names another
   * store (a profile of a copied profiles.json) is used by that store's profile, and is not this store's to delete.
   * A keychain that cannot be read fails here, before anything is changed; an entry kept in pieces that do not add up
   * (held: null) is removed or replaced as any other, but only by its own store.
   */
  private async entryOf(id: string, storeId: string): Promise<Result<{ held: StoredSecret | null; elsewhere: boolean }, Failure>> {
    const found = await this.secrets.lookup(id);
    if (!found.ok) return found;
    const held = found.value && 'secret' in found.value ? found.value.secret : null;
    const store = found.value && 'secret' in found.value ? found.value.secret.store : found.value?.store;
    return ok({ held, elsewhere: store !== undefined && store !== storeId });
  }

  /**
   * Gives `profile`'s keychain entry its new name, best effort: only this store's entry (or an older keyscope's, which
   * names no store and is tagged as ours, as claim does) holding the profile's key. The entry is read, then written:
   * a remove or set-key of the profile by another keyscope in between deleted it, and the write put it back, so if
   * the store no longer has the profile, it goes again (remove deletes once more after its store write, for a write
   * that comes later still). Another rename in between may leave the entry the older of the two names: only a repair
   * after a lost store reads it.
   */
  private async renameEntry(profile: ProfileMeta): Promise<void> {
    const storeId = this.store.storeId();
    if (!storeId.ok) return;
    const held = await this.secrets.get(profile.id);
    if (!held.ok || !held.value || held.value.name === profile.name || held.value.accessKeyId !== profile.accessKeyId) return;
    if (held.value.store !== undefined && held.value.store !== storeId.value) return; // another store's entry
    const written = await this.secrets.set(profile.id, { ...held.value, name: profile.name, store: storeId.value });
    if (!written.ok) return;
    const now = this.store.read();
    if (now.ok && !now.value.profiles.some((p) => p.id === profile.id)) await this.secrets.delete(profile.id);
  }

  /** An entry an older keyscope wrote names no store: once a profile of this store uses it, it is tagged as ours. */
  private async claim(id: string, secret: StoredSecret): Promise<void> {
    const storeId = this.store.storeId();
    if (storeId.ok) await this.secrets.set(id, { ...secret, store: storeId.value }); // best effort: the read already succeeded
  }

  /**
   * Writes the store; if that fails in any way, the keychain entry just saved is removed again (all or nothing). If
   * the keychain refuses that too, the failure says so and names doctor, which lists the entry left behind.
   */
  private async saveOrForget(id: string, change: (doc: StoreDoc) => Result<{ doc: StoreDoc; profile: ProfileMeta }, Failure>): Promise<Result<ProfileMeta, Failure>> {
    let written: Result<Result<ProfileMeta, Failure>, Failure>;
    try {
      written = this.store.update((doc): { doc: StoreDoc; value: Result<ProfileMeta, Failure> } => {
        const next = change(doc);
        return next.ok ? { doc: next.value.doc, value: ok(next.value.profile) } : { doc, value: next };
      });
    } catch (e) {
      await this.secrets.delete(id); // a bug mid-write: the entry must not outlive it
      throw e;
    }
    const result = written.ok ? written.value : written;
    if (result.ok) return result;
    const forgotten = await this.secrets.delete(id);
    if (forgotten.ok) return result;
    // The keychain refused too (locked meanwhile, or gone): the entry stays, and the person is told where it is.
    return err({
      ...result.error,
      message: `${result.error.message} The keychain entry just saved for it could not be removed again (${forgotten.error.message}).`,
      hint: `${result.error.hint} Once the keychain is usable, \`keyscope profiles doctor\` lists that entry, and \`keyscope profiles doctor --forget-orphans --yes\` deletes it.`,
    });
  }

  /** A keychain entry as the signer needs it, or a failure naming the profile whose secret is missing. */
  private toCredentials(profile: ProfileMeta, secret: StoredSecret | null): Result<Credentials, Failure> {
    if (!secret) {
      return err({ kind: 'keychain', category: 'service', message: `${this.secrets.label} holds no secret for "${profile.name}".`, hint: 'Run `keyscope profiles doctor` to see what is missing, then add the key again with `keyscope profiles set-key`.' });
    }
    const credentials = { accessKeyId: secret.accessKeyId, secretAccessKey: secret.secretAccessKey, ...(secret.sessionToken ? { sessionToken: secret.sessionToken } : {}) };
    // Saved before the rules refused it, such a character made Node refuse the header: an "internal error" per check.
    const unsendable = unsendableField(credentials);
    if (unsendable) {
      return err(
        inputFailure(
          unsendable.field,
          `The saved ${CREDENTIAL_FIELD_NAMES[unsendable.field]} of "${profile.name}" holds an invisible or non-ASCII character (${unsendable.codePoint}), which no request can carry: nothing was sent.`,
          `Replace the key: \`keyscope profiles set-key ${profile.name}\`, or Replace key\u2026 in the app.`,
        ),
      );
    }
    return ok(credentials);
  }

  private change(name: string, fn: (p: ProfileMeta, doc: StoreDoc) => ProfileMeta | Failure): Result<ProfileMeta, Failure> {
    const r = this.store.update((doc): { doc: StoreDoc; value: Result<ProfileMeta, Failure> } => {
      const p = doc.profiles.find((x) => x.name === name);
      if (!p) return { doc, value: err(notFound(name)) };
      const next = fn(p, doc);
      if ('kind' in next) return { doc, value: err(next) };
      return { doc: { ...doc, profiles: doc.profiles.map((x) => (x.id === p.id ? next : x)) }, value: ok(next) };
    });
    return r.ok ? r.value : r;
  }
}
