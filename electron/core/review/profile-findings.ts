/**
 * The profile list's "findings" column: per saved profile, the findings of the last saved review that are not
 * muted, neither when that review ran nor by a mute kept since (mutes.ts, as of `now`).
 */
import type { ProfileFindingsView } from '../../../shared/model.js';
import type { ProfileMeta } from '../vault/store-doc.js';
import { isMuted, loadMutes } from './mutes.js';
import { readPriorReviewFile } from './prior-review.js';
import { latestReview } from './store.js';

/** Unmuted findings of the last saved review by profile id (a profile with none is absent); nothing before a review. */
export function profileFindings(home: string, profiles: readonly ProfileMeta[], now: string): ProfileFindingsView {
  const latest = latestReview(home);
  if (!latest.ok || !latest.value) return { reviewedAt: null, counts: {} };
  const prior = readPriorReviewFile(latest.value, { unmutedOnly: true });
  if (!prior.ok) return { reviewedAt: null, counts: {} };
  const mutes = loadMutes(home);
  const live = prior.value.findings.filter((f) => !(mutes.ok && isMuted(f, mutes.value, now)));
  // Grouped by profile name once: each profile looked through every finding (1,000 profiles by 200,000 findings).
  const byName = new Map<string, typeof live>();
  for (const f of live) {
    const name = f.Resource.Profile;
    if (name === null || name === undefined) continue;
    const group = byName.get(name);
    if (group) group.push(f);
    else byName.set(name, [f]);
  }
  const counts: Record<string, number> = {};
  for (const p of profiles) {
    const n = (byName.get(p.name) ?? []).filter((f) => f.Resource.AccessKeyId === null || f.Resource.AccessKeyId === p.accessKeyId).length;
    if (n > 0) counts[p.id] = n;
  }
  return { reviewedAt: prior.value.generatedAt, counts };
}
