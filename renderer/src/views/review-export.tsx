/**
 * Export a review in every report format. The desktop app saves through main's dialog; a browser gets the text and
 * downloads it as a file (a blob: URL on an <a download>, which the page's CSP does not need to allow: it is a
 * download, not a fetch).
 */
import { useState } from 'preact/hooks';
import type { Failure } from '../../../shared/failure';
import type { ReportFormatView, ReviewView } from '../../../shared/model';
import { api, run } from '../api';
import { ErrorBox } from '../components/error-box';

const FORMATS: ReadonlyArray<[ReportFormatView, string]> = [
  ['markdown', 'Markdown (to read and hand on)'],
  ['sarif', 'SARIF 2.1.0 (code scanning tools)'],
  ['csv', 'CSV (spreadsheets)'],
  ['json', 'JSON (keyscope review --baseline reads it)'],
  ['ocsf', 'OCSF Detection Findings (SIEMs)'],
];

function download(fileName: string, mediaType: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mediaType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  // The download has its own copy once started; the URL is released on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function ReviewExport({ review }: { review: ReviewView }) {
  const [format, setFormat] = useState<ReportFormatView>('markdown');
  const [unmask, setUnmask] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const exportNow = async () => {
    setNote(null);
    setFailure(null);
    const r = await api.exportReview({ reviewId: review.reviewId, format, ...(unmask ? { unmask } : {}) });
    if (!r.ok) return setFailure(r.error);
    const v = r.value;
    if (v.kind === 'download') {
      download(v.fileName, v.mediaType, v.text);
      setNote(`Downloaded ${v.fileName}.`);
    } else setNote(v.kind === 'saved' ? `Saved to ${v.path}.` : 'Nothing was saved.');
  };
  return (
    <section aria-labelledby="export-title">
      <h3 id="export-title">Export</h3>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          run(exportNow);
        }}
      >
        <label htmlFor="export-format">Format</label>
        <select id="export-format" value={format} onChange={(e) => setFormat(e.currentTarget.value as ReportFormatView)}>
          {FORMATS.map(([f, label]) => (
            <option key={f} value={f}>
              {label}
            </option>
          ))}
        </select>
        <label>
          <input type="checkbox" checked={unmask} onChange={(e) => setUnmask(e.currentTarget.checked)} /> Key ids whole (the account's admins need them to act)
        </label>
        <button type="submit">Export…</button>
      </form>
      {note && <p role="status">{note}</p>}
      <ErrorBox failure={failure} title="The review was not exported" />
    </section>
  );
}
