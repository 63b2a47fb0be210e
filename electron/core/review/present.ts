/**
 * Masking for reports: key ids are shown as their first and last four characters unless the reviewer asks for them
 * whole (`unmask`). Every string of a finding is scrubbed, not only Resource.AccessKeyId, so an id in evidence or in
 * a sentence cannot slip through.
 */

import { maskKeyId } from '../keys/key-id.js';
import type { EvidenceValue, PriorFinding, ReviewFinding, ReviewReport } from './finding.js';

/** What the formats share. */
export interface FormatOptions {
  /** Print key ids whole (the account's admins need them to act). */
  readonly unmask?: boolean;
}

// Access key ids by their key prefixes; ids of other things (AIDA, AROA…) are not secrets to hide. Bounded by
// anything but capitals and digits, not \b: an underscore or a letter is a word character, and user and profile
// names such as svc_AKIA… or keyAKIA… kept the id whole.
const KEY_IDS = /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,124}(?![A-Z0-9])/g;

/** Masks every access key id inside a text. */
export function maskText(text: string): string {
  return text.replace(KEY_IDS, (id) => maskKeyId(id));
}

function maskValue(v: EvidenceValue): EvidenceValue {
  if (typeof v === 'string') return maskText(v);
  if (Array.isArray(v)) return v.map((s: string) => maskText(s));
  return v;
}

/** A finding's resource as it may be shown: its key id, user and profile masked. */
export function maskResource<R extends PriorFinding['Resource']>(r: R): R {
  return { ...r, AccessKeyId: r.AccessKeyId === null ? null : maskText(r.AccessKeyId), User: r.User === null ? null : maskText(r.User), Profile: r.Profile === null ? null : maskText(r.Profile) };
}

function maskPrior<T extends PriorFinding>(f: T): T {
  return { ...f, Title: maskText(f.Title), Resource: maskResource(f.Resource) };
}

function maskFinding(f: ReviewFinding): ReviewFinding {
  return {
    ...maskPrior(f),
    Detail: maskText(f.Detail),
    Evidence: Object.fromEntries(Object.entries(f.Evidence).map(([k, v]) => [k, maskValue(v)])),
    Notes: f.Notes.map(maskText),
    Muted: f.Muted ? { ...f.Muted, Reason: maskText(f.Muted.Reason) } : null,
  };
}

/** The report as it may be shown: masked unless `unmask`. */
export function presentReport(report: ReviewReport, options: FormatOptions): ReviewReport {
  if (options.unmask) return report;
  return { ...report, findings: report.findings.map(maskFinding), resolved: report.resolved.map(maskPrior), notReviewed: report.notReviewed.map(maskPrior) };
}

/** Counts of unmuted findings per severity, and of muted ones. */
export function summarize(report: ReviewReport): { Critical: number; High: number; Medium: number; Low: number; Info: number; Muted: number } {
  const counts = new Map<string, number>();
  let muted = 0;
  for (const f of report.findings) {
    if (f.Muted === null) counts.set(f.Severity, (counts.get(f.Severity) ?? 0) + 1);
    else muted += 1;
  }
  const count = (s: string): number => counts.get(s) ?? 0;
  return { Critical: count('critical'), High: count('high'), Medium: count('medium'), Low: count('low'), Info: count('info'), Muted: muted };
}
