/** A review as the renderer sees it: the engine's report with key ids masked (as every report masks them). */
import type { ReviewView } from '../../shared/model.js';
import type { ReviewReport } from '../core/review/finding.js';
import { presentReport, summarize } from '../core/review/present.js';

/** A review held in main: the report (key ids whole), where it was saved, and what the sources said. */
export interface HeldReview {
  readonly report: ReviewReport;
  readonly savedAs: string | null;
  readonly notes: readonly string[];
}

/** The view of a held review. */
export function reviewView(reviewId: string, held: HeldReview): ReviewView {
  const shown = presentReport(held.report, { unmask: false });
  return {
    reviewId,
    generatedAt: shown.generatedAt,
    offline: shown.offline,
    sources: shown.sources,
    thresholds: shown.thresholds,
    summary: summarize(shown),
    findings: shown.findings,
    resolved: shown.resolved,
    comparedWith: shown.comparedWith,
    savedAs: held.savedAs,
    notes: held.notes,
  };
}
