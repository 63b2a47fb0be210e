/**
 * The Markdown report: a document a reviewer can read and paste into a ticket or a wiki. Scope and sources with
 * their dates, a summary table, findings by severity with what to do, and what was resolved since the last review.
 * Every value from the data is escaped, so a user or profile name cannot add links, HTML or table cells.
 */

import type { PriorFinding, ReviewFinding, ReviewReport } from './finding.js';
import { SEVERITIES } from './model.js';
import { type FormatOptions, presentReport, summarize } from './present.js';

/** Escapes the characters that mean something inside a Markdown line (GFM), and folds line breaks. */
export function escapeMarkdown(value: string): string {
  // `://` is escaped too, so GFM does not turn a URL in a name into a link.
  return value
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/:\/\//g, ':\\/\\/');
}

const e = escapeMarkdown;
/** Key ids (masked or whole) and finding ids as code, where their asterisks need no escaping; anything else escaped. */
const code = (value: string): string => (/^[A-Za-z0-9*]+$/.test(value) ? `\`${value}\`` : e(value));
const HEADINGS: Readonly<Record<string, string>> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

function resource(r: PriorFinding['Resource']): string {
  const parts = [
    r.Account ? `account ${e(r.Account)}` : null,
    r.User ? `user ${e(r.User)}` : null,
    r.AccessKeyId ? `key ${code(r.AccessKeyId)}` : r.KeySlot ? `${e(r.KeySlot)}` : null,
    r.Profile ? `profile ${e(r.Profile)}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join(', ') : 'unknown';
}

function evidence(f: ReviewFinding): string {
  return Object.entries(f.Evidence)
    .map(([k, v]) => `${e(k)}: ${e(Array.isArray(v) ? v.join(', ') : String(v))}`)
    .join('; ');
}

function compliance(f: ReviewFinding): string | null {
  const entries = Object.entries(f.Compliance);
  if (entries.length === 0) return null;
  return entries.map(([version, controls]) => `${e(version.replace('CIS-', 'v'))} ${controls.map(e).join(', ')}`).join(' · ');
}

function findingLines(f: ReviewFinding): string[] {
  const lines = [`#### ${e(f.Title)} (${f.Status}${f.Muted ? ', muted' : ''})`, '', `- **Resource:** ${resource(f.Resource)}`, `- **Finding:** ${e(f.Detail)}`, `- **Evidence:** ${evidence(f)}`, `- **Data as of:** ${e(f.DataAsOf)} (${e(f.Source)})`, `- **Remediation:** ${e(f.Remediation)}`];
  const cis = compliance(f);
  if (cis) lines.push(`- **CIS AWS Foundations Benchmark:** ${cis}`);
  if (f.Muted) lines.push(`- **Muted:** ${e(f.Muted.Reason)}${f.Muted.Expires ? ` (until ${e(f.Muted.Expires)})` : ''}`);
  for (const note of f.Notes) lines.push(`- **Note:** ${e(note)}`);
  lines.push(`- **Check and id:** ${e(f.Check)}, ${code(f.Id)}`, '');
  return lines;
}

function scope(report: ReviewReport): string[] {
  const t = report.thresholds;
  const lines = ['## Scope and sources', '', '| Source | Kind | Data as of | Keys |', '| --- | --- | --- | --- |'];
  for (const s of report.sources) lines.push(`| ${e(s.Label)} | ${e(s.Kind)} | ${e(s.DataAsOf)}${s.AsOfOrigin ? ` (${e(s.AsOfOrigin)})` : ''} | ${s.Keys} |`);
  if (report.sources.length === 0) lines.push('| (none) | | | 0 |');
  lines.push('', `Thresholds: unused when last used more than ${t.unusedDays} days before the data's time; rotation due after more than ${t.rotationDays} days; a saved key's check is stale after more than ${t.staleDays} days.`);
  lines.push(t.accounts ? `Expected accounts: ${t.accounts.map(e).join(', ')}.` : 'Expected accounts: not given (no unexpected-account check).', '');
  return lines;
}

function summary(report: ReviewReport): string[] {
  const s = summarize(report);
  const fresh = report.findings.filter((f) => f.Status === 'new').length;
  const lines = ['## Summary', '', '| Severity | Findings |', '| --- | --- |'];
  lines.push(`| Critical | ${s.Critical} |`, `| High | ${s.High} |`, `| Medium | ${s.Medium} |`, `| Low | ${s.Low} |`, `| Info | ${s.Info} |`, `| Muted | ${s.Muted} |`, '');
  lines.push(report.comparedWith ? `Compared with ${e(report.comparedWith)}: ${fresh} new, ${report.findings.length - fresh} unchanged, ${report.resolved.length} resolved.` : 'First review: nothing to compare with.', '');
  return lines;
}

function resolved(report: ReviewReport): string[] {
  if (!report.comparedWith) return [];
  const lines = ['## Resolved since the last review', ''];
  if (report.resolved.length === 0) return [...lines, 'Nothing was resolved.', ''];
  lines.push('| Severity | Title | Resource | Id |', '| --- | --- | --- | --- |');
  for (const r of report.resolved) lines.push(`| ${e(r.Severity)} | ${e(r.Title)} | ${resource(r.Resource)} | ${code(r.Id)} |`);
  return [...lines, ''];
}

/** The Markdown report (masked unless `unmask`). */
export function formatMarkdown(report: ReviewReport, options: FormatOptions = {}): string {
  const shown = presentReport(report, options);
  const lines = ['# keyscope security review', '', `Generated ${e(shown.generatedAt)}, ${shown.offline ? 'offline (nothing was sent to AWS)' : 'online'}. Key ids are ${options.unmask ? 'shown whole' : 'masked'}.`, ''];
  lines.push(...scope(shown), ...summary(shown), '## Findings', '');
  if (shown.findings.length === 0) lines.push('No findings.', '');
  for (const severity of SEVERITIES) {
    const group = shown.findings.filter((f) => f.Severity === severity);
    if (group.length === 0) continue;
    lines.push(`### ${HEADINGS[severity]} (${group.length})`, '');
    for (const f of group) lines.push(...findingLines(f));
  }
  lines.push(...resolved(shown));
  return `${lines.join('\n').trimEnd()}\n`;
}
