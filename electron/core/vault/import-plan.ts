/**
 * What an import from the AWS files will do, decided once, and doing exactly that: the CLI's --dry-run, the app's
 * preview and the import itself all read the same plan.
 * - One key id in several profiles with the same secret (and token): imported once, the others named as aliases.
 * - One key id with different secrets: none imported (one of them is a typo, and we cannot tell which); the
 *   profiles that disagree are named.
 */
import type { Failure } from '../../../shared/failure.js';
import { maskKeyId } from '../keys/key-id.js';
import { PROBLEMS_SHOWN, type AwsFileProfile, type AwsFilesScan } from './aws-files.js';
import type { ProfileMeta } from './profiles.js';
import { validateNewProfile, type Vault } from './vault.js';

type Credentials = NonNullable<AwsFileProfile['credentials']>;

/** A key to import under one name; `aliases` are the other profiles of the AWS files that hold the same key. */
export interface PlannedImport {
  readonly name: string;
  readonly credentials: Credentials;
  readonly region?: string;
  readonly sources: readonly string[];
  readonly aliases: readonly string[];
}

/** A key id that several profiles hold with different secrets or tokens: none of them is imported. */
export interface ImportConflict {
  readonly maskedKeyId: string;
  /** The profiles, grouped by the secret (and token) they hold: each group disagrees with the others. */
  readonly groups: ReadonlyArray<readonly string[]>;
  readonly reason: string;
}

/** A profile of the AWS files that is not imported, and why. */
export interface ImportSkip {
  readonly name: string;
  readonly reason: string;
  /** When a refused file defines it: that file. */
  readonly refusedFile?: string;
}

/** The whole decision. */
export interface ImportPlan {
  readonly scan: AwsFilesScan;
  readonly toImport: readonly PlannedImport[];
  readonly conflicts: readonly ImportConflict[];
  readonly skipped: readonly ImportSkip[];
}

const list = (names: readonly string[]) => (names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);
const sameKey = (a: Credentials, b: Credentials) => a.secretAccessKey === b.secretAccessKey && (a.sessionToken ?? '') === (b.sessionToken ?? '');

function conflictOf(keyId: string, profiles: readonly AwsFileProfile[]): ImportConflict | undefined {
  const groups: AwsFileProfile[][] = [];
  for (const p of profiles) {
    const g = groups.find((x) => sameKey((x[0] as AwsFileProfile).credentials as Credentials, p.credentials as Credentials));
    if (g) g.push(p);
    else groups.push([p]);
  }
  if (groups.length < 2) return undefined;
  const secretsDiffer = groups.some((g) => (g[0] as AwsFileProfile).credentials?.secretAccessKey !== profiles[0]?.credentials?.secretAccessKey);
  const what = secretsDiffer ? 'secrets' : 'session tokens';
  const names = groups.map((g) => g.map((p) => p.name));
  const who = names.every((g) => g.length === 1) ? '' : ` (${names.map((g, i) => `${list(g)} ${g.length > 1 ? 'hold' : 'holds'} ${i === 0 ? 'one' : 'another'}`).join('; ')})`;
  return {
    maskedKeyId: maskKeyId(keyId),
    groups: names,
    reason: `the key ${maskKeyId(keyId)} has different ${what} in profiles ${list(profiles.map((p) => p.name))}${who}: none of them is imported; correct the wrong one in the AWS files, then import again`,
  };
}

