/**
 * Saved reviews and the finding-id key, under KEYSCOPE_HOME/reviews/. Each review is kept as its JSON report (key
 * ids whole: the profile store beside it holds them too, and "Resolved" must name what was fixed); the newest is
 * what the next review compares with (prior-review.ts reads it a piece at a time). The id key (finding-id.ts) is
 * made once: 32 random bytes, mode 0600, put in place with link(2), which never replaces a file, so two first
 * reviews at once end up with the same key.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { storageFailure, type StorageFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { readBoundedFile } from '../aws/read-bounded.js';
import { describeFileError } from '../errno-name.js';
import { errorCode, STALE_TEMP_MS, sweepOwnFolder, tempPathFor, writeFileAtomic } from '../vault/atomic-file.js';
import { folderFailure, isOwnerRefusal, listedFailure, readOwnFile, REVIEW_FILES } from './home-owner.js';

/** The folder, under KEYSCOPE_HOME. */
export const REVIEWS_DIR = 'reviews';
/** The id key's file in it. */
export const ID_KEY_FILE = '.id-key';
const ID_KEY = /^[0-9a-f]{64}$/;
const REVIEW_NAME = /^review-\d{8}T\d{9}Z-[0-9a-f]{6}\.json$/;

const writeHint = (dir: string): string => `Check that ${dir} is writable and the disk has room, then run the review again.`;

/** The key, judged on the file opened (home-owner.ts): another user's is refused, as a key they chose. */
function readIdKey(path: string): Result<string | null, StorageFailure> {
  return readOwnFile(path, REVIEW_FILES, ok(null), () => readIdKeyText(path));
}

function readIdKeyText(path: string): Result<string | null, StorageFailure> {
  const read = readBoundedFile(path, 1024);
  if (!read.ok) {
    if (read.error.reason === 'not-found') return ok(null);
    return err(storageFailure('io', path, `The finding-id key ${path} ${read.error.detail}.`, 'Make it a readable regular file again, or remove it: finding ids then change once, and the next review marks every finding new.'));
  }
  const key = read.value.trim();
  if (!ID_KEY.test(key)) return err(storageFailure('corrupt', path, `The finding-id key ${path} is damaged (it should hold 64 hexadecimal characters).`, 'Remove it: a new key is made, finding ids change once, and the next review marks every finding new.'));
  return ok(key);
}

/** The key that makes finding ids stable across the reviews of this keyscope home; made on first use. */
export function ensureIdKey(home: string): Result<string, StorageFailure> {
  const dir = join(home, REVIEWS_DIR);
  const path = join(dir, ID_KEY_FILE);
  const refused = folderFailure(home, REVIEWS_DIR, REVIEW_FILES);
  if (refused) return err(refused);
  const existing = readIdKey(path);
  if (!existing.ok || existing.value !== null) return existing as Result<string, StorageFailure>;
  // Reviews another user left there stop the review that would read them: nothing is made before it does.
  const saved = savedReviews(home);
  if (!saved.ok && isOwnerRefusal(saved.error)) return saved;
  const tmp = tempPathFor(path); // named as keyscope's own, so a killed maker's is swept (below)
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    sweepOwnFolder(dir, STALE_TEMP_MS);
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, `${randomBytes(32).toString('hex')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(tmp, path); // whole or absent: a reader never sees half a key
    } catch (e) {
      if (errorCode(e) !== 'EEXIST') throw e; // another review made it first: use theirs
    }
  } catch (e) {
    return err(storageFailure('io', path, `The finding-id key could not be made in ${dir} (${describeFileError(errorCode(e))}).`, writeHint(dir)));
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // never made, or already gone
    }
  }
  const made = readIdKey(path);
  return made.ok && made.value === null ? err(storageFailure('io', path, `The finding-id key ${path} vanished as it was made.`, writeHint(dir))) : (made as Result<string, StorageFailure>);
}

/** Keeps a review's JSON report; returns its path. */
export function saveReview(home: string, json: string, generatedAt: string): Result<string, StorageFailure> {
  const dir = join(home, REVIEWS_DIR);
  const at = new Date(generatedAt).toISOString().replace(/[-:.]/g, '');
  const path = join(dir, `review-${at}-${randomBytes(3).toString('hex')}.json`);
  const refused = folderFailure(home, REVIEWS_DIR, REVIEW_FILES);
  if (refused) return err(refused);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    sweepOwnFolder(dir, STALE_TEMP_MS);
    writeFileAtomic(path, json);
  } catch (e) {
    return err(storageFailure('io', path, `The review could not be saved in ${dir} (${describeFileError(errorCode(e))}).`, writeHint(dir)));
  }
  return ok(path);
}

/**
 * How far past this machine's clock a saved review may be dated and still count: a clock stepped back a little
 * (NTP) leaves the last review seconds "in the future"; one saved while the clock was hours or years ahead would
 * otherwise stay the newest, and so the previous review, for ever.
 */
const FUTURE_SLACK_MS = 10 * 60 * 1000;

/** The time in a saved review's name (review-20250630T000000000Z-abcdef.json), as ISO 8601. */
function nameTime(name: string): string {
  const d = name.slice('review-'.length, 'review-'.length + 19);
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}.${d.slice(15, 18)}Z`;
}

/** The saved reviews: those that may be the previous one, newest first, and those dated later than the clock. */
export interface SavedReviews {
  readonly paths: readonly string[];
  readonly future: ReadonlyArray<{ readonly path: string; readonly at: string }>;
}

/**
 * The saved reviews under `home`, by the time in their names (newest first); those dated past `now` set apart. Each is
 * judged on the file opened (home-owner.ts): a review another user wrote there is refused, not compared with.
 */
export function savedReviews(home: string, now = Date.now()): Result<SavedReviews, StorageFailure> {
  const dir = join(home, REVIEWS_DIR);
  const refused = folderFailure(home, REVIEWS_DIR, REVIEW_FILES);
  if (refused) return err(refused);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => REVIEW_NAME.test(n));
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return ok({ paths: [], future: [] });
    return err(storageFailure('io', dir, `The saved reviews in ${dir} cannot be listed (${describeFileError(errorCode(e), 'read')}).`, 'Check the folder\'s permissions.'));
  }
  const paths: string[] = [];
  const future: Array<{ path: string; at: string }> = [];
  for (const name of names.sort().reverse()) {
    const at = nameTime(name);
    const time = Date.parse(at);
    if (Number.isNaN(time) || time > now + FUTURE_SLACK_MS) future.push({ path: join(dir, name), at });
    else paths.push(join(dir, name));
  }
  const theirs = listedFailure([...paths, ...future.map((f) => f.path)], REVIEW_FILES);
  return theirs ? err(theirs) : ok({ paths, future });
}

/** The newest saved review's path (none dated later than the clock), or null before the first review. */
export function latestReview(home: string): Result<string | null, StorageFailure> {
  const saved = savedReviews(home);
  return saved.ok ? ok(saved.value.paths[0] ?? null) : saved;
}
