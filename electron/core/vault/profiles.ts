/**
 * Profile metadata: everything about a saved credential except its secret, in KEYSCOPE_HOME/profiles.json.
 * Versioned, migrated on read, written atomically under a lock shared by every keyscope process. A file that
 * cannot be read is reported, never replaced, until the user asks (`profiles doctor --repair`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyType } from '../keys/key-id.js';
import type { Partition } from '../aws/endpoints.js';
import type { ReportedError, VerifyReport } from '../verify.js';
import { LockTimeout, withLockSync, writeFileAtomic } from './atomic-file.js';

export const SCHEMA_VERSION = 1;
/** Profile names: 1 to 64 letters, digits and _.@+=,- , starting with a letter, digit or _. */
export const NAME_PATTERN = /^[A-Za-z0-9_][\w.@+=,-]{0,63}$/;
export const STORE_FILE = 'profiles.json';
/** How many checks each profile remembers. */
export const HISTORY_LIMIT = 50;

/** One check as it is remembered: never a secret. */
export interface CheckRecord {
  readonly at: string;
  /** true valid, false rejected by AWS, null could not decide. */
  readonly valid: boolean | null;
  readonly account?: string;
  readonly arn?: string;
  readonly userId?: string;
  readonly userName?: string | null;
  readonly lastUsed?: { readonly LastUsedDate: string | null; readonly ServiceName: string; readonly Region: string } | null;
  readonly lastUsedError?: ReportedError | null;
  readonly error?: ReportedError;
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
  /** The most recent check, decided or not. */
  readonly lastCheck?: CheckRecord;
  /** The most recent check that decided validity; an undecided check never replaces it. */
  readonly lastDecided?: CheckRecord;
  readonly history: readonly CheckRecord[];
}

export interface StoreDoc {
  readonly schemaVersion: number;
  readonly profiles: readonly ProfileMeta[];
}

/** Why the store could not be used. */
export type StoreProblem =
  | { readonly kind: 'corrupt'; readonly file: string; readonly reason: string }
  | { readonly kind: 'newer'; readonly file: string; readonly version: number }
  | { readonly kind: 'locked'; readonly holder: string }
  | { readonly kind: 'io'; readonly file: string; readonly code: string };

export class StoreError extends Error {
  constructor(readonly problem: StoreProblem) {
    super(describeProblem(problem));
  }
}

/** The problem in one sentence, with what to do. */
export function describeProblem(p: StoreProblem): string {
  switch (p.kind) {
    case 'corrupt':
      return `The profile store ${p.file} cannot be read (${p.reason}). Nothing was changed: run \`keyscope profiles doctor --repair\` to keep it aside and rebuild the profiles from the keychain.`;
    case 'newer':
      return `The profile store ${p.file} was written by a newer keyscope (schema ${p.version}, this one knows ${SCHEMA_VERSION}). Nothing was changed: update keyscope.`;
    case 'locked':
      return `The profile store is busy (locked by ${p.holder}). Nothing was changed: try again in a moment.`;
    case 'io':
      return `The profile store ${p.file} could not be written (${p.code}). Nothing was changed: check the folder's permissions and free space.`;
  }
}

/** Upgrades from version N to N+1. Version 0 is a file with no schemaVersion (early development builds). */
const MIGRATIONS: Readonly<Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>> = {
  0: (doc) => ({
    schemaVersion: 1,
    profiles: ((doc.profiles as Array<Record<string, unknown>> | undefined) ?? []).map((p) => ({ source: 'manual', history: [], ...p })),
  }),
};

const isString = (v: unknown): v is string => typeof v === 'string';

function validProfile(p: unknown): p is ProfileMeta {
  if (!p || typeof p !== 'object') return false;
  const r = p as Record<string, unknown>;
  return [r.id, r.name, r.accessKeyId, r.keyType, r.partition, r.createdAt, r.updatedAt].every(isString) && Array.isArray(r.history);
}

/** Parses and migrates a store file's text. */
export function parseStore(text: string, file: string): StoreDoc {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new StoreError({ kind: 'corrupt', file, reason: `not JSON: ${(e as Error).message}` });
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new StoreError({ kind: 'corrupt', file, reason: 'not an object' });
  let doc = raw as Record<string, unknown>;
  let version = typeof doc.schemaVersion === 'number' ? doc.schemaVersion : 0;
  if (version > SCHEMA_VERSION) throw new StoreError({ kind: 'newer', file, version });
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) throw new StoreError({ kind: 'corrupt', file, reason: `unknown schema version ${version}` });
    doc = step(doc);
    version += 1;
  }
  const profiles = doc.profiles;
  if (!Array.isArray(profiles) || !profiles.every(validProfile)) throw new StoreError({ kind: 'corrupt', file, reason: 'a profile is missing required fields' });
  return { schemaVersion: SCHEMA_VERSION, profiles };
}

