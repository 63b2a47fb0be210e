/** Where secrets live: the OS keychain, behind this interface, so nothing else knows which one. */
import type { KeychainFailure } from '../../../shared/failure.js';
import type { Result } from '../../../shared/result.js';

/** What the keychain holds for one profile. The key id and name are kept too, so a lost store can be rebuilt. */
export interface StoredSecret {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: string;
  /** The profile's name when it was saved (for repairs). */
  readonly name: string;
  /** The id of the store the entry belongs to (store-id beside profiles.json); absent in entries keytar wrote. */
  readonly store?: string;
}

/**
 * One entry under the keyscope service: the profile id, and what it holds (null when it is not one of ours, or is kept
 * in pieces that do not add up). A piece of an entry kept in pieces (secret-pieces.ts) that no entry names, left by a
 * save that stopped, is listed as `leftover`, under its own account name: no entry of its own.
 */
export interface KeychainEntry {
  readonly id: string;
  readonly secret: StoredSecret | null;
  /**
   * A left-over piece: the profile id it was written for, the store that entry named, and when it was written (ms;
   * undefined in pieces written before they said so).
   */
  readonly leftover?: { readonly of: string; readonly store?: string; readonly written?: number };
  /** An entry kept in pieces that do not add up (secret null): the store its head names. */
  readonly broken?: { readonly store?: string };
  /** When its value was written (ms since 1970); undefined in entries written before they said so. */
  readonly written?: number;
}

/**
 * What the keychain holds for a profile id: its secret, or an entry kept in pieces that do not add up, which cannot be
 * used (`broken` says so in words) but still names its store.
 */
export type EntryFound = { readonly secret: StoredSecret } | { readonly broken: KeychainFailure; readonly store?: string };

/**
 * Entries an older keyscope wrote through keytar, which the new binding cannot see on Linux (keytar named the
 * profile id `account`, the binding names it `username`). Errors are raw: KeychainStore explains them.
 */
export interface LegacyKeychain {
  get(id: string): Promise<Result<string | null, unknown>>;
  list(): Promise<Result<Array<{ readonly id: string; readonly password: string }>, unknown>>;
  /** true when there was an entry to delete. */
  delete(id: string): Promise<Result<boolean, unknown>>;
}

/**
 * Reads many of the binding's entries where reading them one by one through it is slow (Linux: one D-Bus round trip
 * or more per item). Hands over, batch by batch and in the order of `ids`, the entries it found; an id it does not
 * hand over is to be read alone. Once `signal` is aborted it asks the keychain nothing more and ends as read (the
 * ids not handed over are left to `get`). Errors are raw: KeychainStore explains them.
 */
export type BulkReader = (
  ids: readonly string[],
  onBatch: (found: ReadonlyArray<{ readonly id: string; readonly password: string }>) => void,
  signal?: AbortSignal,
) => Promise<Result<void, unknown>>;

/** A keychain: one entry per profile id, under the service `keyscope`. */
export interface SecretStore {
  /** The keychain's name, for messages ("the Secret Service (GNOME Keyring, KWallet)"). */
  readonly label: string;
  /** The secret of `id`; an entry kept in pieces that do not add up is a failure (never a wrong secret). */
  get(id: string): Promise<Result<StoredSecret | null, KeychainFailure>>;
  /** What `id` holds, an entry in pieces that do not add up included (to remove or replace it). */
  lookup(id: string): Promise<Result<EntryFound | null, KeychainFailure>>;
  set(id: string, secret: StoredSecret): Promise<Result<void, KeychainFailure>>;
  /** true when there was an entry to delete. */
  delete(id: string): Promise<Result<boolean, KeychainFailure>>;
  /** Every entry: profile id and what it holds (an entry kept in pieces, whole), and the pieces left over. */
  list(): Promise<Result<KeychainEntry[], KeychainFailure>>;
  /**
   * The entries of `ids`, handed to `onBatch` as they are read (in that order where the keychain allows), so work on
   * the first can start before the last is read. An id not handed over is to be read alone with `get` (no entry, or
   * one this read could not decide on). A failure ends the read. An aborted `signal` ends it too, at the next call
   * to the keychain (a cancelled recheck frees the keychain for other calls rather than read entries nobody uses).
   */
  readMany(ids: readonly string[], onBatch: (found: readonly KeychainEntry[]) => void, signal?: AbortSignal): Promise<Result<void, KeychainFailure>>;
}

export const KEYCHAIN_SERVICE = 'keyscope';

/**
 * Encodes the entry of profile `id` for the keychain (version 2: it names its store). It carries the profile id too, so
 * a bulk read can tell whose an entry is from its secret alone (secret-service-read.ts), and when it was written
 * (`at`, ms), so that `profiles doctor --forget-orphans` can tell an entry a save has just written, before the store
 * names it, from an orphan; the version stays 2, as an older keyscope ignores the extra fields.
 */
export function encodeSecret(id: string, secret: StoredSecret, at = Date.now()): string {
  return JSON.stringify({ v: 2, id, ...secret, at });
}

/** When an encoded entry was written (ms), if it says (entries written before they did, and keytar's, do not). */
export function writtenIn(text: string): number | undefined {
  try {
    const o = JSON.parse(text) as { at?: unknown };
    return Number.isSafeInteger(o.at) ? (o.at as number) : undefined;
  } catch {
    return undefined;
  }
}

/** The profile id an encoded entry names, if it names one (entries written before it did, and keytar's, do not). */
export function idInSecret(text: string): string | undefined {
  try {
    const o = JSON.parse(text) as { id?: unknown };
    return typeof o.id === 'string' ? o.id : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes an entry; null when it is not one of ours. */
export function decodeSecret(text: string | null): StoredSecret | null {
  if (!text) return null;
  try {
    const o = JSON.parse(text) as Partial<StoredSecret> & { v?: number };
    if ((o.v !== 1 && o.v !== 2) || typeof o.accessKeyId !== 'string' || typeof o.secretAccessKey !== 'string' || typeof o.name !== 'string') return null;
    return {
      accessKeyId: o.accessKeyId,
      secretAccessKey: o.secretAccessKey,
      name: o.name,
      ...(typeof o.sessionToken === 'string' ? { sessionToken: o.sessionToken } : {}),
      ...(typeof o.expiration === 'string' ? { expiration: o.expiration } : {}),
      ...(o.v === 2 && typeof o.store === 'string' ? { store: o.store } : {}),
    };
  } catch {
    return null;
  }
}
