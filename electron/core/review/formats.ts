/**
 * The report formats by name, for the command line's `--output` and the app's export. The terminal table is the
 * command line's own; every other format is here.
 */

import { assertNever } from '../../../shared/result.js';
import type { ReviewReport } from './finding.js';
import { formatCsv } from './format-csv.js';
import { formatJson } from './format-json.js';
import { formatMarkdown } from './format-markdown.js';
import { formatOcsf } from './format-ocsf.js';
import { formatSarif } from './format-sarif.js';
import type { FormatOptions } from './present.js';

/** The file formats a review can be written in. */
export const REPORT_FORMATS = ['json', 'csv', 'markdown', 'sarif', 'ocsf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The usual file extension of each format, for save dialogs. */
export const REPORT_EXTENSIONS: Readonly<Record<ReportFormat, string>> = { json: 'json', csv: 'csv', markdown: 'md', sarif: 'sarif', ocsf: 'ocsf.json' };

/** Writes a report in a format (key ids masked unless `unmask`). */
export function formatReport(report: ReviewReport, format: ReportFormat, options: FormatOptions = {}): string {
  switch (format) {
    case 'json':
      return formatJson(report, options);
    case 'csv':
      return formatCsv(report, options);
    case 'markdown':
      return formatMarkdown(report, options);
    case 'sarif':
      return formatSarif(report, options);
    case 'ocsf':
      return formatOcsf(report, options);
    default:
      return assertNever(format);
  }
}