/** The metadata store in one folder. */
export class ProfileStore {
  readonly file: string;
  private readonly lock: string;

  constructor(
    readonly dir: string,
    private readonly lockTimeoutMs = 10_000,
  ) {
    this.file = join(dir, STORE_FILE);
    this.lock = join(dir, `${STORE_FILE}.lock`);
  }

  /** Reads the store; an absent file is an empty store. Throws StoreError. */
  read(): StoreDoc {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      if (code === 'ENOENT') return { schemaVersion: SCHEMA_VERSION, profiles: [] };
      throw new StoreError({ kind: 'io', file: this.file, code });
    }
    return parseStore(text, this.file);
  }

  /** Reads, changes and writes under the lock. `change` returns the new document and a value, or throws. */
  update<T>(change: (doc: StoreDoc) => { doc: StoreDoc; value: T }): T {
    this.ensureDir();
    try {
      return withLockSync(
        this.lock,
        () => {
          const { doc, value } = change(this.read());
          this.write(doc);
          this.sweep();
          return value;
        },
        { timeoutMs: this.lockTimeoutMs },
      );
    } catch (e) {
      if (e instanceof LockTimeout) throw new StoreError({ kind: 'locked', holder: e.holder });
      throw e;
    }
  }

  /** Moves an unreadable store aside and starts an empty one; returns where the old file went. */
  keepAside(): string | undefined {
    this.ensureDir();
    return withLockSync(this.lock, () => {
      if (!existsSync(this.file)) return undefined;
      const aside = join(this.dir, `${STORE_FILE}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      renameSync(this.file, aside);
      return aside;
    });
  }

  /** Files kept aside by earlier repairs. */
  keptAside(): string[] {
    try {
      return readdirSync(this.dir)
        .filter((f) => f.startsWith(`${STORE_FILE}.corrupt-`))
        .map((f) => join(this.dir, f));
    } catch {
      return [];
    }
  }

  /** Removes temporary files left by writers that were killed mid-write (older than a minute). */
  private sweep(): void {
    try {
      for (const f of readdirSync(this.dir)) {
        if (!f.endsWith('.tmp')) continue;
        const path = join(this.dir, f);
        if (Date.now() - statSync(path).mtimeMs > 60_000) unlinkSync(path);
      }
    } catch {
      // tidying is best effort
    }
  }

  private write(doc: StoreDoc): void {
    try {
      writeFileAtomic(this.file, `${JSON.stringify(doc, null, 2)}\n`);
    } catch (e) {
      throw new StoreError({ kind: 'io', file: this.file, code: (e as NodeJS.ErrnoException).code ?? 'error' });
    }
  }

  private ensureDir(): void {
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw new StoreError({ kind: 'io', file: this.dir, code: (e as NodeJS.ErrnoException).code ?? 'error' });
    }
  }
}

/** Turns a verify report into a remembered check. */
export function checkRecord(report: VerifyReport): CheckRecord {
  if (report.Valid === true) {
    return {
      at: report.CheckedAt,
      valid: true,
      account: report.Account,
      arn: report.Arn,
      userId: report.UserId,
      userName: report.UserName,
      lastUsed: report.AccessKeyLastUsed,
      lastUsedError: report.LastUsedError,
    };
  }
  return { at: report.CheckedAt, valid: report.Valid, error: report.Error };
}

/** The most recent check, decided or not. */
export function lastCheckOf(p: ProfileMeta): CheckRecord | undefined {
  return p.history[0];
}

/** The most recent check that decided validity (an undecided check never replaces it). */
export function lastDecidedOf(p: ProfileMeta): CheckRecord | undefined {
  return p.history.find((h) => h.valid !== null) ?? p.lastDecided;
}

/** Adds a check to a profile: history bounded, and an undecided check keeps the last decided one. */
export function withCheck(profile: ProfileMeta, record: CheckRecord): ProfileMeta {
  return {
    ...profile,
    lastCheck: record,
    ...(record.valid !== null ? { lastDecided: record } : {}),
    history: [record, ...profile.history].slice(0, HISTORY_LIMIT),
  };
}
