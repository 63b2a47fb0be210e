/**
 * The profile store's document: its types, its migrations and its validation. A file edited by hand with a wrong
 * type, a duplicate id or name is refused with the field named, never half-read: the rest of keyscope may then
 * trust every field it reads.
 */
import type { FailureCategory } from '../../../shared/failure.js';
import type { Partition } from '../aws/endpoints.js';
import type { KeyType } from '../keys/key-id.js';

/** Version 2 keeps each check once, in `history`; the latest and the latest decided are derived from it. */
export const SCHEMA_VERSION = 2;
/** Profile names: 1 to 64 letters, digits and _.@+=,- , starting with a letter, digit or _. */
export const NAME_PATTERN = /^[A-Za-z0-9_][\w.@+=,-]{0,63}$/;

/** A failure as a check remembers it; changes only with SCHEMA_VERSION, never with a view. */
export interface CheckError {
  readonly Code: string;
  readonly Message: string;
  readonly HttpStatus: number | null;
  readonly Category: FailureCategory;
  readonly Hint: string;
  readonly RequestId?: string;
}

/** When and where IAM last saw the key used. */
export interface CheckLastUse {
  readonly LastUsedDate: string | null;
  readonly ServiceName: string;
  readonly Region: string;
}

/** One check as it is remembered: structured fields only, never a secret. */
export interface CheckRecord {
  readonly at: string;
  /** true valid, false rejected by AWS, null could not decide. */
  readonly valid: boolean | null;
  readonly account?: string;
  readonly arn?: string;
  readonly userId?: string;
  readonly userName?: string | null;
  readonly lastUsed?: CheckLastUse | null;
  readonly lastUsedError?: CheckError | null;
  readonly error?: CheckError;
  /**
   * Which key the check was of, once the profile has had a key replaced: the profile id it was recorded under (each
   * new key, set-key, brings a new id). Times alone misjudge it when the clock is set back.
   */
  readonly keyRef?: string;
}

/** A saved credential's metadata. */
export interface ProfileMeta {
  readonly id: string;
  readonly name: string;
  readonly accessKeyId: string;
  readonly keyType: KeyType;
  readonly derivedAccount: string | null;
  readonly partition: Partition;
  readonly region?: string;
  readonly notes?: string;
  /** When temporary credentials expire (not secret). */
  readonly expiration?: string;
  readonly source: 'manual' | 'env' | 'aws-files';
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the profile was given a new key (set-key): older checks were of the old key, and say nothing of this one. */
  readonly keyChangedAt?: string;
  /**
   * The last use AWS reported that was not keyscope's own check (see core/keys/own-use.ts): kept apart, as every
   * check becomes the key's last use at AWS and would otherwise erase the owner's.
   */
  readonly ownerLastUse?: CheckLastUse;
  /** Checks, newest first: bounded, and always holding the latest decided one (see withCheck). */
  readonly history: readonly CheckRecord[];
}

export interface StoreDoc {
  readonly schemaVersion: number;
  readonly profiles: readonly ProfileMeta[];
}

/** Why a document cannot be used: the field at fault and what is wrong with it. */
export class DocProblem extends Error {}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Upgrades from version N to N+1. Version 0 is a file with no schemaVersion (early development builds). */
const MIGRATIONS: Readonly<Record<number, (doc: Raw) => Raw>> = {
  0: (doc) => ({ schemaVersion: 1, profiles: list(doc.profiles, 'profiles').map((p, i) => ({ source: 'manual', history: [], ...object(p, `profiles[${i}]`) })) }),
  // v1 kept each check up to three times (lastCheck, lastDecided, history[0]); v2 keeps history only.
  1: (doc) => ({
    schemaVersion: 2,
    profiles: list(doc.profiles, 'profiles').map((raw, i) => {
      const { lastCheck, lastDecided, ...p } = object(raw, `profiles[${i}]`);
      if (lastCheck !== undefined) checkCheck(lastCheck, `profiles[${i}].lastCheck`);
      if (lastDecided !== undefined) checkCheck(lastDecided, `profiles[${i}].lastDecided`);
      const history = list(p.history, `profiles[${i}].history`);
      const keepDecided = isObject(lastDecided) && !history.some((h) => isObject(h) && h.valid !== null && h.valid !== undefined);
      return { ...p, history: keepDecided ? [...history, lastDecided] : history };
    }),
  }),
};

function list(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw new DocProblem(`${field} is not a list`);
  return v;
}

