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
  readonly lines?: unknown;
}

/** Reads CSV text into rows of strings. Blank lines are skipped; every other row must be as wide as the first. */
export function parseCsv(text: string): Result<string[][], CsvProblem> {
  try {
    const rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false }) as string[][];
    return ok(rows);
  } catch (caught) {
    const e = (caught ?? {}) as LibraryError;
    const code = typeof e.code === 'string' ? e.code : '';
    const line = typeof e.lines === 'number' ? e.lines : null;
    const what = PROBLEMS[code] ?? 'it is not valid CSV';
    const where = line === null ? '' : ` (line ${line})`;
    return err({ kind: 'csv', line, message: `The file could not be read as CSV: ${what}${where}.` });
  }
}

/** Writes rows as RFC 4180 CSV: CRLF between records, a final CRLF, fields quoted when they need it. */
export function stringifyCsv(rows: readonly (readonly string[])[]): string {
  // The library quotes fields holding its record delimiter (CRLF) but not a bare LF or CR; RFC 4180 needs both quoted.
  return stringify(rows as string[][], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
