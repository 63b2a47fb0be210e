/** What a review compares with: --baseline FILE, else the newest saved review, else nothing (a first review). */
import { readBoundedFile } from '../core/aws/read-bounded.js';
import type { PriorFinding } from '../core/review/finding.js';
import { readPriorReview } from '../core/review/report.js';
import { MAX_REVIEW_BYTES } from '../core/review/store.js';
import { previousSavedReview } from '../core/review/gather.js';
import { type CliIo, UsageError } from './io.js';
import { escapeControls } from './output.js';

/** The previous findings and how to name them, or null. A bad --baseline is a usage error; a bad saved review, a warning. */
export function previousReview(io: CliIo, home: string, baseline: string | undefined): { findings: PriorFinding[]; label: string } | null {
  if (baseline !== undefined) {
    const read = readBoundedFile(baseline, MAX_REVIEW_BYTES);
    if (!read.ok) throw new UsageError(`--baseline: the file ${baseline} ${read.error.detail}.`);
    const prior = readPriorReview(read.value);
    if (!prior.ok) throw new UsageError(`--baseline ${baseline}: ${prior.error.message}`, prior.error.hint);
    return { findings: prior.value.findings, label: `baseline ${baseline}` };
  }
  const saved = previousSavedReview(home);
  if (saved.warning) io.stderr(`keyscope: warning: ${escapeControls(saved.warning)}\n`);
  return saved.previous;
}
