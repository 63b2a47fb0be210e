/**
 * The checks both fronts make of saved profiles: "check a saved profile" (read its secret, verify it, record what
 * the check found) and "choose profiles" for a recheck. Verifying one credential is verifyCredential (verify.ts);
 * each front passes how it verifies (its client, its region order), so the app and the CLI record checks alike.
 */
import { join } from 'node:path';
import { inputFailure, type Failure, type InputFailure } from '../../shared/failure.js';
import type { CheckView } from '../../shared/model.js';
import { err, ok, type Result } from '../../shared/result.js';
import { regionFor } from './aws/client-factory.js';
import { validateRegion } from './aws/endpoints.js';
import type { Credentials } from './aws/model.js';
import { valueShown } from './vault/aws-files.js';
import { quotedName } from './vault/new-profile.js';
import { keyscopeHome } from './vault/paths.js';
import { checkRecord, undecidedRecord, type CheckRecord, type ProfileMeta } from './vault/profiles.js';
import type { Vault } from './vault/vault.js';
import { failedCheck } from './verify.js';

/** Verifies a saved profile's credential: the front builds the client for that profile (its region, endpoints). */
export type VerifyProfile = (credentials: Credentials, profile: ProfileMeta) => Promise<CheckView>;

/**
 * Why `profile` cannot be checked with its saved region: one that is not a region name (an older import saved
 * `region = us-east-1 # prod` whole), when it is the region the check would use, that is when neither `region`
 * (--region) nor AWS_REGION or AWS_DEFAULT_REGION comes before it (the one region order, client-factory.ts).
 * Nothing has a command to change a saved region: the hint says what does.
 */
export function savedRegionProblem(profile: ProfileMeta, env: Readonly<Record<string, string | undefined>>, region?: string): InputFailure | undefined {
  const saved = profile.region;
  if (saved === undefined || regionFor(env, { ...(region ? { region } : {}), profileRegion: saved }) !== saved || validateRegion(saved).ok) return undefined;
  // Quoted only when it cannot be a secret pasted on the region line, as the import says it.
  const shown = valueShown(saved).trim();
  return inputFailure(
    'region',
    `The saved region of ${quotedName(profile.name)}${shown ? `, ${shown},` : ''} is not a region name (such as us-east-1): nothing was sent.`,
    `To check it now, pass --region or set AWS_REGION. To fix it, change its "region" in ${join(keyscopeHome(env), 'profiles.json')} to a region name (or take "region" out, for the global endpoint); or run \`keyscope profiles remove ${profile.name}\` and add it again with --region (this needs its secret again, and drops its history).`,
  );
}

/** A saved profile's check: what it found, and the profile as stored with it, or why the store refused it. */
export interface ProfileCheck {
  readonly report: CheckView;
  readonly stored: Result<ProfileMeta | undefined, Failure>;
}

/** Verifies a credential already in hand (a key just set) for `profile`, and records the check. */
export async function checkAndRecord(vault: Vault, profile: ProfileMeta, credentials: Credentials, verify: VerifyProfile): Promise<ProfileCheck> {
  const report = await verify(credentials, profile);
  return { report, stored: vault.recordCheck(profile.id, checkRecord(report)) };
}

/**
 * A check of a saved profile that could not decide before anything was sent (its secret unreadable, or holding a
 * character no request can carry), recorded so with its error, as a recheck records it.
 */
export function recordUndecided(vault: Vault, profile: ProfileMeta, failure: Failure): ProfileCheck {
  const report = failedCheck(profile.accessKeyId, failure);
  return { report, stored: vault.recordCheck(profile.id, undecidedRecord(report.CheckedAt, failure)) };
}

/**
 * Checks a saved profile: its secret from the keychain, verified, the check recorded. A secret that cannot be read (a
 * locked keychain, a missing entry) is a check that could not decide, recorded with its error, as in a recheck.
 */
export async function checkProfile(vault: Vault, profile: ProfileMeta, verify: VerifyProfile): Promise<ProfileCheck> {
  const credentials = await vault.credentials(profile);
  if (!credentials.ok) return recordUndecided(vault, profile, credentials.error);
  return checkAndRecord(vault, profile, credentials.value, verify);
}

/**
 * "Check a saved profile" as a recheck makes it: the secrets of all `profiles` read from the keychain once, in their
 * order, from the first check on, each check waiting only for its own (Vault.credentialsFor), then each profile
 * verified and its report turned into a record. A secret that cannot be read (a locked keychain, a missing entry) is
 * an undecided record with its error. `signal` is the recheck's: once it is aborted, that read stops.
 */
export function savedProfileCheck(vault: Vault, profiles: readonly ProfileMeta[], verify: VerifyProfile, signal?: AbortSignal): (profile: ProfileMeta) => Promise<CheckRecord> {
  const credentialsOf = vault.credentialsFor(profiles, signal);
  return async (profile) => {
    const credentials = await credentialsOf(profile);
    if (!credentials.ok) return undecidedRecord(new Date().toISOString(), credentials.error);
    return checkRecord(await verify(credentials.value, profile));
  };
}

/** Which saved profiles a recheck is about: all of them, those with these ids, or those with these names. */
export type ProfileChoice = { readonly all: true } | { readonly ids: readonly string[] } | { readonly names: readonly string[] };

/**
 * The chosen profiles. Ids come from a list that may be stale: one no longer saved is left out, in the store's
 * order. Names come from a person: each must exist, and they are taken in the order given.
 */
export function chooseProfiles(saved: readonly ProfileMeta[], choice: ProfileChoice): Result<ProfileMeta[], InputFailure> {
  if ('all' in choice) return ok([...saved]);
  if ('ids' in choice) return ok(saved.filter((p) => choice.ids.includes(p.id)));
  const chosen: ProfileMeta[] = [];
  for (const name of choice.names) {
    const p = saved.find((x) => x.name === name);
    if (!p) return err(inputFailure('names', `No profile is named ${quotedName(name)}.`, 'The list of saved profiles shows their names.'));
    chosen.push(p);
  }
  return ok(chosen);
}
