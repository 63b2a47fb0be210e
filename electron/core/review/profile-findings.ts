/**
 * The profile list's "findings" column: per saved profile, the findings of the last saved review that are not
 * muted, neither when that review ran nor by a mute kept since (mutes.ts, as of `now`).
 */
import { statSync } from 'node:fs';
import type { ProfileFindingsView } from '../../../shared/model.js';
import type { ProfileMeta } from '../vault/store-doc.js';
import type { PriorFinding } from './finding.js';
import { isMuted, loadMutes } from './mutes.js';
import { readPriorReviewFile } from './prior-review.js';
import { latestReview } from './store.js';

/** A saved review's findings that were not muted when it ran, by profile name (findings of no profile left out). */
interface ByProfile {
  /** The file as it was read: its path, inode, size and time of change. */
  readonly file: string;
  readonly reviewedAt: string | null;
  readonly byName: ReadonlyMap<string, readonly PriorFinding[]>;
}

// The last one read. The list asks at every reload, in the app's main process, and a review of 100,000 users takes
// about a second to read: a saved review is never rewritten in place, so the same file is read once.
let held: ByProfile | null = null;

function byProfile(path: string): ByProfile | null {
  let file: string;
  try {
    const s = statSync(path);
    file = `${path}\0${s.ino}\0${s.size}\0${s.mtimeMs}`;
  } catch {
    return null;
  }
  if (held?.file === file) return held;
  const prior = readPriorReviewFile(path, { unmutedOnly: true });
  if (!prior.ok) return null;
  // Grouped by profile name once: each profile looked through every finding (1,000 profiles by 200,000 findings).
  const byName = new Map<string, PriorFinding[]>();
  for (const f of prior.value.findings) {
    const name = f.Resource.Profile;
    if (name === null || name === undefined) continue;
    const group = byName.get(name);
    if (group) group.push(f);
    else byName.set(name, [f]);
  }
  held = { file, reviewedAt: prior.value.generatedAt, byName };
  return held;
}

/** Unmuted findings of the last saved review by profile id (a profile with none is absent); nothing before a review. */
export function profileFindings(home: string, profiles: readonly ProfileMeta[], now: string): ProfileFindingsView {
  const latest = latestReview(home);
  const review = latest.ok && latest.value ? byProfile(latest.value) : null;
  if (!review) return { reviewedAt: null, counts: {} };
  const mutes = loadMutes(home);
  const counts: Record<string, number> = {};
  for (const p of profiles) {
    const n = (review.byName.get(p.name) ?? []).filter((f) => (f.Resource.AccessKeyId === null || f.Resource.AccessKeyId === p.accessKeyId) && !(mutes.ok && isMuted(f, mutes.value, now))).length;
    if (n > 0) counts[p.id] = n;
  }
  return { reviewedAt: review.reviewedAt, counts };
}
