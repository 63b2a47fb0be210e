/** Output formats: json (the AWS CLI's, 4-space indent), text (tab-separated, AWS CLI style), table (for people). */
import { maskKeyId } from '../core/keys/key-id.js';

export type OutputFormat = 'json' | 'text' | 'table';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['json', 'text', 'table'];

type Json = string | number | boolean | null | undefined | readonly Json[] | { readonly [k: string]: Json };

// C0 controls, DEL and C1 controls (escape sequences, line breaks, tabs that forge columns) and the bidi controls
// that reorder what a terminal shows (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
// eslint-disable-next-line no-control-regex -- these control characters are what must be caught
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// JSON.stringify escapes C0 itself; these it leaves raw.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number) => (c.codePointAt(0) ?? 0).toString(16).padStart(width, '0');

/**
 * Makes text a server or a file sent safe to print on a terminal: control and bidi characters become visible
 * escapes (`\x1b`, `\x0a`, `\u202e`). Use it on every value in text and table output.
 */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/** JSON with the characters JSON.stringify leaves raw but a terminal acts on (C1, bidi) written as \u escapes. */
export function safeJson(value: unknown): string {
  // Outside strings JSON holds only punctuation and spaces, so every match is inside a string, where \u is valid.
  return JSON.stringify(value, null, 4).replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4)}`);
}

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
