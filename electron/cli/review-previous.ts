/** What a review compares with: --baseline FILE, else the newest saved review, else nothing (a first review). */
import type { PriorFinding } from '../core/review/finding.js';
import { otherIdKey, readPriorReviewFile } from '../core/review/prior-review.js';
import { previousSavedReview } from '../core/review/gather.js';
import { type CliIo, UsageError } from './io.js';
import { SourceFailure } from './review-sources.js';
import { escapeControls } from './output.js';

/** What a review compares with; with a --baseline, also the newest saved review's findings, to carry forward. */
export interface Previous {
  readonly findings: PriorFinding[];
  readonly label: string;
  /** With --baseline: the newest saved review's findings (report.ts withSavedCarried); null when there is none. */
  readonly saved?: PriorFinding[] | null;
}

/**
 * The previous findings and how to name them, or null. A bad --baseline is a usage error; a bad saved review, a
 * warning (with --baseline, it only carries nothing forward); saved reviews another user could have written, a
 * SourceFailure (exit 3).
 */
export function previousReview(io: CliIo, home: string, baseline: string | undefined, idKey: string): Previous | null {
  if (baseline !== undefined) {
    const prior = readPriorReviewFile(baseline);
    if (!prior.ok) {
      const p = prior.error;
      throw p.kind === 'file' ? new UsageError(`--baseline: the file ${baseline} ${p.error.detail}.`) : new UsageError(`--baseline ${baseline}: ${p.message}`, p.hint);
    }
    const other = otherIdKey(prior.value, idKey);
    if (other) throw new UsageError(`--baseline ${baseline}: ${other.message}`, other.hint);
    const saved = previousSavedReview(home, idKey);
    if (saved.refused) throw new SourceFailure(saved.refused);
    return { findings: prior.value.findings, label: `baseline ${baseline}`, saved: saved.previous?.findings ?? null };
  }
  const saved = previousSavedReview(home, idKey);
  if (saved.refused) throw new SourceFailure(saved.refused);
  if (saved.warning) io.stderr(`keyscope: warning: ${escapeControls(saved.warning)}\n`);
  return saved.previous;
}