/** Decides what an import does: which keys are saved under which name, which profiles are aliases, conflicts, skips. */
export function planImport(scan: AwsFilesScan, saved: readonly ProfileMeta[]): ImportPlan {
  const toImport: PlannedImport[] = [];
  const conflicts: ImportConflict[] = [];
  const skipped: ImportSkip[] = [];
  const byKey = new Map<string, AwsFileProfile[]>();
  for (const p of scan.profiles) {
    if (!p.credentials) skipped.push({ name: p.name, reason: p.skipped ?? 'holds no static access key', ...(p.refusedFile ? { refusedFile: p.refusedFile } : {}) });
    else if (byKey.has(p.credentials.accessKeyId)) byKey.get(p.credentials.accessKeyId)?.push(p);
    else byKey.set(p.credentials.accessKeyId, [p]);
  }
  for (const [keyId, profiles] of byKey) {
    const conflict = conflictOf(keyId, profiles);
    if (conflict) {
      conflicts.push(conflict);
      continue;
    }
    const skipAll = (reason: string) => profiles.forEach((p) => skipped.push({ name: p.name, reason }));
    const same = saved.find((x) => x.accessKeyId === keyId);
    if (same) {
      skipAll(`already saved as "${same.name}"`);
      continue;
    }
    // The name: the first profile other than `default` (a name says more), whose name is free and acceptable.
    const ordered = [...profiles.filter((p) => p.name !== 'default'), ...profiles.filter((p) => p.name === 'default')];
    const credentials = profiles[0]?.credentials as Credentials;
    const problems = ordered.map((p) => (saved.some((x) => x.name === p.name) ? `a profile named "${p.name}" already exists with another key` : validateNewProfile({ name: p.name, ...credentials, source: 'aws-files' })?.message));
    const chosen = ordered.findIndex((_, i) => problems[i] === undefined);
    const primary = ordered[chosen];
    if (!primary) {
      skipAll(list([...new Set(problems as string[])].map((m) => m.replace(/\.$/, ''))));
      continue;
    }
    const aliases = profiles.filter((p) => p !== primary);
    const region = primary.region ?? aliases.find((p) => p.region)?.region;
    toImport.push({ name: primary.name, credentials, ...(region ? { region } : {}), sources: [...new Set(profiles.flatMap((p) => p.sources))], aliases: aliases.map((p) => p.name) });
  }
  // Skips in the files' order, looked up once: a search at each comparison took minutes for a 1 MiB file.
  const order = new Map(scan.profiles.map((p, i) => [p.name, i]));
  return { scan, toImport, conflicts, skipped: skipped.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0)) };
}

/** A refused file's profiles that a report does not list, past its first PROBLEMS_SHOWN: how many. */
export interface SkipsNotListed {
  readonly file: string;
  readonly count: number;
}

/**
 * The skips a report lists: all of them, but of the profiles a refused file defines only the first PROBLEMS_SHOWN,
 * as for its problems (a 1 MiB file can define 100,000 sections, each skipped with the same reason); `notListed`
 * counts the others, by file (describeNotListed says it).
 */
export function listedSkips(skipped: readonly ImportSkip[]): { listed: ImportSkip[]; notListed: SkipsNotListed[] } {
  const seen = new Map<string, number>();
  const listed = skipped.filter((s) => {
    if (s.refusedFile === undefined) return true;
    const n = (seen.get(s.refusedFile) ?? 0) + 1;
    seen.set(s.refusedFile, n);
    return n <= PROBLEMS_SHOWN;
  });
  return { listed, notListed: [...seen].filter(([, n]) => n > PROBLEMS_SHOWN).map(([file, n]) => ({ file, count: n - PROBLEMS_SHOWN })) };
}

/** What an import did. `stopped`: a keychain or store failure that ended it; `notImported`: what it left undone. */
export interface ImportOutcome {
  readonly imported: readonly PlannedImport[];
  /** Refused by the vault when saved (a name taken meanwhile, say), with the reason. */
  readonly refused: readonly ImportSkip[];
  readonly notImported: readonly string[];
  readonly stopped: Failure | null;
}

/** A note kept with an imported profile that has aliases, so the saved profile says where else its key lives. */
export function aliasNote(p: PlannedImport): string | undefined {
  return p.aliases.length ? `Imported from the AWS files; the same key is also in profile${p.aliases.length > 1 ? 's' : ''} ${list(p.aliases)}.` : undefined;
}

/**
 * Saves what the plan says (all of it, or the chosen names). A profile the vault refuses is reported with its
 * reason; a keychain or store failure stops the import, as every later profile would fail the same way.
 */
export async function runImport(vault: Vault, plan: ImportPlan, only?: readonly string[]): Promise<ImportOutcome> {
  const imported: PlannedImport[] = [];
  const refused: ImportSkip[] = [];
  const items = only ? plan.toImport.filter((p) => only.includes(p.name)) : plan.toImport;
  for (const [i, p] of items.entries()) {
    const notes = aliasNote(p);
    const added = await vault.add({ name: p.name, ...p.credentials, ...(p.region ? { region: p.region } : {}), ...(notes ? { notes } : {}), source: 'aws-files' });
    if (added.ok) imported.push(p);
    else if (added.error.kind === 'input') refused.push({ name: p.name, reason: added.error.message });
    else return { imported, refused, notImported: items.slice(i).map((x) => x.name), stopped: added.error }; // add saves all or nothing
  }
  return { imported, refused, notImported: [], stopped: null };
}
