/**
 * The JSON report, documented in the README:
 * {"Review": {"GeneratedAt", "Offline", "Sources": [...], "Thresholds": {...}, "ComparedWith", "IdKeyFingerprint"},
 *  "Summary": {"Critical", "High", "Medium", "Low", "Info", "Muted"}, "Findings": [...], "Resolved": [...],
 *  "NotReviewed": [...]}. Summary counts unmuted findings by severity; Muted counts the muted ones. NotReviewed holds
 * earlier findings whose subject this review did not read (compare.ts). It is also what readPriorReview reads.
 */

import type { PriorFinding, ReportSource, ReviewFinding, ReviewReport } from './finding.js';
import { safeJson } from '../safe-text.js';
import { type FormatOptions, presentReport, summarize } from './present.js';

/** The JSON document's shape. */
export interface ReviewDocument {
  readonly Review: {
    readonly GeneratedAt: string;
    readonly Offline: boolean;
    readonly Sources: readonly ReportSource[];
    readonly Thresholds: { readonly UnusedDays: number; readonly RotationDays: number; readonly StaleDays: number; readonly Accounts: readonly string[] | null };
    readonly ComparedWith: string | null;
    /** Which id key made the finding ids (finding-id.ts): a baseline with another cannot be compared with. */
    readonly IdKeyFingerprint: string;
  };
  readonly Summary: ReturnType<typeof summarize>;
  readonly Findings: readonly ReviewFinding[];
  readonly Resolved: readonly PriorFinding[];
  readonly NotReviewed: readonly PriorFinding[];
}

/** The report as a JSON-ready object (masked unless `unmask`). */
export function toReviewDocument(report: ReviewReport, options: FormatOptions = {}): ReviewDocument {
  const shown = presentReport(report, options);
  const t = shown.thresholds;
  return {
    Review: {
      GeneratedAt: shown.generatedAt,
      Offline: shown.offline,
      Sources: shown.sources,
      Thresholds: { UnusedDays: t.unusedDays, RotationDays: t.rotationDays, StaleDays: t.staleDays, Accounts: t.accounts ? [...t.accounts] : null },
      ComparedWith: shown.comparedWith,
      IdKeyFingerprint: shown.idKeyFingerprint,
    },
    Summary: summarize(shown),
    Findings: shown.findings,
    Resolved: shown.resolved,
    NotReviewed: shown.notReviewed,
  };
}

/** The JSON report as text, two-space indented, ending with a newline; C1 and bidi characters as \u escapes. */
export function formatJson(report: ReviewReport, options: FormatOptions = {}): string {
  return `${safeJson(toReviewDocument(report, options), 2)}\n`;
}