function object(v: unknown, field: string): Raw {
  if (!isObject(v)) throw new DocProblem(`${field} is not an object`);
  return v;
}

function expect(o: Raw, field: string, path: string, test: (v: unknown) => boolean, what: string, optional = false): void {
  const v = o[field];
  if (v === undefined && optional) return;
  if (!test(v)) throw new DocProblem(`${path}.${field} should be ${what}, found ${describe(v)}`);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'string' ? `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}` : `a ${typeof v}`;
}

const KEY_TYPES: readonly KeyType[] = ['long-term', 'temporary', 'bearer', 'context', 'not-a-key', 'unknown'];
const PARTITIONS: readonly Partition[] = ['aws', 'aws-cn', 'aws-us-gov'];
const str = (v: unknown) => typeof v === 'string';
const time = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const oneOf = (values: readonly string[]) => (v: unknown) => typeof v === 'string' && values.includes(v);
const errorView = (v: unknown) => isObject(v) && str(v.Code) && str(v.Message) && str(v.Category) && str(v.Hint);
const lastUsed = (v: unknown) => v === null || (isObject(v) && (v.LastUsedDate === null || str(v.LastUsedDate)) && str(v.ServiceName) && str(v.Region));

/** Checks one remembered check (a journal line's too); throws DocProblem naming the field under `path`. */
export function checkCheck(v: unknown, path: string): void {
  const c = object(v, path);
  expect(c, 'at', path, time, 'a date and time');
  expect(c, 'valid', path, (x) => x === true || x === false || x === null, 'true, false or null');
  for (const f of ['account', 'arn', 'userId']) expect(c, f, path, str, 'text', true);
  expect(c, 'userName', path, (x) => x === null || str(x), 'text or null', true);
  expect(c, 'lastUsed', path, lastUsed, 'a last-use record or null', true);
  expect(c, 'lastUsedError', path, (x) => x === null || errorView(x), 'an error record or null', true);
  expect(c, 'error', path, errorView, 'an error record', true);
  expect(c, 'keyRef', path, str, 'text', true);
}

function checkProfile(v: unknown, path: string): void {
  const p = object(v, path);
  for (const f of ['id', 'accessKeyId']) expect(p, f, path, (x) => str(x) && x !== '', 'text');
  expect(p, 'name', path, (x) => str(x) && NAME_PATTERN.test(x), 'a profile name');
  expect(p, 'keyType', path, oneOf(KEY_TYPES), 'a key type');
  expect(p, 'derivedAccount', path, (x) => x === null || (str(x) && /^\d{12}$/.test(x)), 'a 12-digit account or null');
  expect(p, 'partition', path, oneOf(PARTITIONS), 'a partition');
  expect(p, 'source', path, oneOf(['manual', 'env', 'aws-files']), 'manual, env or aws-files');
  for (const f of ['createdAt', 'updatedAt']) expect(p, f, path, time, 'a date and time');
  for (const f of ['region', 'notes']) expect(p, f, path, str, 'text', true);
  expect(p, 'expiration', path, time, 'a date and time', true);
  expect(p, 'keyChangedAt', path, time, 'a date and time', true);
  expect(p, 'ownerLastUse', path, (x) => x !== null && lastUsed(x), 'a last-use record', true);
  list(p.history, `${path}.history`).forEach((h, i) => checkCheck(h, `${path}.history[${i}]`));
}

/** Migrates and validates a parsed document; throws DocProblem naming the field, or returns the version if newer. */
export function readDoc(raw: unknown): StoreDoc | { readonly newer: number } {
  let doc = object(raw, 'the file');
  let version = doc.schemaVersion === undefined ? 0 : doc.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) throw new DocProblem(`schemaVersion should be a whole number, found ${describe(version)}`);
  if (version > SCHEMA_VERSION) return { newer: version };
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS[version] as (doc: Raw) => Raw;
    doc = step(doc);
    version += 1;
  }
  const profiles = list(doc.profiles, 'profiles');
  profiles.forEach((p, i) => checkProfile(p, `profiles[${i}]`));
  const typed = profiles as ProfileMeta[];
  for (const field of ['id', 'name'] as const) {
    const seen = new Map<string, number>();
    typed.forEach((p, i) => {
      const first = seen.get(p[field]);
      if (first !== undefined) throw new DocProblem(`profiles[${i}].${field} ${JSON.stringify(p[field])} is also the ${field} of profiles[${first}]`);
      seen.set(p[field], i);
    });
  }
  return { schemaVersion: SCHEMA_VERSION, profiles: typed };
}
