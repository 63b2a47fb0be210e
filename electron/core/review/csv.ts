/**
 * The one importer of the CSV library (csv-parse and csv-stringify, the node-csv project): strict RFC 4180 reading
 * (every record the same width, quotes checked), a leading BOM tolerated, and RFC 4180 writing (CRLF, quoting
 * wherever a field holds a comma, a quote or any line break). Swapping the library means changing this file only.
 */

import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { err, ok, type Result } from '../../../shared/result.js';

/** Why a text is not the CSV we can read. Never quotes the data: a key list may hold secrets. */
export interface CsvProblem {
  readonly kind: 'csv';
  /** The line (1-based) where reading stopped, when known. */
  readonly line: number | null;
  readonly message: string;
}

/** What went wrong, by the library's error code, in plain words that name no value. */
const PROBLEMS: Readonly<Record<string, string>> = {
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'a row has a different number of fields than the header',
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quote closes a field but more text follows it before the comma',
  INVALID_OPENING_QUOTE: 'a quote appears inside a field that does not start with one',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text follows a closing quote',
  CSV_MAX_RECORD_SIZE: 'a row is too long',
};

interface LibraryError {
  readonly code?: unknown;
  /** How many records were read whole before this one. */
  readonly records?: unknown;
}

/** A record and the line of the file (1-based) where it starts. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

const READ = { bom: true, skip_empty_lines: true, relax_column_count: false } as const;
const CR = 0x0d;
const LF = 0x0a;

/** The end of each record (its byte offset, as the library's `info.bytes` gives it) and the record itself. */
type Parsed = { info: { bytes: number }; record: string[] }[];

function parseWithInfo(text: string, to?: number): Parsed {
  // The library's types do not follow `info: true`, which wraps each record with its Info.
  return parse(text, { ...READ, info: true, ...(to === undefined ? {} : { to }) }) as unknown as Parsed;
}

/**
 * The file line (1-based) where each record starts, given the byte offset where each ends: blank lines skipped
 * before a record are not its start; CR LF, CR and LF each end one line. An end past the last record (the text's
 * length) gives the line where whatever follows the records starts.
 */
function startLines(bytes: Buffer, ends: readonly number[]): number[] {
  let at = 0;
  let line = 1;
  return ends.map((end) => {
    let first = 0;
    for (; at < end; at += 1) {
      const b = bytes[at];
      if (first === 0 && b !== CR && b !== LF) first = line;
      if (b === LF || (b === CR && bytes[at + 1] !== LF)) line += 1;
    }
    return first || line;
  });
}

/**
 * Why the text could not be read, with the line where the record the library stopped at starts. The library's own
 * line count is not used: it counts a CRLF inside quotes as two lines. The records read whole before it are read
 * again (they parse, as they did the first time) to learn where they end.
 */
function problem(caught: unknown, text: string): CsvProblem {
  const e = (caught ?? {}) as LibraryError;
  const code = typeof e.code === 'string' ? e.code : '';
  const what = PROBLEMS[code] ?? 'it is not valid CSV';
  let line: number | null = null;
  if (typeof e.records === 'number' && Number.isInteger(e.records) && e.records >= 0) {
    const bytes = Buffer.from(text, 'utf8');
    const ends = e.records === 0 ? [] : parseWithInfo(text, e.records).map(({ info }) => info.bytes);
    line = startLines(bytes, [...ends, bytes.length]).at(-1) ?? null;
  }
  const where = line === null ? '' : ` (line ${line})`;
  return { kind: 'csv', line, message: `The file could not be read as CSV: ${what}${where}.` };
}

/**
 * Reads CSV text into records with the file line each starts on: not its count of records, which differs after a
 * quoted field holding line breaks or a skipped blank line. The library's own `info.lines` counts a CRLF inside quotes
 * as two, so lines are counted here, up to the byte offset (`info.bytes`) where the library says each record ends.
 */
export function parseCsvRecords(text: string): Result<CsvRecord[], CsvProblem> {
  let parsed: Parsed;
  try {
    parsed = parseWithInfo(text);
  } catch (caught) {
    return err(problem(caught, text));
  }
  const lines = startLines(Buffer.from(text, 'utf8'), parsed.map(({ info }) => info.bytes));
  return ok(parsed.map(({ record }, i) => ({ line: lines[i] ?? 1, cells: record })));
}

/** Reads CSV text into rows of strings. Blank lines are skipped; every other row must be as wide as the first. */
export function parseCsv(text: string): Result<string[][], CsvProblem> {
  const records = parseCsvRecords(text);
  return records.ok ? ok(records.value.map((r) => r.cells)) : records;
}

/** Writes rows as RFC 4180 CSV: CRLF between records, a final CRLF, fields quoted when they need it. */
export function stringifyCsv(rows: readonly (readonly string[])[]): string {
  // The library quotes fields holding its record delimiter (CRLF) but not a bare LF or CR; RFC 4180 needs both quoted.
  return stringify(rows as string[][], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
