/**
 * A finished review as its worker thread holds it (review-work.ts): the main process gets the review's summary, and
 * asks here for the findings the page lists (a filter and a sort over all of them, then a window), for one finding,
 * for mutes applied, and for exports. A report of 100,000 users has 200,000 findings; sent back to main whole, they
 * held it for seconds (taking them in, masking them, sending them to the page), and the page held them all again.
 * Findings leave here masked, as in every report, but for an export asked whole.
 */
import type { FindingsQueryView, FindingsSortView, ReviewFindingView, ReviewMutedView, ReviewView } from '../../shared/review-model.js';
import { FINDINGS_PAGE, RESOLVED_LISTED, SEVERITIES, resourceText } from '../../shared/review-list.js';
import type { ReviewFinding, ReviewReport } from '../core/review/finding.js';
import { formatReport, type ReportFormat } from '../core/review/formats.js';
import { maskResource, presentReport, summarize } from '../core/review/present.js';
import { applySuppressions, type Suppression } from '../core/review/suppressions.js';

/** What main keeps of a finished review: everything the view shows but its findings, and where it was saved. */
export type ReviewSummary = Omit<ReviewView, 'reviewId' | 'savedAs' | 'notes'>;

/** The order of `keys` (one per finding): stable, so the review's own order (most severe first) breaks ties. */
function sortOrder(keys: readonly string[]): Uint32Array {
  // The page's order when it sorted (Intl.Collator, as localeCompare).
  const collator = new Intl.Collator();
  return Uint32Array.from(keys.keys()).sort((a, b) => collator.compare(keys[a] as string, keys[b] as string) || a - b);
}

/** The review as main keeps it and the page is first sent it. */
export function reviewSummary(report: ReviewReport): ReviewSummary {
  const shown = presentReport({ ...report, findings: [], resolved: report.resolved.slice(0, RESOLVED_LISTED) }, { unmask: false });
  return {
    generatedAt: report.generatedAt,
    offline: report.offline,
    sources: report.sources,
    thresholds: report.thresholds,
    summary: summarize(report),
    findingCount: report.findings.length,
    newCount: report.findings.filter((f) => f.Status === 'new').length,
    checks: [...new Set(report.findings.map((f) => f.Check))].sort(),
    resolved: shown.resolved,
    resolvedCount: report.resolved.length,
    comparedWith: report.comparedWith,
  };
}

/** A finished review's findings, held: pages of them, one of them, mutes, exports. */
export function holdReview(finished: ReviewReport) {
  let report = finished;
  const masked = (findings: readonly ReviewFinding[]): readonly ReviewFindingView[] => presentReport({ ...report, findings, resolved: [] }, { unmask: false }).findings;
  const index = new Map(report.findings.map((f, i) => [f.Id, i]));
  // Sorts do not change with mutes: each order is made once, at its first use.
  const orders = new Map<FindingsSortView, Uint32Array>();
  // A resource sorts as its row reads, key ids masked: only the resource is masked, not the finding's other texts.
  const resourceKeys = (): string[] => report.findings.map((f) => resourceText({ Resource: maskResource(f.Resource) }));
  const order = (sort: FindingsSortView): Uint32Array => {
    let o = orders.get(sort);
    if (!o) {
      const f = report.findings;
      const key = (k: (x: ReviewFinding) => string) => f.map(k);
      o = sortOrder(
        sort === 'severity'
          ? key((x) => String(SEVERITIES.indexOf(x.Severity)))
          : sort === 'check'
            ? key((x) => x.Check)
            : sort === 'resource'
              ? resourceKeys()
              : sort === 'status'
                ? key((x) => (x.Status === 'new' ? '0' : '1'))
                : key((x) => x.DataAsOf),
      );
      orders.set(sort, o);
    }
    return o;
  };
  const one = (id: string): ReviewFindingView | null => {
    const i = index.get(id);
    return i === undefined ? null : (masked([report.findings[i] as ReviewFinding])[0] ?? null);
  };

  return {
    /** The findings `query` lets through, in its order: how many, and those from its offset (at most FINDINGS_PAGE). */
    findings: (query: Omit<FindingsQueryView, 'reviewId'>) => {
      const picked: ReviewFinding[] = [];
      const limit = Math.min(query.limit, FINDINGS_PAGE);
      let matching = 0;
      for (const i of order(query.sort)) {
        const f = report.findings[i] as ReviewFinding;
        if ((query.severity && f.Severity !== query.severity) || (query.check && f.Check !== query.check) || (query.muted === false && f.Muted !== null)) continue;
        if (matching >= query.offset && picked.length < limit) picked.push(f);
        matching += 1;
      }
      return { matching, findings: masked(picked) };
    },
    finding: one,
    /** The mutes kept now, applied as of `now`; the review's new counts and finding `id` as it is now. */
    suppress: (suppressions: readonly Suppression[], now: string, id: string): ReviewMutedView | null => {
      report = { ...report, findings: applySuppressions(report.findings, suppressions, now) };
      const finding = one(id);
      return finding && { summary: summarize(report), finding };
    },
    /** The whole review in `format`, key ids masked unless `unmask`. */
    export: (format: ReportFormat, unmask: boolean): string => formatReport(report, format, { unmask }),
  };
}

export type HeldFindings = ReturnType<typeof holdReview>;
