/**
 * Reviews over time: each finding is `new` or `unchanged` against the previous review (or a baseline) by its stable
 * id, and what the previous review found that this one does not is `Resolved`. Suppressions are applied by
 * suppressions.ts; `failOn` decides the exit status from what is left unmuted.
 */

import type { Finding, FindingStatus, PriorFinding, ReviewFinding } from './finding.js';
import { SEVERITIES, type Severity, type SourceKind } from './model.js';

/** A finding with its status against the previous review. */
export type ComparedFinding = Finding & { readonly Status: FindingStatus };

/** The outcome of a comparison. */
export interface Comparison {
  readonly findings: readonly ComparedFinding[];
  readonly resolved: readonly PriorFinding[];
}

/**
 * Marks each finding new or unchanged against `previous` (null for a first review: all new). A previous finding
 * is resolved when this review no longer has it, provided this review read a source of the same kind: a review of
 * saved profiles alone does not resolve what an earlier credential report found.
 */
export function compareFindings(current: readonly Finding[], previous: readonly PriorFinding[] | null, currentKinds: ReadonlySet<SourceKind>): Comparison {
  const before = new Set((previous ?? []).map((p) => p.Id));
  const now = new Set(current.map((f) => f.Id));
  const findings = current.map((f) => ({ ...f, Status: before.has(f.Id) ? ('unchanged' as const) : ('new' as const) }));
  const resolved = (previous ?? []).filter((p) => !now.has(p.Id) && (p.Source === undefined || currentKinds.has(p.Source as SourceKind)));
  return { findings, resolved };
}

/** The `--fail-on` levels: a severity, or `none` (never fail). */
export type FailOn = Severity | 'none';

/** Whether any unmuted finding is at or above `level` (exit 1 when true). */
export function failOn(findings: readonly ReviewFinding[], level: FailOn): boolean {
  if (level === 'none') return false;
  const limit = SEVERITIES.indexOf(level);
  return findings.some((f) => f.Muted === null && SEVERITIES.indexOf(f.Severity) <= limit);
}

/** Reads a `--fail-on` value; null when it is not one. */
export function parseFailOn(value: string): FailOn | null {
  const v = value.trim().toLowerCase();
  return v === 'none' || (SEVERITIES as readonly string[]).includes(v) ? (v as FailOn) : null;
}
