/**
 * What the app's Review view asks and is answered (the review channels of contract.ts): a review's findings as the
 * renderer sees them (key ids masked, as in every report), its sources, progress, exports and mutes. Types only.
 * The engine's own types live in electron/core/review (finding.ts, model.ts); these mirror their JSON shape.
 */
import type { ErrorView } from './model.js';

/** Severities, most severe first. */
export type SeverityView = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** The report formats an export writes. */
export type ReportFormatView = 'json' | 'csv' | 'markdown' | 'sarif' | 'ocsf';

/** What a finding is about; null where the data does not say. The key id is masked. */
export interface FindingResourceView {
  readonly Account: string | null;
  readonly User: string | null;
  readonly AccessKeyId: string | null;
  readonly Profile: string | null;
  readonly KeySlot?: string;
}

/** A finding as the Review view shows it (the JSON report's finding, masked). */
export interface ReviewFindingView {
  readonly Id: string;
  readonly Check: string;
  readonly Severity: SeverityView;
  readonly Title: string;
  readonly Resource: FindingResourceView;
  readonly Detail: string;
  readonly Evidence: Readonly<Record<string, string | number | boolean | null | readonly string[]>>;
  readonly Remediation: string;
  readonly Compliance: Readonly<Record<string, readonly string[]>>;
  readonly DataAsOf: string;
  readonly Source: string;
  /** Against the previous review. */
  readonly Status: 'new' | 'unchanged';
  readonly Muted: { readonly Reason: string; readonly Expires: string | null } | null;
  readonly Notes: readonly string[];
}

/** A finding of the previous review that this one no longer has. */
export interface ResolvedFindingView {
  readonly Id: string;
  readonly Check: string;
  readonly Severity: string;
  readonly Title: string;
  readonly Resource: FindingResourceView;
  readonly DataAsOf: string;
}

/** Unmuted findings by severity, and the muted ones. */
export interface ReviewSummaryView {
  readonly Critical: number;
  readonly High: number;
  readonly Medium: number;
  readonly Low: number;
  readonly Info: number;
  readonly Muted: number;
}

/**
 * A whole review as the view shows it, but its findings: those stay where the review is held (a report of 100,000
 * users has 200,000 of them), and the view asks for the ones it lists (review:findings) or shows (review:finding).
 */
export interface ReviewView {
  /** Names the review main holds, for its findings, mutes and exports. */
  readonly reviewId: string;
  readonly generatedAt: string;
  readonly offline: boolean;
  readonly sources: ReadonlyArray<{ readonly Kind: string; readonly Label: string; readonly DataAsOf: string; readonly AsOfOrigin: string | null; readonly Keys: number }>;
  readonly thresholds: { readonly unusedDays: number; readonly rotationDays: number; readonly staleDays: number; readonly accounts?: readonly string[] };
  readonly summary: ReviewSummaryView;
  /** How many findings the review has, muted or not, and how many of them are new since the previous review. */
  readonly findingCount: number;
  readonly newCount: number;
  /** The checks its findings name, sorted: the check filter's choices. */
  readonly checks: readonly string[];
  /** The first RESOLVED_LISTED of what was resolved (an export lists them all), and how many there are. */
  readonly resolved: readonly ResolvedFindingView[];
  readonly resolvedCount: number;
  /** What the review was compared with, or null for a first review. */
  readonly comparedWith: string | null;
  /** Where the review was kept (the next one compares with it), or null when it could not be. */
  readonly savedAs: string | null;
  /** What the sources said besides findings: keys left out of an audit, a report kept, a warning. */
  readonly notes: readonly string[];
}

/** A credential report fetched earlier and kept under KEYSCOPE_HOME/reports/. */
export interface StoredReportView {
  /** The file's name in that folder. */
  readonly name: string;
  readonly account: string | null;
  readonly generatedTime: string;
}

