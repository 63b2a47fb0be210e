/**
 * The Markdown report: a document a reviewer can read and paste into a ticket or a wiki. Scope and sources with
 * their dates, a summary table, findings by severity with what to do, and what was resolved since the last review.
 * Every value from the data is escaped (one holding `@` is written as code, the one place GFM never links an email
 * address), so a user or profile name cannot add links, HTML or table cells; format-markdown.test.ts renders hostile
 * names with micromark, the reference GFM implementation, to prove it. Control and bidi characters are written as
 * visible escapes (`\x1b`, `\u202e`), as the terminal table shows them: a reviewer may `cat` the file, and a
 * right-to-left override reorders a name in a rendered page.
 */

import { escapeControls } from '../safe-text.js';
import type { PriorFinding, ReviewFinding, ReviewReport } from './finding.js';
import { SEVERITIES } from './model.js';
import { type FormatOptions, presentReport, summarize } from './present.js';

/**
 * Escapes the characters that mean something inside a Markdown line (GFM), folds line breaks and shows other control
 * and bidi characters as escapes. A value holding `@`
 * is written as a code span instead: GFM links an email address in plain text whatever is escaped (cmark-gfm, GitHub's
 * renderer, finds them in the text after escapes and references are resolved: github/cmark-gfm#278, #388), but never
 * inside code. `cell` is for a table cell, which GFM splits at every `|` before it reads code spans: there each `|`
 * is written between code spans as `\|`. Escaped inside the code it would end the cell after a backslash of the value
 * (micromark reads `\\` as an escaped backslash, leaving the `|` bare), which could then add HTML.
 */
export function escapeMarkdown(value: string, cell = false): string {
  const line = escapeControls(value.replace(/\r\n|\r|\n/g, ' '));
  if (line.includes('@')) {
    if (!cell) return codeSpan(line);
    return line
      .split('|')
      .map((piece) => (piece ? codeSpan(piece) : ''))
      .join('\\|');
  }
  // `www.` and `://` are broken up too, so GFM does not turn a domain or a URL in a name into a link.
  return line
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/(www)\./gi, '$1\\.')
    .replace(/:\/\//g, ':\\/\\/');
}

/** A code span showing `text` exactly: a fence longer than any run of backticks in it, padded where GFM strips. */
function codeSpan(text: string): string {
  const fence = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  // https://github.github.com/gfm/#code-spans: one space is stripped from each side when both sides have one.
  const pad = /^`|`$|^ .*[^ ].* $/.test(text) && /[^ ]/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

const e = (value: string): string => escapeMarkdown(value);
/** A table cell's value. */
const c = (value: string): string => escapeMarkdown(value, true);
/** Key ids (masked or whole) and finding ids as code, where their asterisks need no escaping; anything else escaped. */
const code = (value: string, esc = e): string => (/^[A-Za-z0-9*]+$/.test(value) ? `\`${value}\`` : esc(value));
const HEADINGS: Readonly<Record<string, string>> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

function resource(r: PriorFinding['Resource'], esc = e): string {
  const parts = [
    r.Account ? `account ${esc(r.Account)}` : null,
    r.User ? `user ${esc(r.User)}` : null,
    r.AccessKeyId ? `key ${code(r.AccessKeyId, esc)}` : r.KeySlot ? `${esc(r.KeySlot)}` : null,
    r.Profile ? `profile ${esc(r.Profile)}` : null,
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
  for (const s of report.sources) lines.push(`| ${c(s.Label)} | ${c(s.Kind)} | ${c(s.DataAsOf)}${s.AsOfOrigin ? ` (${c(s.AsOfOrigin)})` : ''} | ${s.Keys} |`);
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
  const carried = report.notReviewed.length;
  const notReviewed = carried > 0 ? `, ${carried} not reviewed this time (about what this review did not read or could not tell: kept for the next review that tells them)` : '';
  lines.push(report.comparedWith ? `Compared with ${e(report.comparedWith)}: ${fresh} new, ${report.findings.length - fresh} unchanged, ${report.resolved.length} resolved${notReviewed}.` : 'First review: nothing to compare with.', '');
  return lines;
}

function resolved(report: ReviewReport): string[] {
  if (!report.comparedWith) return [];
  const lines = ['## Resolved since the last review', ''];
  if (report.resolved.length === 0) return [...lines, 'Nothing was resolved.', ''];
  lines.push('| Severity | Title | Resource | Id |', '| --- | --- | --- | --- |');
  for (const r of report.resolved) lines.push(`| ${c(r.Severity)} | ${c(r.Title)} | ${resource(r.Resource, c)} | ${code(r.Id, c)} |`);
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
