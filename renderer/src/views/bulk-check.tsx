/**
 * Bulk check: paste many key id / secret pairs, or choose or drop the console's accessKeys.csv; main holds the pairs
 * (the page forgets them once sent), checks them and sends each result as it comes; tick the ones to save.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { BulkDoneView, BulkProgressView, BulkSaveView, BulkStartView, BulkWaitingView, CheckView, ErrorView } from '../../../shared/model';
import { BULK_MAX_BYTES } from '../../../shared/bulk-model';
import type { EventsDroppedView, EventsLostView } from '../../../shared/contract';
import { inputFailure, type Failure } from '../../../shared/failure';
import { api, run } from '../api';
import { ErrorBox } from '../components/error-box';
import { escapeControls } from '../format';
import { chosenFileText } from '../chosen-file';
import { droppedOf, droppedWords, lostWords, withDropped } from '../events-lost';
import { ownerText } from './profile-list';

/** The largest list a bulk check takes, as a sentence (the console's CSV of one key is about 100 bytes). */
const LIMIT = `a bulk check takes at most ${BULK_MAX_BYTES.toLocaleString()} bytes (1 MiB)`;

/** What sending `text` weighs: the request as keyscope ui reads it (JSON, UTF-8), in Electron too. */
const sentBytes = (text: string) => new TextEncoder().encode(JSON.stringify({ text })).length;

/**
 * A row's result; `over`: what a row without one says once the check is over ("not checked" after its end, "result
 * not received" when the page lost its events), null while it runs; `waitMs`: its key id was just checked, and its
 * check waits that long (one key id is checked at most once every 5 s).
 */
function ResultCell({ report, over, waitMs }: { report: CheckView | undefined; over: string | null; waitMs: number | undefined }) {
  if (!report && !over && waitMs !== undefined) {
    return <span className="muted">waiting {Math.ceil(waitMs / 1000)} s: this key id was just checked, and AWS can answer quick repeated checks of one key wrongly</span>;
  }
  if (!report) return <span className="muted">{over ?? 'waiting…'}</span>;
  if (report.Valid === true) {
    return (
      <>
        <span className="status status-valid">valid</span> <span title={escapeControls(report.Arn)}>{ownerText({ arn: report.Arn, userName: report.UserName })}</span> <span className="muted">{escapeControls(report.Account)}</span>
      </>
    );
  }
  const e: ErrorView = report.Error;
  const word = e.Category === 'canary' ? 'not sent' : report.Valid === false ? 'invalid' : 'could not check';
  return (
    <>
      <span className={`status status-${report.Valid === false ? 'invalid' : 'could-not-check'}`}>{word}</span> <code>{escapeControls(e.Code)}</code> <span className="hint">{escapeControls(e.Hint)}</span>
    </>
  );
}

