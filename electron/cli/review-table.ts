/** The terminal table of a review: sources with their dates, a summary by severity, one row per finding, what was resolved. */
import type { ReviewFinding, ReviewReport } from '../core/review/finding.js';
import { type FormatOptions, presentReport, summarize } from '../core/review/present.js';
import { escapeControls } from './output.js';

const MAX_CELL = 40;

function cell(text: string | null | undefined): string {
  const safe = escapeControls(text ?? '-');
  return safe.length > MAX_CELL ? `${safe.slice(0, MAX_CELL - 1)}…` : safe;
}

function grid(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

const who = (f: Pick<ReviewFinding, 'Resource'>): string => f.Resource.Profile ?? f.Resource.User ?? '-';
const key = (f: Pick<ReviewFinding, 'Resource'>): string => f.Resource.AccessKeyId ?? f.Resource.KeySlot ?? '-';

/** The review as a table for people (key ids masked unless `unmask`). */
export function formatReviewTable(report: ReviewReport, options: FormatOptions): string {
  const shown = presentReport(report, options);
  const out: string[] = [`Review of ${shown.generatedAt}${shown.offline ? ' (offline: nothing was sent)' : ''}`];
  for (const s of shown.sources) out.push(`  ${escapeControls(s.Label)}: ${s.Keys} key${s.Keys === 1 ? '' : 's'}, data as of ${s.DataAsOf}${s.AsOfOrigin ? ` (${cell(s.AsOfOrigin)})` : ''}`);
  out.push(shown.comparedWith ? `Compared with ${cell(shown.comparedWith)}` : 'First review: every finding is new');
  const sum = summarize(shown);
  out.push(`Critical ${sum.Critical}  High ${sum.High}  Medium ${sum.Medium}  Low ${sum.Low}  Info ${sum.Info}  Muted ${sum.Muted}`, '');
  if (shown.findings.length === 0) out.push('No findings.');
  else {
    const rows = shown.findings.map((f) => [f.Severity, f.Check, cell(f.Resource.Account), cell(who(f)), cell(key(f)), f.Muted ? 'muted' : f.Status]);
    out.push(...grid(['SEVERITY', 'CHECK', 'ACCOUNT', 'PROFILE/USER', 'KEY', 'STATUS'], rows));
  }
  if (shown.resolved.length > 0) {
    out.push('', `Resolved since ${cell(shown.comparedWith)}:`);
    out.push(...grid(['SEVERITY', 'CHECK', 'ACCOUNT', 'PROFILE/USER', 'KEY'], shown.resolved.map((f) => [cell(f.Severity), cell(f.Check), cell(f.Resource.Account), cell(who(f)), cell(key(f))])));
  }
  out.push('', 'Details, evidence and remediation: --output markdown (or json).');
  return `${out.join('\n')}\n`;
}
