/**
 * The OCSF report: a JSON array of Detection Finding events (OCSF 1.3.0, class_uid 2004, category 2 Findings,
 * activity 1 Create, so type_uid 200401), one per finding, as SIEMs and Security Lake ingest them. Muted findings
 * have status Suppressed. keyscope-only fields (evidence, compliance, data time) go under `unmapped`.
 * https://schema.ocsf.io/1.3.0/classes/detection_finding
 */

import { safeJson } from '../safe-text.js';
import { VERSION } from '../version.js';
import type { ReviewFinding, ReviewReport } from './finding.js';
import type { Severity } from './model.js';
import { type FormatOptions, presentReport } from './present.js';

/** The OCSF schema version the events follow. */
export const OCSF_VERSION = '1.3.0';

const SEVERITY: Readonly<Record<Severity, { id: number; name: string }>> = {
  critical: { id: 5, name: 'Critical' },
  high: { id: 4, name: 'High' },
  medium: { id: 3, name: 'Medium' },
  low: { id: 2, name: 'Low' },
  info: { id: 1, name: 'Informational' },
};

/** One Detection Finding event (the fields keyscope fills). */
export interface OcsfDetectionFinding {
  readonly class_uid: 2004;
  readonly class_name: 'Detection Finding';
  readonly category_uid: 2;
  readonly category_name: 'Findings';
  readonly activity_id: 1;
  readonly activity_name: 'Create';
  readonly type_uid: 200401;
  readonly type_name: 'Detection Finding: Create';
  readonly severity_id: number;
  readonly severity: string;
  readonly status_id: number;
  readonly status: string;
  readonly status_detail?: string;
  readonly time: number;
  readonly message: string;
  readonly finding_info: { readonly uid: string; readonly title: string; readonly desc: string; readonly types: readonly string[]; readonly data_sources: readonly string[] };
  readonly metadata: { readonly version: string; readonly product: { readonly name: string; readonly vendor_name: string; readonly version: string }; readonly event_code: string; readonly profiles: readonly string[] };
  readonly cloud: { readonly provider: 'AWS'; readonly account?: { readonly uid: string; readonly type: 'AWS Account'; readonly type_id: 10 } };
  readonly resources: readonly { readonly type: string; readonly uid: string; readonly name: string; readonly data: Record<string, unknown> }[];
  readonly remediation: { readonly desc: string };
  readonly unmapped: Record<string, unknown>;
}

function event(f: ReviewFinding, time: number): OcsfDetectionFinding {
  const r = f.Resource;
  const sev = SEVERITY[f.Severity];
  const isKey = r.AccessKeyId !== null || r.KeySlot !== undefined;
  const uid = [r.Account, r.User, r.AccessKeyId ?? r.KeySlot, r.Profile ? `profile:${r.Profile}` : null].filter((p) => p).join('/') || 'unknown';
  return {
    class_uid: 2004,
    class_name: 'Detection Finding',
    category_uid: 2,
    category_name: 'Findings',
    activity_id: 1,
    activity_name: 'Create',
    type_uid: 200401,
    type_name: 'Detection Finding: Create',
    severity_id: sev.id,
    severity: sev.name,
    status_id: f.Muted ? 3 : 1,
    status: f.Muted ? 'Suppressed' : 'New',
    ...(f.Muted || f.Notes.length ? { status_detail: [f.Muted?.Reason, ...f.Notes].filter((s) => s).join(' ') } : {}),
    time,
    message: f.Detail,
    finding_info: { uid: f.Id, title: f.Title, desc: f.Detail, types: [f.Check], data_sources: [f.Source] },
    metadata: { version: OCSF_VERSION, product: { name: 'keyscope', vendor_name: 'keyscope', version: VERSION }, event_code: f.Check, profiles: ['cloud'] },
    cloud: { provider: 'AWS', ...(r.Account ? { account: { uid: r.Account, type: 'AWS Account' as const, type_id: 10 as const } } : {}) },
    resources: [{ type: isKey ? 'AwsIamAccessKey' : 'AwsIamUser', uid, name: r.AccessKeyId ?? r.User ?? r.Profile ?? uid, data: { ...r } }],
    remediation: { desc: f.Remediation },
    unmapped: { compliance: f.Compliance, evidence: f.Evidence, data_as_of: f.DataAsOf, review_status: f.Status, notes: f.Notes },
  };
}

/** The findings as OCSF Detection Finding events (masked unless `unmask`); `time` is the review's time. */
export function toOcsf(report: ReviewReport, options: FormatOptions = {}): OcsfDetectionFinding[] {
  const shown = presentReport(report, options);
  const time = Date.parse(shown.generatedAt);
  return shown.findings.map((f) => event(f, time));
}

/** The OCSF report as text: one JSON array; C1 and bidi characters as \u escapes. */
export function formatOcsf(report: ReviewReport, options: FormatOptions = {}): string {
  return `${safeJson(toOcsf(report, options), 2)}\n`;
}
