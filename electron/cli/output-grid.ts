/**
 * Tables of many rows for people: one row per item under a header, in the AWS CLI's box style, fitted to the
 * terminal's width (long cells cut with …). Every cell is escaped: server text cannot drive the terminal or forge a row.
 */
import { escapeControls } from './output.js';

/**
 * A column: its header; how narrow it may be cut (the header's width if not said, never below what its widest cell
 * needs when that is less); which columns give way first on a narrow terminal (a lower `giveWay` is cut first); and
 * whether it may be left out when the table cannot fit even with every column at its minimum (a higher `leaveOut`
 * goes first; absent: always shown).
 */
export interface GridColumn {
  readonly header: string;
  readonly min?: number;
  readonly giveWay?: number;
  readonly leaveOut?: number;
}

/** Cuts `text` to `width` characters, the last one an ellipsis when something was cut. */
export function cut(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

const length = (s: string) => [...s].length;
const pad = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - length(s)));
const boxWidth = (widths: readonly number[]) => widths.reduce((a, w) => a + w + 3, 1);

/** Column widths that fit `maxWidth` (the box included), cutting columns in their `giveWay` order, never below their minimum. */
function fit(natural: readonly number[], columns: readonly GridColumn[], maxWidth: number): number[] {
  const widths = [...natural];
  let over = boxWidth(widths) - maxWidth;
  const order = [...columns.keys()].sort((a, b) => (columns[a]?.giveWay ?? 0) - (columns[b]?.giveWay ?? 0));
  for (const i of order) {
    if (over <= 0) break;
    const cutBy = Math.min(over, (widths[i] as number) - minOf(columns[i] as GridColumn, natural[i] as number));
    widths[i] = (widths[i] as number) - cutBy;
    over -= cutBy;
  }
  return widths;
}

const minOf = (c: GridColumn, natural: number) => Math.min(c.min ?? length(c.header), natural);

/**
 * A titled table, one line per row; `maxWidth` is the terminal's width (undefined: no limit). When even the
 * minimum widths do not fit, the columns that may be left out go, and a line under the table says which.
 */
export function grid(title: string, columns: readonly GridColumn[], rows: ReadonlyArray<readonly (string | null | undefined)[]>, maxWidth?: number): string {
  const cells = rows.map((r) => columns.map((_, i) => escapeControls(r[i] ?? '-')));
  const natural = columns.map((c, i) => Math.max(length(c.header), ...cells.map((r) => length(r[i] as string))));
  let shown = [...columns.keys()];
  const leaving = [...columns.keys()].filter((i) => columns[i]?.leaveOut !== undefined).sort((a, b) => (columns[b]?.leaveOut ?? 0) - (columns[a]?.leaveOut ?? 0));
  const left: string[] = [];
  while (maxWidth && boxWidth(shown.map((i) => minOf(columns[i] as GridColumn, natural[i] as number))) > maxWidth && leaving.length) {
    const i = leaving.shift() as number;
    shown = shown.filter((x) => x !== i);
    left.push(columns[i]?.header as string);
  }
  const cols = shown.map((i) => columns[i] as GridColumn);
  const nat = shown.map((i) => natural[i] as number);
  const widths = maxWidth ? fit(nat, cols, maxWidth) : nat;
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (values: readonly string[]) => `| ${values.map((v, i) => pad(cut(v, widths[i] as number), widths[i] as number)).join(' | ')} |`;
  const inner = length(rule) - 4;
  const shownTitle = cut(escapeControls(title), inner);
  const space = inner - length(shownTitle);
  const head = `| ${' '.repeat(Math.floor(space / 2))}${shownTitle}${' '.repeat(Math.ceil(space / 2))} |`;
  const body = [`+${'-'.repeat(length(rule) - 2)}+`, head, rule, line(cols.map((c) => c.header)), rule, ...cells.map((r) => line(shown.map((i) => r[i] as string))), rule];
  if (left.length) body.push(`(${left.join(' and ')} left out to fit ${maxWidth} columns: a wider terminal, --output text or json shows every column)`);
  return `${body.join('\n')}\n`;
}

/** Tab-separated lines, the AWS CLI's text form: one line per row, no header, no tab or line break inside a value. */
export function tabLines(rows: ReadonlyArray<readonly (string | null | undefined)[]>): string {
  return rows.map((r) => r.map((v) => (v === null || v === undefined ? 'None' : escapeControls(v))).join('\t')).join('\n') + (rows.length ? '\n' : '');
}

/** Labelled sections for one item: a heading per section, then `label  value` lines aligned; empty values left out. */
export function sections(title: string, parts: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string | null | undefined]>]>): string {
  const shown = parts.map(([heading, lines]) => [heading, lines.filter(([, v]) => v !== null && v !== undefined && v !== '')] as const).filter(([, lines]) => lines.length > 0);
  const labelWidth = Math.max(0, ...shown.flatMap(([, lines]) => lines.map(([label]) => length(label))));
  const out = [escapeControls(title)];
  for (const [heading, lines] of shown) {
    out.push('', heading);
    for (const [label, value] of lines) out.push(`  ${pad(label, labelWidth)}  ${escapeControls(value as string)}`);
  }
  return `${out.join('\n')}\n`;
}
