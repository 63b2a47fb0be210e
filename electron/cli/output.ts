/** Output formats: json (the AWS CLI's, 4-space indent), text (tab-separated, AWS CLI style), table (for people). */
import { maskKeyId } from '../core/keys/key-id.js';
import { escapeControls, safeJson } from '../core/safe-text.js';

// Made safe in the core, where the review's formats use them too.
export { escapeControls, safeJson };

export type OutputFormat = 'json' | 'text' | 'table';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['json', 'text', 'table'];

type Json = string | number | boolean | null | undefined | readonly Json[] | { readonly [k: string]: Json };

/** Formats a value in the asked format; `title` heads the table. Server text never reaches the terminal raw. */
export function formatOutput(value: unknown, format: OutputFormat, title: string): string {
  switch (format) {
    case 'json':
      return `${safeJson(value)}\n`;
    case 'text':
      return textLines(value as Json, '').join('\n') + '\n';
    case 'table':
      return table(title, rows(value as Json, ''));
  }
}

function isScalar(v: Json): v is string | number | boolean | null | undefined {
  return v === null || v === undefined || typeof v !== 'object';
}

function scalarText(v: Json): string {
  return v === null || v === undefined ? 'None' : escapeControls(String(v));
}

/** AWS CLI text: a line of the scalars of an object (sorted by key), then one block per nested member. */
function textLines(value: Json, label: string): string[] {
  if (isScalar(value)) return [label ? `${label}\t${scalarText(value)}` : scalarText(value)];
  if (Array.isArray(value)) return value.flatMap((item: Json) => textLines(item, label));
  const entries = Object.entries(value as Record<string, Json>).sort(([a], [b]) => a.localeCompare(b));
  const scalars = entries.filter(([, v]) => isScalar(v)).map(([, v]) => scalarText(v));
  const lines = scalars.length ? [[label, ...scalars].filter(Boolean).join('\t')] : [];
  for (const [k, v] of entries) if (!isScalar(v)) lines.push(...textLines(v, escapeControls(k.toUpperCase())));
  return lines;
}

const SECRET_MEMBERS = new Set(['SecretAccessKey', 'SessionToken']);

/** Flattens to [path, value] rows; secrets are masked in tables, which are for eyes, not scripts. */
function rows(value: Json, prefix: string): Array<[string, string]> {
  if (isScalar(value)) return [[prefix || 'Value', scalarText(value)]];
  if (Array.isArray(value)) return value.flatMap((item: Json, i: number) => rows(item, `${prefix}[${i + 1}]`));
  return Object.entries(value as Record<string, Json>).flatMap(([k, v]) => {
    const name = prefix ? `${prefix}.${escapeControls(k)}` : escapeControls(k);
    if (SECRET_MEMBERS.has(k) && typeof v === 'string') return [[name, maskSecret(v)] as [string, string]];
    return rows(v, name);
  });
}

function maskSecret(secret: string): string {
  return `${'*'.repeat(8)} (${secret.length} characters, hidden; use --output json to get it)`;
}

function table(rawTitle: string, body: Array<[string, string]>): string {
  const title = escapeControls(rawTitle);
  const left = Math.max(...body.map(([k]) => k.length), 4);
  const right = Math.max(...body.map(([, v]) => v.length), title.length - left - 3, 5);
  const width = left + right + 7;
  const line = `+${'-'.repeat(left + 2)}+${'-'.repeat(right + 2)}+`;
  const pad = Math.max(0, width - 4 - title.length);
  const head = `| ${' '.repeat(Math.floor(pad / 2))}${title}${' '.repeat(Math.ceil(pad / 2))} |`;
  const out = [`+${'-'.repeat(width - 2)}+`, head, line, ...body.map(([k, v]) => `| ${k.padEnd(left)} | ${v.padEnd(right)} |`), line];
  return `${out.join('\n')}\n`;
}

/** Masks a key id for display. */
export const masked = maskKeyId;
