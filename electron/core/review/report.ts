/**
 * A whole review in one call: findings from the sources, compared with the previous review, suppressions applied.
 * Pure: the caller reads the files, gives the time and the id key, and chooses a format for the result.
 */

import { err, ok, type Result } from '../../../shared/result.js';
import { compareFindings } from './compare.js';
import type { FindingResource, PriorFinding, ReviewReport } from './finding.js';
import { findFindings } from './findings.js';
import { DEFAULT_THRESHOLDS, type SourceData, type SourceKind, type Thresholds } from './model.js';
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
  const kinds = new Set<SourceKind>(request.sources.map((s) => s.kind));
  const compared = compareFindings(found, request.previous?.findings ?? null, kinds);
  return {
    generatedAt: request.generatedAt,
    offline: request.offline,
    sources: request.sources.map((s) => ({ Kind: s.kind, Label: s.label, DataAsOf: s.dataAsOf, AsOfOrigin: s.asOfOrigin ?? null, Keys: s.keys.length })),
    thresholds,
    findings: applySuppressions(compared.findings, request.suppressions ?? [], request.generatedAt),
    resolved: compared.resolved,
    comparedWith: request.previous?.label ?? null,
  };
}

/** Why an earlier review cannot serve as previous review or baseline. */
export interface PriorProblem {
  readonly kind: 'baseline';
  readonly message: string;
  readonly hint: string;
}

const HINT = 'Use a review keyscope wrote with --output json (or one saved under KEYSCOPE_HOME/reviews/).';
const str = (v: unknown): v is string => typeof v === 'string';
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function resourceOf(v: unknown): FindingResource {
  const r = (v ?? {}) as Record<string, unknown>;
  return { Account: strOrNull(r.Account), User: strOrNull(r.User), AccessKeyId: strOrNull(r.AccessKeyId), Profile: strOrNull(r.Profile), ...(str(r.KeySlot) ? { KeySlot: r.KeySlot } : {}) };
}

/** Reads the findings of a JSON review (format-json.ts) for comparison. */
export function readPriorReview(text: string): Result<{ generatedAt: string | null; findings: PriorFinding[] }, PriorProblem> {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return err({ kind: 'baseline', message: 'The earlier review is not JSON.', hint: HINT });
  }
  const d = (doc ?? {}) as { Review?: { GeneratedAt?: unknown }; Findings?: unknown };
  if (!Array.isArray(d.Findings)) return err({ kind: 'baseline', message: 'The earlier review has no "Findings" list.', hint: HINT });
  const findings: PriorFinding[] = [];
  for (const [i, raw] of d.Findings.entries()) {
    const f = (raw ?? {}) as Record<string, unknown>;
    if (!str(f.Id) || !/^[0-9a-f]{32}$/.test(f.Id) || !str(f.Check)) {
      return err({ kind: 'baseline', message: `Finding ${i + 1} of the earlier review has no valid Id or Check.`, hint: HINT });
    }
    findings.push({ Id: f.Id, Check: f.Check, Severity: strOrNull(f.Severity) ?? 'info', Title: strOrNull(f.Title) ?? f.Check, Resource: resourceOf(f.Resource), DataAsOf: strOrNull(f.DataAsOf) ?? '', ...(str(f.Source) ? { Source: f.Source } : {}) });
  }
  return ok({ generatedAt: strOrNull(d.Review?.GeneratedAt), findings });
}
