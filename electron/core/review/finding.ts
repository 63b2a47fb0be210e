/**
 * What a review produces. Field names are PascalCase like the rest of keyscope's JSON output (and AWS's), so the
 * JSON report can be documented once and read by other tools.
 */

import type { CheckId, Severity, SourceKind, Thresholds } from './model.js';

/** A value a finding rests on: a field of the source data, or a number computed from it. */
export type EvidenceValue = string | number | boolean | null | readonly string[];

/** What a finding is about; null where the data does not say. */
export interface FindingResource {
  readonly Account: string | null;
  readonly User: string | null;
  /** Whole inside the engine; reports mask it unless asked to unmask. */
  readonly AccessKeyId: string | null;
  readonly Profile: string | null;
  /** `access_key_1` or `access_key_2` for credential-report keys, which have no key id. */
  readonly KeySlot?: string;
}

/** CIS AWS Foundations Benchmark controls by version, as Prowler names them: {"CIS-3.0": ["1.12"], …}. */
export type Compliance = Readonly<Record<string, readonly string[]>>;

/** One finding of one review, before comparison with earlier reviews. */
export interface Finding {
  /** Stable: the same key and check give the same id in every review (see finding-id.ts). */
  readonly Id: string;
  readonly Check: CheckId;
  readonly Severity: Severity;
  readonly Title: string;
  readonly Resource: FindingResource;
  /** What was found, in plain words. */
  readonly Detail: string;
  /** The fields the finding rests on. */
  readonly Evidence: Readonly<Record<string, EvidenceValue>>;
  readonly Remediation: string;
  readonly Compliance: Compliance;
  /** The time the data describes; ages are computed as of it. */
  readonly DataAsOf: string;
  /** The source the finding rests on. */
  readonly Source: SourceKind;
}

/** A suppression that applies to a finding. */
export interface MuteInfo {
  readonly Reason: string;
  /** ISO date or null when it does not expire. */
  readonly Expires: string | null;
}

/** Whether a finding was in the previous review. */
export type FindingStatus = 'new' | 'unchanged';

/** A finding after comparison and suppressions. */
export interface ReviewFinding extends Finding {
  readonly Status: FindingStatus;
  /** Set when a suppression applies: the finding stays in the report but counts for nothing. */
  readonly Muted: MuteInfo | null;
  /** Remarks about the finding itself, such as a suppression that expired. */
  readonly Notes: readonly string[];
}

/** A finding of an earlier review, as much as comparison needs and reports show of what was resolved. */
export interface PriorFinding {
  readonly Id: string;
  readonly Check: string;
  readonly Severity: string;
  readonly Title: string;
  readonly Resource: FindingResource;
  readonly DataAsOf: string;
  /** The kind of source it rested on; absent in baselines that do not say. */
  readonly Source?: string;
}

/** A source as the report lists it. */
export interface ReportSource {
  readonly Kind: SourceKind;
  readonly Label: string;
  readonly DataAsOf: string;
  readonly AsOfOrigin: string | null;
  readonly Keys: number;
}

/** A whole review, ready for any format. */
export interface ReviewReport {
  readonly generatedAt: string;
  /** The fingerprint of the key its finding ids were made with (finding-id.ts); never the key. */
  readonly idKeyFingerprint: string;
  readonly offline: boolean;
  readonly sources: readonly ReportSource[];
  readonly thresholds: Thresholds;
  /** Sorted most severe first. */
  readonly findings: readonly ReviewFinding[];
  readonly resolved: readonly PriorFinding[];
  /** Findings of earlier reviews about what this one did not examine: carried forward, neither resolved nor new. */
  readonly notReviewed: readonly PriorFinding[];
  /** What the comparison was against: "previous review of …", "baseline FILE", or null for a first review. */
  readonly comparedWith: string | null;
}