/** A credential report file read in main (an open dialog, or a file the page sent), held under a handle. */
export interface ImportedReportView {
  readonly handle: string;
  readonly label: string;
  /** How many keys it lists. */
  readonly keys: number;
}

/** What a review can be made of, and how files are opened here. */
export interface ReviewSourcesView {
  readonly storedReports: readonly StoredReportView[];
  /** True in the desktop app: main shows open and save dialogs. False in a browser: the page sends and downloads files. */
  readonly nativeDialogs: boolean;
  /** When the last saved review ran, or null before the first. */
  readonly lastReviewAt: string | null;
  readonly defaults: { readonly unusedDays: number; readonly rotationDays: number; readonly staleDays: number };
  /** The largest credential report read, in bytes. */
  readonly maxReportBytes: number;
}

/** What to review: any mix of sources, offline or not, and thresholds. */
export interface ReviewRunRequest {
  /** Saved profiles by id; with `allProfiles`, every one. Neither: no saved profile is reviewed. */
  readonly profileIds?: readonly string[];
  readonly allProfiles?: boolean;
  /** Stored reports by file name. */
  readonly storedReports?: readonly string[];
  /** Imported reports by handle. */
  readonly importedReports?: readonly string[];
  /** Pasted key ids, one per line (a secret after an id is dropped, never kept). */
  readonly keys?: string;
  /** A saved profile that fetches the account's credential report (online). */
  readonly fetchWith?: string;
  /** A saved profile that audits the saved keys of its account passively (online; nothing signed by a reviewed key). */
  readonly auditWith?: string;
  /** Refuse every source that needs the network. */
  readonly offline: boolean;
  readonly unusedDays?: number;
  readonly rotationDays?: number;
  readonly staleDays?: number;
  /** Expected accounts, comma-separated: a key of any other is a finding. */
  readonly accounts?: string;
  /** The time imported and stored reports describe (ISO 8601), when not their own. */
  readonly asOf?: string;
}

/** A step of a running review. */
export interface ReviewProgressView {
  readonly jobId: string;
  readonly message: string;
  readonly done: number | null;
  readonly total: number | null;
}

/** The end of a review: the review, or why it could not run. */
export interface ReviewDoneView {
  readonly jobId: string;
  readonly review: ReviewView | null;
  readonly error: ErrorView | null;
}

/** How the findings table sorts: most severe first (the review's own order), by check, by resource, new first, oldest data first. */
export type FindingsSortView = 'severity' | 'check' | 'resource' | 'status' | 'dataAsOf';

/** Which of a held review's findings to list: a filter, a sort, and a window into the result. */
export interface FindingsQueryView {
  readonly reviewId: string;
  readonly severity?: SeverityView;
  readonly check?: string;
  /** False lists unmuted findings only; absent or true lists the muted ones too. */
  readonly muted?: boolean;
  readonly sort: FindingsSortView;
  readonly offset: number;
  /** At most FINDINGS_PAGE. */
  readonly limit: number;
}

/** A window of the findings a query lets through, and how many it lets through of all the review's. */
export interface FindingsPageView {
  readonly matching: number;
  readonly findings: readonly ReviewFindingView[];
}

/** Which findings a mute covers: this one, this check in this account, or this check everywhere. */
export type MuteScopeView = 'finding' | 'account' | 'check';

/** What a mute changed: the review's counts, and the finding muted. */
export interface ReviewMutedView {
  readonly summary: ReviewSummaryView;
  readonly finding: ReviewFindingView;
}

/** What an export did: saved through main's dialog, cancelled there, or the text for the page to download. */
export type ReviewExportView =
  | { readonly kind: 'saved'; readonly path: string }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'download'; readonly fileName: string; readonly mediaType: string; readonly text: string };

/** Unmuted findings of the last saved review per saved profile (by profile id). */
export interface ProfileFindingsView {
  readonly reviewedAt: string | null;
  readonly counts: Readonly<Record<string, number>>;
}
