/** What a person gives to save a credential or give a profile a new key, and the checks made before anything is saved. */
import { credentialProblems } from '../../../shared/credential-rules.js';
import { inputFailure, type Failure } from '../../../shared/failure.js';
import { partitionOf } from '../aws/endpoints.js';
import { analyzeKeyId } from '../keys/key-id.js';
import type { StoredSecret } from './secret-store.js';
import { NAME_PATTERN, type CheckRecord, type ProfileMeta } from './store-doc.js';

/** A key: id, secret, and for temporary keys the token and when they expire. */
export interface NewKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: string;
}

/** What a person gives to save a credential. */
export interface NewProfile extends NewKey {
  readonly name: string;
  readonly region?: string;
  readonly notes?: string;
  readonly source: ProfileMeta['source'];
  /** A check already made of this very credential (check, then save): recorded as its first check. */
  readonly check?: CheckRecord;
}

/** A name as a message quotes it: whole up to 64 characters (the longest a name can be), else its start and its length. */
export function quotedName(name: string): string {
  return name.length <= 64 ? `"${name}"` : `"${name.slice(0, 64)}…" (${name.length.toLocaleString('en-US')} characters)`;
}

export const badName = (name: string) => inputFailure('name', `${quotedName(name)} cannot be a profile name.`, 'Use 1 to 64 letters, digits and _.@+=,- , starting with a letter, digit or _.');

/** Checks what a person typed before anything is saved. */
export function validateNewProfile(p: NewProfile): Failure | undefined {
  if (!NAME_PATTERN.test(p.name)) return badName(p.name);
  const [first] = credentialProblems(p);
  if (first) return inputFailure(first.field, first.message, first.hint);
  return undefined;
}

/** The keychain entry for a key of the profile `name` in the store `store`. */
export function storedSecret(key: NewKey, name: string, store: string): StoredSecret {
  return {
    accessKeyId: key.accessKeyId,
    secretAccessKey: key.secretAccessKey,
    name,
    store,
    ...(key.sessionToken ? { sessionToken: key.sessionToken } : {}),
    ...(key.expiration ? { expiration: key.expiration } : {}),
  };
}

/** What a profile knows offline about its key id. */
export function keyFields(accessKeyId: string, region: string | undefined): Pick<ProfileMeta, 'accessKeyId' | 'keyType' | 'derivedAccount' | 'partition'> {
  const key = analyzeKeyId(accessKeyId);
  return { accessKeyId, keyType: key.type, derivedAccount: key.derivedAccount, partition: partitionOf(region ?? 'us-east-1') };
}

/** A profile rebuilt from a keychain entry of this store (by doctor), with what the entry holds. */
export function profileFromSecret(id: string, secret: StoredSecret, name: string, at: string): ProfileMeta {
  return {
    id,
    name,
    ...keyFields(secret.accessKeyId, undefined),
    ...(secret.expiration ? { expiration: secret.expiration } : {}),
    source: 'manual',
    createdAt: at,
    updatedAt: at,
    history: [],
  };
}
