/**
 * A whole review in one call: findings from the sources, compared with the previous review, suppressions applied.
 * Pure: the caller reads the files, gives the time and the id key, and chooses a format for the result.
 */

import { compareFindings } from './compare.js';
import type { PriorFinding, ReviewReport } from './finding.js';
import { idKeyFingerprint } from './finding-id.js';
import { findFindings } from './findings.js';
import { DEFAULT_THRESHOLDS, type SourceData, type Thresholds } from './model.js';
import { applySuppressions, type Suppression } from './suppressions.js';

/** Everything a review needs. */
export interface ReviewRequest {
  readonly sources: readonly SourceData[];
  /** Defaults: DEFAULT_THRESHOLDS. */
  readonly thresholds?: Partial<Thresholds>;
  /** The secret that keys finding ids (finding-id.ts). */
  readonly idKey: string;
  /** The time of the review (ISO 8601): suppressions expire against it. */
  readonly generatedAt: string;
  /** Whether the review was run without the network. */
  readonly offline: boolean;
  /** The previous review or a baseline, and how to name it; absent for a first review. */
  readonly previous?: { readonly findings: readonly PriorFinding[]; readonly label: string } | null;
  readonly suppressions?: readonly Suppression[];
}

/** Runs a review. */
export function runReview(request: ReviewRequest): ReviewReport {
  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...request.thresholds };
  const found = findFindings(request.sources, { thresholds, idKey: request.idKey });
  const compared = compareFindings(found, request.previous?.findings ?? null, request.sources);
  return {
    generatedAt: request.generatedAt,
    idKeyFingerprint: idKeyFingerprint(request.idKey),
    offline: request.offline,
    sources: request.sources.map((s) => ({ Kind: s.kind, Label: s.label, DataAsOf: s.dataAsOf, AsOfOrigin: s.asOfOrigin ?? null, Keys: s.keys.length })),
    thresholds,
    findings: applySuppressions(compared.findings, request.suppressions ?? [], request.generatedAt),
    resolved: compared.resolved,
    notReviewed: compared.notReviewed,
    comparedWith: request.previous?.label ?? null,
  };
}

/**
 * The review to keep when it was compared with a --baseline: what it carries about subjects it did not examine
 * (NotReviewed) is what the newest saved review carried and found, as had it been compared with that review, never
 * the baseline's: else a baseline run dropped them, and the next review of their subject found them all `new` again,
 * or brought back, from an older baseline, findings the saved reviews had resolved since.
 */
export function withSavedCarried(report: ReviewReport, saved: readonly PriorFinding[], sources: readonly SourceData[]): ReviewReport {
  return { ...report, notReviewed: compareFindings(report.findings, saved, sources).notReviewed };
}
