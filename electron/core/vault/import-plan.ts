/** What an import from the AWS files would do, and doing it: shared by the CLI and the app. */
import type { Failure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import type { AwsFileProfile } from './aws-files.js';
import type { ProfileMeta } from './profiles.js';
import type { Vault } from './vault.js';

/** A profile of the AWS files that holds a static key. */
export type ImportCandidate = AwsFileProfile & { readonly credentials: NonNullable<AwsFileProfile['credentials']> };

export interface ImportPlan {
  readonly candidates: readonly ImportCandidate[];
  readonly skipped: ReadonlyArray<{ readonly name: string; readonly reason: string }>;
}

/** Splits the AWS files' profiles into those to import and those skipped, with the reason. */
export function planImport(profiles: readonly AwsFileProfile[], saved: readonly ProfileMeta[]): ImportPlan {
  const candidates: ImportCandidate[] = [];
  const skipped: Array<{ name: string; reason: string }> = [];
  for (const p of profiles) {
    const same = p.credentials && saved.find((x) => x.accessKeyId === p.credentials?.accessKeyId);
    if (!p.credentials) skipped.push({ name: p.name, reason: p.skipped ?? 'no static key' });
    else if (same) skipped.push({ name: p.name, reason: `already saved as "${same.name}"` });
    else if (saved.some((x) => x.name === p.name)) skipped.push({ name: p.name, reason: `a profile named "${p.name}" already exists with another key` });
    else candidates.push(p as ImportCandidate);
  }
  return { candidates, skipped };
}

/**
 * Saves the candidates. A profile the vault refuses is skipped with the reason; a keychain or store failure stops
 * the import, as every later profile would fail the same way.
 */
export async function importCandidates(
  vault: Vault,
  candidates: readonly ImportCandidate[],
): Promise<Result<{ imported: ImportCandidate[]; skipped: Array<{ name: string; reason: string }> }, Failure>> {
  const imported: ImportCandidate[] = [];
  const skipped: Array<{ name: string; reason: string }> = [];
  for (const p of candidates) {
    const added = await vault.add({ name: p.name, ...p.credentials, ...(p.region ? { region: p.region } : {}), source: 'aws-files' });
    if (added.ok) imported.push(p);
    else if (added.error.kind === 'keychain' || added.error.kind === 'storage') return err(added.error);
    else skipped.push({ name: p.name, reason: added.error.message });
  }
  return ok({ imported, skipped });
}
