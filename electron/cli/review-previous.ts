/** What a review compares with: --baseline FILE, else the newest saved review, else nothing (a first review). */
import { readBoundedFile } from '../core/aws/read-bounded.js';
import type { PriorFinding } from '../core/review/finding.js';
import { readPriorReview } from '../core/review/report.js';
import { latestReview, MAX_REVIEW_BYTES } from '../core/review/store.js';
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
  const latest = latestReview(home);
  if (!latest.ok) {
    io.stderr(`keyscope: warning: ${escapeControls(latest.error.message)} This review is compared with nothing.\n`);
    return null;
  }
  if (!latest.value) return null;
  const prior = readPriorReview(latest.value.text);
  if (!prior.ok) {
    io.stderr(`keyscope: warning: the previous review ${escapeControls(latest.value.path)} cannot be read (${escapeControls(prior.error.message)}); this review is compared with nothing.\n`);
    return null;
  }
  return { findings: prior.value.findings, label: `the previous review (${prior.value.generatedAt ?? latest.value.path})` };
}
