/**
 * Saved credentials: metadata in the profile store, secrets in the keychain, kept consistent. Adding is all or
 * nothing; a keychain that is missing or locked saves nothing and says so; doctor finds and repairs mismatches.
 */
import { randomUUID } from 'node:crypto';
import { inputFailure, type Failure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { partitionOf } from '../aws/endpoints.js';
import type { Credentials } from '../aws/sign.js';
import { ACCESS_KEY_ID_PATTERN, analyzeKeyId, maskKeyId } from '../keys/key-id.js';
import { NAME_PATTERN, withCheck, type CheckRecord, type ProfileMeta, type ProfileStore, type StoreDoc } from './profiles.js';
import { runDoctor, type DoctorReport } from './doctor.js';
import { guarded } from './store-failure.js';
import type { SecretStore, StoredSecret } from './secret-store.js';

/** What a person gives to save a credential. */
export interface NewProfile {
  readonly name: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: string;
  readonly region?: string;
  readonly notes?: string;
  readonly source: ProfileMeta['source'];
}

export { NAME_PATTERN };


const notFound = (name: string) => inputFailure('name', `No profile is named "${name}".`, '`keyscope profiles list` shows the saved profiles.');

/** Checks what a person typed before anything is saved. */
export function validateNewProfile(p: NewProfile): Failure | undefined {
  if (!NAME_PATTERN.test(p.name)) {
    return inputFailure('name', `"${p.name}" cannot be a profile name.`, 'Use 1 to 64 letters, digits and _.@+=,- , starting with a letter, digit or _.');
  }
  if (!ACCESS_KEY_ID_PATTERN.test(p.accessKeyId)) {
    return inputFailure('accessKeyId', 'The access key id is not well formed.', 'An access key id is 16 to 128 upper-case letters and digits, such as AKIA… or ASIA….');
  }
  if (p.secretAccessKey === '' || /\s/.test(p.secretAccessKey)) {
    return inputFailure('secretAccessKey', p.secretAccessKey === '' ? 'The secret access key is empty.' : 'The secret access key holds a space or a line break.', 'Paste the secret again: 40 characters, no spaces.');
  }
  if (p.accessKeyId.startsWith('ASIA') && !p.sessionToken) {
    return inputFailure('sessionToken', 'This is a temporary key (ASIA…) but no session token was given.', 'Temporary keys only work with their session token: give it too.');
  }
  if (p.sessionToken !== undefined && /\s/.test(p.sessionToken)) {
    return inputFailure('sessionToken', 'The session token holds a space or a line break.', 'Paste the session token again, in one piece.');
  }
  return undefined;
}

/** Saved credentials for the app and the CLI. */
export class Vault {
  constructor(
    readonly store: ProfileStore,
    readonly secrets: SecretStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): Result<readonly ProfileMeta[], Failure> {
    return guarded(() => this.store.read().profiles);
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
      if (same) return inputFailure('accessKeyId', `This key (${maskKeyId(input.accessKeyId)}) is already saved as "${same.name}".`, `Use "${same.name}", or remove it first.`);
      return undefined;
    };
    const before = guarded(() => this.store.read());
    if (!before.ok) return before;
    const early = conflict(before.value);
    if (early) return err(early);

    const id = randomUUID();
    const secret: StoredSecret = {
      accessKeyId: input.accessKeyId,
      secretAccessKey: input.secretAccessKey,
      name: input.name,
      ...(input.sessionToken ? { sessionToken: input.sessionToken } : {}),
      ...(input.expiration ? { expiration: input.expiration } : {}),
    };
    const saved = await this.secrets.set(id, secret);
    if (!saved.ok) return saved;

    const key = analyzeKeyId(input.accessKeyId);
    const at = this.now().toISOString();
    const profile: ProfileMeta = {
      id,
      name: input.name,
      accessKeyId: input.accessKeyId,
      keyType: key.type,
      derivedAccount: key.derivedAccount,
      partition: partitionOf(input.region ?? 'us-east-1'),
      ...(input.region ? { region: input.region } : {}),
      ...(input.notes ? { notes: input.notes } : {}),
      ...(input.expiration ? { expiration: input.expiration } : {}),
      source: input.source,
      createdAt: at,
      updatedAt: at,
      history: [],
    };
    let written: Result<Failure | undefined, Failure>;
    try {
      written = guarded(() =>
        this.store.update((doc) => {
          const late = conflict(doc); // another process may have saved meanwhile
          return late ? { doc, value: late } : { doc: { ...doc, profiles: [...doc.profiles, profile] }, value: undefined };
        }),
      );
    } catch (e) {
      await this.secrets.delete(id);
      throw e;
    }
    if (!written.ok || written.value) {
      await this.secrets.delete(id); // all or nothing
      return err(written.ok ? (written.value as Failure) : written.error);
    }
    return ok(profile);
  }

  rename(oldName: string, newName: string): Result<ProfileMeta, Failure> {
    if (!NAME_PATTERN.test(newName)) return err(inputFailure('name', `"${newName}" cannot be a profile name.`, 'Use 1 to 64 letters, digits and _.@+=,- , starting with a letter, digit or _.'));
    return this.change(oldName, (p, doc) => {
      if (doc.profiles.some((x) => x.name === newName && x.id !== p.id)) return inputFailure('name', `A profile named "${newName}" already exists.`, 'Pick another name.');
      return { ...p, name: newName, updatedAt: this.now().toISOString() };
    });
  }

  /** Removes the secret from the keychain, then the metadata. */
  async remove(name: string): Promise<Result<ProfileMeta, Failure>> {
    const found = this.find(name);
    if (!found.ok) return found;
    const deleted = await this.secrets.delete(found.value.id);
    if (!deleted.ok) return deleted;
    const removed = guarded(() => this.store.update((doc) => ({ doc: { ...doc, profiles: doc.profiles.filter((p) => p.id !== found.value.id) }, value: found.value })));
    if (!removed.ok) {
      return err({ ...removed.error, message: `The secret of "${name}" was removed from the keychain, but the profile could not be: ${removed.error.message}`, hint: 'Run `keyscope profiles doctor --repair` once the store is writable.' });
    }
    return removed;
  }

  /** The credential of a profile, from the keychain. Stays in the main process. */
  async credentials(profile: ProfileMeta): Promise<Result<Credentials, Failure>> {
    const s = await this.secrets.get(profile.id);
    if (!s.ok) return s;
    return this.toCredentials(profile, s.value);
  }

  /** The credentials of many profiles with one keychain read; a profile with no entry maps to a failure. */
  async credentialsFor(profiles: readonly ProfileMeta[]): Promise<Result<Map<string, Result<Credentials, Failure>>, Failure>> {
    const all = await this.secrets.list();
    if (!all.ok) return all;
    const byId = new Map(all.value.map((e) => [e.id, e.secret]));
    const out = new Map<string, Result<Credentials, Failure>>();
    for (const p of profiles) {
      const s = byId.get(p.id);
      out.set(p.id, this.toCredentials(p, s ?? null));
    }
    return ok(out);
  }

  /** Remembers a check of a profile. */
  recordCheck(id: string, record: CheckRecord): Result<ProfileMeta | undefined, Failure> {
    const r = this.recordChecks([{ id, record }]);
    return r.ok ? ok(r.value.get(id)) : r;
  }

  /** Remembers several checks in one write; returns the updated profiles by id (removed ones are left out). */
  recordChecks(checks: ReadonlyArray<{ readonly id: string; readonly record: CheckRecord }>): Result<Map<string, ProfileMeta>, Failure> {
    return guarded(() =>
      this.store.update((doc) => {
        const updated = new Map<string, ProfileMeta>();
        let profiles = doc.profiles;
        for (const { id, record } of checks) {
          const p = updated.get(id) ?? profiles.find((x) => x.id === id);
          if (!p) continue; // removed meanwhile
          updated.set(id, withCheck(p, record));
        }
        profiles = profiles.map((x) => updated.get(x.id) ?? x);
        return { doc: { ...doc, profiles }, value: updated };
      }),
    );
  }

  /** Finds mismatches between the store and the keychain; with `repair`, fixes them (see doctor.ts). */
  doctor(repair: boolean): Promise<Result<DoctorReport, Failure>> {
    return runDoctor(this.store, this.secrets, repair, this.now);
  }

  /** A keychain entry as the signer needs it, or a failure naming the profile whose secret is missing. */
  private toCredentials(profile: ProfileMeta, secret: StoredSecret | null): Result<Credentials, Failure> {
    if (!secret) {
      return err({ kind: 'keychain', category: 'service', message: `${this.secrets.label} holds no secret for "${profile.name}".`, hint: 'Run `keyscope profiles doctor` to see what is missing, then add the key again.' });
    }
    return ok({ accessKeyId: secret.accessKeyId, secretAccessKey: secret.secretAccessKey, ...(secret.sessionToken ? { sessionToken: secret.sessionToken } : {}) });
  }

  private change(name: string, fn: (p: ProfileMeta, doc: StoreDoc) => ProfileMeta | Failure): Result<ProfileMeta, Failure> {
    const r = guarded(() =>
      this.store.update((doc) => {
        const p = doc.profiles.find((x) => x.name === name);
        if (!p) return { doc, value: err(notFound(name)) as Result<ProfileMeta, Failure> };
        const next = fn(p, doc);
        if ('kind' in next) return { doc, value: err(next) as Result<ProfileMeta, Failure> };
        return { doc: { ...doc, profiles: doc.profiles.map((x) => (x.id === p.id ? next : x)) }, value: ok(next) as Result<ProfileMeta, Failure> };
      }),
    );
    return r.ok ? r.value : r;
  }
}