export function BulkCheck({ onSaved }: { onSaved: () => void }) {
  const [text, setText] = useState('');
  const [job, setJob] = useState<BulkStartView | null>(null);
  // Every result and end as it comes, by job: a result may arrive before bulk:start's own answer.
  const [results, setResults] = useState<readonly BulkProgressView[]>([]);
  const [waits, setWaits] = useState<readonly BulkWaitingView[]>([]);
  const [ends, setEnds] = useState<readonly BulkDoneView[]>([]);
  // keyscope ui took this page as closed while it was away (app:events-lost): a check without its end never gets one.
  const [lost, setLost] = useState<EventsLostView | null>(null);
  // More events came while this page was away than keyscope ui keeps for it (app:events-dropped): results of the jobs
  // it names did not reach it, though their ends, which count them, did.
  const [dropped, setDropped] = useState<EventsDroppedView | null>(null);
  const [names, setNames] = useState<Record<number, string>>({});
  const [choices, setChoices] = useState<ReadonlyMap<number, boolean>>(new Map());
  const [saved, setSaved] = useState<BulkSaveView | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  // The job Cancel was pressed for: the checks under way still end (a slow endpoint's within its time-out).
  const [cancelling, setCancelling] = useState<string | null>(null);
  // Why Cancel failed (keyscope ui not reached): the check may still run, so it reads neither cancelled nor cancelling.
  const [cancelFailure, setCancelFailure] = useState<Failure | null>(null);
  // The job still checking, if any: cancelled when another list is checked or the view is left, where its results
  // would no longer be shown (its keys were all sent, unseen, with no Cancel left to press).
  const running = useRef<string | null>(null);
  const stopRunning = () => {
    const jobId = running.current;
    running.current = null;
    if (jobId) run(() => api.cancelBulkCheck({ jobId }));
  };

  useEffect(() => {
    const offProgress = api.on('bulk:progress', (p) => setResults((r) => [...r, p]));
    const offWaiting = api.on('bulk:waiting', (w) => setWaits((all) => [...all, w]));
    const offDone = api.on('bulk:done', (d) => {
      if (running.current === d.jobId) running.current = null;
      setEnds((e) => [...e, d]);
    });
    const offLost = api.on('app:events-lost', (l) => ((running.current = null), setLost(l)));
    const offDropped = api.on('app:events-dropped', (view) => setDropped((d) => withDropped(d, view)));
    return () => (offProgress(), offWaiting(), offDone(), offLost(), offDropped(), stopRunning());
  }, []);

  const reports = new Map(results.filter((r) => r.jobId === job?.jobId).map((r) => [r.index, r.report]));
  const waiting = new Map(waits.filter((w) => w.jobId === job?.jobId).map((w) => [w.index, w.waitMs]));
  const end = ends.find((e) => e.jobId === job?.jobId);
  // Results of this job that did not reach the page (app:events-dropped): its end says how many were checked.
  const partly = droppedOf(dropped, job?.jobId);
  const unheard = partly && end ? end.checked - reports.size : 0;
  const total = job ? job.rows.filter((row) => row.problem === null).length : 0;
  // What a row without a result says: the same for every row of the job.
  const over = end ? (unheard <= 0 ? 'not checked' : end.checked >= total ? 'result not received' : 'not checked, or its result not received') : lost ? 'result not received' : null;
  const savedAt = (i: number) => saved?.saved.find((s) => s.index === i)?.profile;
  const failedAt = (i: number) => saved?.failed.find((s) => s.index === i)?.error;
  const canSave = (i: number) => Boolean(job && job.rows[i]?.problem === null && job.rows[i]?.savedAs === null && !savedAt(i));
  // A valid key not saved yet is ticked as its result comes, unless the person unticked it.
  const ticked = (i: number) => canSave(i) && (choices.get(i) ?? reports.get(i)?.Valid === true);
  const tickedCount = job ? job.rows.filter((row) => ticked(row.index)).length : 0;

  const start = async (input: string) => {
    const bytes = sentBytes(input);
    if (bytes > BULK_MAX_BYTES) {
      return setFailure(inputFailure('text', `That list is ${bytes.toLocaleString()} bytes once sent; ${LIMIT}.`, 'Split the list and check it in parts. A character outside ASCII takes 2 to 4 bytes, a quote or line break 2.'));
    }
    setBusy(true);
    setFailure(null);
    setCancelFailure(null);
    setSaved(null);
    setLost(null);
    setDropped(null);
    const r = await api.startBulkCheck({ text: input });
    setBusy(false);
    if (!r.ok) return setFailure(r.error);
    stopRunning();
    running.current = r.value.jobId; // cancelling it once it is over (its bulk:done may come first) changes nothing
    setText(''); // the pairs are in main now: the page keeps no secret
    setResults((all) => all.filter((x) => x.jobId === r.value.jobId));
    setWaits((all) => all.filter((x) => x.jobId === r.value.jobId));
    setChoices(new Map());
    setNames(Object.fromEntries(r.value.rows.map((row) => [row.index, row.suggestedName])));
    setJob(r.value);
  };
  // A file is refused by its size before any of it is read (a file of some GB was read whole into the page first).
  const fromFile = async (file: File) => {
    if (file.size > BULK_MAX_BYTES) return setFailure(inputFailure('file', `${file.name} is ${file.size.toLocaleString()} bytes; ${LIMIT}.`, "Split the list and check it in parts: the console's accessKeys.csv is about 100 bytes a key."));
    const text = await chosenFileText(file, 'Choose or drop it again; or open it yourself and paste its lines here.');
    return text.ok ? start(text.value) : setFailure(text.error);
  };
  const chosen = (file: File | undefined) => file && run(() => fromFile(file));
  const cancel = async (jobId: string) => {
    setCancelling(jobId);
    setCancelFailure(null);
    const r = await api.cancelBulkCheck({ jobId });
    if (r.ok) return;
    setCancelling(null);
    setCancelFailure(r.error);
  };
  const save = async () => {
    if (!job) return;
    setBusy(true);
    const r = await api.saveBulkCheck({ jobId: job.jobId, names: job.rows.map((row) => (ticked(row.index) ? (names[row.index] ?? '').trim() : '')) });
    setBusy(false);
    if (!r.ok) return setFailure(r.error);
    setSaved(r.value);
    if (r.value.saved.length > 0) onSaved();
  };
  return (
    <section aria-labelledby="bulk-title">
      <h2 id="bulk-title">Bulk check</h2>
      <form
        className="bulk-input"
        onSubmit={(e) => (e.preventDefault(), run(() => start(text)))}
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => (e.preventDefault(), chosen(e.dataTransfer?.files[0]))}
      >
        <label className="field">
          Key id and secret pairs, one a line
          <textarea value={text} onInput={(e) => setText(e.currentTarget.value)} rows={5} spellcheck={false} autoComplete="off" placeholder={'AKIA…, secret\nAKIA… secret'} aria-describedby="bulk-help" />
          <span id="bulk-help" className="help">
            Or drop the accessKeys.csv the IAM console downloads here. Each key is checked with GetCallerIdentity, which AWS records as the key's last use.
          </span>
        </label>
        <div className="actions">
          <button type="submit" disabled={busy || text.trim() === ''}>
            {busy ? 'Reading…' : 'Check all'}
          </button>
          <label className="file-button">
            Choose accessKeys.csv… <input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => (chosen(e.currentTarget.files?.[0]), (e.currentTarget.value = ''))} />
          </label>
        </div>
        <ErrorBox failure={failure} />
      </form>
      {job && (
        <section aria-label="Bulk check results" data-testid="bulk-results">
          <p role="status" className="quiet-status">
            Read {job.rows.length} pair{job.rows.length === 1 ? '' : 's'} from {job.readAs}.{' '}
            {end || total === 0
              ? `${end?.cancelled ? 'Cancelled after' : 'Checked'} ${Math.max(reports.size, end?.checked ?? 0)} of ${total}.${partly && unheard > 0 ? ` The results of ${unheard} did not reach this page: ${droppedWords(partly)}. Check those keys again to see their results.` : ''}`
              : lost
                ? `Stopped after ${reports.size} of ${total} reached this page: ${lostWords(lost)}${
                    lost.by === 'keyscope'
                      ? ', so keyscope took the tab as closed and stopped the check if it was still running. Results sent meanwhile were lost: check the keys without one again; those shown can still be saved.'
                      : '. If it still runs, it took the tab as closed and stopped the check: check the keys without a result again.'
                  }`
                : `Checking ${reports.size} of ${total}…${partly ? ` Some results did not reach this page: ${droppedWords(partly)}.` : ''}`}
          </p>
          {!end && !lost && total > 0 && (
            <button type="button" disabled={cancelling === job.jobId} onClick={() => run(() => cancel(job.jobId))}>
              {cancelling === job.jobId ? 'Cancelling…' : 'Cancel'}
            </button>
          )}
          {!end && !lost && <ErrorBox failure={cancelFailure} />}
          {job.skipped.length > 0 && (
            <ul className="muted" aria-label="Lines not read">
              {job.skipped.map((s) => (
                <li key={s}>{escapeControls(s)}</li>
              ))}
            </ul>
          )}
          <div className="table-wrap">
            <table className="bulk">
              <thead>
                <tr>
                  <th scope="col">Save</th>
                  <th scope="col">Line</th>
                  <th scope="col">Key</th>
                  <th scope="col">Result</th>
                  <th scope="col">Save as</th>
                </tr>
              </thead>
              <tbody>
                {job.rows.map((row) => (
                  <tr key={row.index} data-testid={`bulk-row-${row.line}`}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Save line ${row.line}`}
                        checked={ticked(row.index)}
                        disabled={!canSave(row.index)}
                        onChange={(e) => setChoices((c) => new Map(c).set(row.index, e.currentTarget.checked))}
                      />
                    </td>
                    <td>{row.line}</td>
                    <td>
                      <code>{row.maskedKeyId}</code>
                    </td>
                    <td>{row.problem ? <span className="problem">{escapeControls(row.problem)}</span> : <ResultCell report={reports.get(row.index)} over={over} waitMs={waiting.get(row.index)} />}</td>
                    <td>
                      {row.savedAs ? (
                        <span className="muted">already saved as {escapeControls(row.savedAs)}</span>
                      ) : savedAt(row.index) ? (
                        <a href={`#/profile/${savedAt(row.index)?.id}`}>saved as {escapeControls(savedAt(row.index)?.name ?? '')}</a>
                      ) : (
                        <>
                          <input aria-label={`Name for line ${row.line}`} value={names[row.index] ?? ''} onInput={(e) => setNames({ ...names, [row.index]: e.currentTarget.value })} disabled={row.problem !== null} size={14} />
                          <ErrorBox error={failedAt(row.index)} />
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="actions">
            <button type="button" onClick={() => run(save)} disabled={busy || tickedCount === 0}>
              Save {tickedCount} ticked
            </button>
          </div>
          {saved && (
            <p role="status" className="quiet-status" data-testid="bulk-saved">
              Saved {saved.saved.length}
              {saved.failed.length > 0 ? `; ${saved.failed.length} not saved (see their rows)` : ''}.
            </p>
          )}
        </section>
      )}
    </section>
  );
}
