/**
 * The app's "Mute…": suppressions kept in KEYSCOPE_HOME/reviews/suppressions.json, in the form `--suppressions`
 * reads (suppressions.ts), so a reviewer can hand the same file to `keyscope review --suppressions`. Written
 * atomically under a lock: two windows muting at once both keep their mute.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { storageFailure, type StorageFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { MIB, readBoundedFile } from '../aws/read-bounded.js';
import { describeFileError } from '../errno-name.js';
import { errorCode, LockTimeout, withLockSync, writeFileAtomic } from '../vault/atomic-file.js';
import type { PriorFinding } from './finding.js';
import { folderFailure, lockFailure, readOwnFile, REVIEW_FILES } from './home-owner.js';
import { REVIEWS_DIR } from './store.js';
import { expiryTime, matchesResource, parseSuppressions, suppressionsToJson, type Suppression } from './suppressions.js';

/** The file, under KEYSCOPE_HOME/reviews/. */
export const MUTES_FILE = 'suppressions.json';

/** Where the mutes are kept under `home`. */
export const mutesPath = (home: string): string => join(home, REVIEWS_DIR, MUTES_FILE);

/** The mutes kept so far (none before the first); another user's file (home-owner.ts) is refused, its mutes unused. */
export function loadMutes(home: string): Result<Suppression[], StorageFailure> {
  const refused = folderFailure(home, REVIEWS_DIR, REVIEW_FILES);
  if (refused) return err(refused);
  const path = mutesPath(home);
  return readOwnFile(path, REVIEW_FILES, ok([]), () => readMutes(path));
}

function readMutes(path: string): Result<Suppression[], StorageFailure> {
  const read = readBoundedFile(path, MIB);
  if (!read.ok) {
    if (read.error.reason === 'not-found') return ok([]);
    return err(storageFailure('io', path, `The muted findings in ${path} ${read.error.detail}.`, 'Make it a readable file again, or move it away: the findings it muted then count again.'));
  }
  let json: unknown;
  try {
    json = JSON.parse(read.value.replace(/^\uFEFF/, ''));
  } catch {
    return err(storageFailure('corrupt', path, `The muted findings in ${path} are not JSON.`, 'Fix the file, or move it away: the findings it muted then count again.'));
  }
  const parsed = parseSuppressions(json);
  return parsed.ok ? parsed : err(storageFailure('corrupt', path, `The muted findings in ${path} cannot be used: ${parsed.error.message}`, parsed.error.hint));
}

/** Adds one mute (replacing one with the same check and resource); returns them all. */
export function addMute(home: string, mute: Suppression): Result<Suppression[], StorageFailure> {
  const path = mutesPath(home);
  const refused = folderFailure(home, REVIEWS_DIR, REVIEW_FILES) ?? lockFailure(`${path}.lock`, REVIEW_FILES);
  if (refused) return err(refused);
  try {
    mkdirSync(join(home, REVIEWS_DIR), { recursive: true, mode: 0o700 });
    return withLockSync(`${path}.lock`, () => {
      const before = loadMutes(home);
      if (!before.ok) return before;
      const all = [...before.value.filter((s) => !(s.check === mute.check && s.resource === mute.resource)), mute];
      writeFileAtomic(path, suppressionsToJson(all));
      return ok(all);
    });
  } catch (e) {
    const code = errorCode(e);
    const what = e instanceof LockTimeout ? `another keyscope window held it too long` : describeFileError(code);
    return err(storageFailure('io', path, `The mute could not be kept in ${path} (${what}).`, 'Check that the folder is writable and the disk has room, then try again.'));
  }
}

/** Whether a live (unexpired as of `now`) mute covers a finding. */
export function isMuted(finding: PriorFinding, mutes: readonly Suppression[], now: string): boolean {
  const at = Date.parse(now);
  const f = { ...finding, Status: 'unchanged' as const } as unknown as Parameters<typeof matchesResource>[1];
  return mutes.some((s) => (s.check === '*' || s.check === finding.Check) && matchesResource(s.resource, f) && (s.expires === null || expiryTime(s.expires) > at));
}
