/**
 * The SARIF 2.1.0 report, as security dashboards read it (Prowler's conventions, DESIGN.md): a rule per check with
 * `properties.security-severity` 9.0/7.0/4.0/2.0/0.0, critical and high as `error`, medium as `warning`, low and info
 * as `note`, and the finding id in `partialFingerprints` so a dashboard tracks a finding across reviews. Findings
 * have no file: each names its resource as a logical location. Muted findings carry an accepted suppression.
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */

import type { Log, ReportingDescriptor, Result as SarifResult } from 'sarif';
import { safeJson } from '../safe-text.js';
import { VERSION } from '../version.js';
import { CHECK_INFO } from './checks.js';
import type { ReviewFinding, ReviewReport } from './finding.js';
import { CHECKS, type Severity } from './model.js';
import { type FormatOptions, presentReport } from './present.js';

const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.0', high: '7.0', medium: '4.0', low: '2.0', info: '0.0' };
const LEVEL: Readonly<Record<Severity, SarifResult.level>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
const ACCESS_KEYS_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html';
const ROOT_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html';
/** The fingerprint's name; bump the version if ids are ever computed differently. */
export const FINGERPRINT = 'keyscopeFindingId/v1';

function rule(check: (typeof CHECKS)[number]): ReportingDescriptor {
  const info = CHECK_INFO[check];
  const cis = Object.entries(info.compliance).flatMap(([version, controls]) => controls.map((c) => `${version} ${c}`));
  return {
    id: check,
    name: check.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: info.title },
    fullDescription: { text: info.description },
    help: { text: info.remediation },
    helpUri: check === 'root-access-key' ? ROOT_DOC : ACCESS_KEYS_DOC,
    defaultConfiguration: { level: LEVEL[info.severity] },
    properties: { 'security-severity': SECURITY_SEVERITY[info.severity], tags: ['security', 'aws', 'iam', ...cis] },
  };
}

function location(f: ReviewFinding): string {
  const r = f.Resource;
  return [r.Account ?? 'unknown-account', r.User, r.AccessKeyId ?? r.KeySlot, r.Profile ? `profile:${r.Profile}` : null].filter((p) => p).join('/');
}

function result(f: ReviewFinding, comparing: boolean): SarifResult {
  return {
    ruleId: f.Check,
    ruleIndex: CHECKS.indexOf(f.Check),
    level: LEVEL[f.Severity],
    kind: 'fail',
    message: { text: `${f.Detail} ${f.Remediation}` },
    locations: [{ logicalLocations: [{ name: f.Resource.AccessKeyId ?? f.Resource.User ?? f.Resource.Profile ?? f.Resource.Account ?? 'unknown', fullyQualifiedName: location(f), kind: 'resource' }] }],
    partialFingerprints: { [FINGERPRINT]: f.Id },
    ...(comparing ? { baselineState: f.Status } : {}),
    ...(f.Muted ? { suppressions: [{ kind: 'external', status: 'accepted', justification: f.Muted.Reason }] } : {}),
    properties: {
      severity: f.Severity,
      resource: f.Resource,
      evidence: f.Evidence,
      compliance: f.Compliance,
      dataAsOf: f.DataAsOf,
      source: f.Source,
      ...(f.Notes.length ? { notes: f.Notes } : {}),
    },
  };
}

/** The SARIF log as an object (masked unless `unmask`). */
export function toSarif(report: ReviewReport, options: FormatOptions = {}): Log {
  const shown = presentReport(report, options);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'keyscope', version: VERSION, semanticVersion: VERSION, rules: CHECKS.map(rule) } },
        invocations: [{ executionSuccessful: true, endTimeUtc: shown.generatedAt }],
        results: shown.findings.map((f) => result(f, shown.comparedWith !== null)),
        properties: { offline: shown.offline, sources: shown.sources, thresholds: shown.thresholds, resolved: shown.resolved.map((r) => r.Id) },
      },
    ],
  };
}

/** The SARIF report as text; C1 and bidi characters as \u escapes. */
export function formatSarif(report: ReviewReport, options: FormatOptions = {}): string {
  return `${safeJson(toSarif(report, options), 2)}\n`;
}
