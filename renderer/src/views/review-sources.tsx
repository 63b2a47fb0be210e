/**
 * What a review is made of: saved profiles, stored and imported credential reports (the desktop app opens them with
 * main's dialog; a browser sends the chosen file), pasted key ids, a fetch or a passive audit with a saved profile
 * (online), offline on or off, and thresholds.
 */
import { useEffect, useState } from 'preact/hooks';
import { keyListIdsOnly } from '../../../shared/key-list-line';
import type { ImportedReportView, ProfileView, ReviewRunRequest, ReviewSourcesView } from '../../../shared/model';
import { api, run } from '../api';
import { chosenFileText } from '../chosen-file';
import { escapeControls } from '../format';
import { setReviewState } from './review-store';

type ProfilesChoice = 'all' | 'some' | 'none';

interface Draft {
  readonly choice: ProfilesChoice;
  readonly picked: ReadonlySet<string>;
  readonly stored: ReadonlySet<string>;
  readonly unchecked: ReadonlySet<string>;
  readonly keys: string;
  readonly offline: boolean;
  readonly fetchWith: string;
  readonly auditWith: string;
  readonly t: { readonly unused: string; readonly rotation: string; readonly stale: string; readonly accounts: string; readonly asOf: string };
}
let draft: Draft = { choice: 'all', picked: new Set(), stored: new Set(), unchecked: new Set(), keys: '', offline: true, fetchWith: '', auditWith: '', t: { unused: '', rotation: '', stale: '', accounts: '', asOf: '' } };

const num = (v: string): number | undefined => (v.trim() === '' ? undefined : Number(v));

export function ReviewSources(props: { profiles: readonly ProfileView[]; sources: ReviewSourcesView; imported: readonly ImportedReportView[]; busy: boolean; onRun: (req: ReviewRunRequest) => void }) {
  const { profiles, sources, imported } = props;
  // The form as it was left: going to a finding's page or another view and back keeps what was chosen.
  const [d, setD] = useState<Draft>(() => draft);
  useEffect(() => {
    draft = d;
  }, [d]);
  const { choice, picked, stored, unchecked, keys, offline, fetchWith, auditWith, t } = d;
  const set =
    <K extends keyof Draft>(key: K) =>
    (v: Draft[K]) =>
      setD((x) => ({ ...x, [key]: v }));
  const [setChoice, setPicked, setStored, setUnchecked, setKeys, setOffline, setFetchWith, setAuditWith, setT] = [set('choice'), set('picked'), set('stored'), set('unchecked'), set('keys'), set('offline'), set('fetchWith'), set('auditWith'), set('t')];
  const [importNote, setImportNote] = useState<string | null>(null);
  const [keysNote, setKeysNote] = useState<string | null>(null);

  const toggle = (set: ReadonlySet<string>, value: string, on: boolean): ReadonlySet<string> => {
    const next = new Set(set);
    if (on) next.add(value);
    else next.delete(value);
    return next;
  };
  const added = (r: ImportedReportView) => {
    setReviewState({ imported: [...imported, r] });
    setImportNote(`${escapeControls(r.label)}: ${r.keys} key${r.keys === 1 ? '' : 's'} read.`);
  };

  const openNative = async () => {
    const r = await api.openCredentialReport({});
    if (!r.ok) return setReviewState({ failure: r.error });
    if (r.value) added(r.value);
  };
  const importFile = async (file: File) => {
    if (file.size > sources.maxReportBytes) return setImportNote(`${escapeControls(file.name)} is larger than ${sources.maxReportBytes / 1024 / 1024} MiB, more than any credential report: choose the report's CSV itself.`);
    const text = await chosenFileText(file, 'Choose it again; if it was moved, choose it where it is now.');
    if (!text.ok) return setReviewState({ failure: text.error });
    const r = await api.importCredentialReport({ name: file.name, text: text.value });
    if (!r.ok) return setReviewState({ failure: r.error });
    setReviewState({ failure: null });
    added(r.value);
  };

  const request = (): ReviewRunRequest => ({
    offline,
    ...(choice === 'all' ? { allProfiles: true } : choice === 'some' ? { profileIds: [...picked] } : {}),
    storedReports: [...stored],
    importedReports: imported.filter((r) => !unchecked.has(r.handle)).map((r) => r.handle),
    ...(keys.trim() ? { keys } : {}),
    ...(!offline && fetchWith ? { fetchWith } : {}),
    ...(!offline && auditWith ? { auditWith } : {}),
    ...(num(t.unused) !== undefined ? { unusedDays: num(t.unused) } : {}),
    ...(num(t.rotation) !== undefined ? { rotationDays: num(t.rotation) } : {}),
    ...(num(t.stale) !== undefined ? { staleDays: num(t.stale) } : {}),
    ...(t.accounts.trim() ? { accounts: t.accounts.trim() } : {}),
    ...(t.asOf ? { asOf: t.asOf } : {}),
  });
  const threshold = (key: keyof typeof t) => ({ value: t[key], onInput: (e: { currentTarget: { value: string } }) => setT({ ...t, [key]: e.currentTarget.value }) });

  return (
    <form
      className="review-sources"
      aria-label="Review sources"
      onSubmit={(e) => {
        e.preventDefault();
        props.onRun(request());
        // The secrets after pasted ids are sent once (main drops them) and not kept on the page for the window's life.
        const idsOnly = keyListIdsOnly(keys);
        if (idsOnly.cut > 0) {
          setKeys(idsOnly.text);
          setKeysNote(`The secrets after ${idsOnly.cut} key id${idsOnly.cut === 1 ? '' : 's'} were removed from this box: a review reads only the ids.`);
        }
      }}
    >
      <fieldset>
        <legend>Saved profiles</legend>
        {(['all', 'some', 'none'] as const).map((c) => (
          <label key={c}>
            <input type="radio" name="review-profiles" checked={choice === c} onChange={() => setChoice(c)} /> {c === 'all' ? `All (${profiles.length})` : c === 'some' ? 'Some' : 'None'}
          </label>
        ))}
        {choice === 'some' && (
          <ul className="plain" aria-label="Profiles to review">
            {profiles.map((p) => (
              <li key={p.id}>
                <label>
                  <input type="checkbox" checked={picked.has(p.id)} onChange={(e) => setPicked(toggle(picked, p.id, e.currentTarget.checked))} /> {p.name} <code>{p.maskedKeyId}</code>
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <fieldset>
        <legend>IAM credential reports</legend>
        {sources.storedReports.length === 0 && <p className="muted">No fetched report is kept yet: fetch one below (online), or import a file.</p>}
        <ul className="plain">
          {sources.storedReports.map((r) => (
            <li key={r.name}>
              <label>
                <input type="checkbox" checked={stored.has(r.name)} onChange={(e) => setStored(toggle(stored, r.name, e.currentTarget.checked))} /> Stored: account {escapeControls(r.account ?? 'unknown')}, generated {escapeControls(r.generatedTime)}
              </label>
            </li>
          ))}
          {imported.map((r) => (
            <li key={r.handle}>
              <label>
                <input type="checkbox" checked={!unchecked.has(r.handle)} onChange={(e) => setUnchecked(toggle(unchecked, r.handle, !e.currentTarget.checked))} /> Imported: {escapeControls(r.label)} ({r.keys} keys)
              </label>
            </li>
          ))}
        </ul>
        {sources.nativeDialogs ? (
          <button type="button" onClick={() => run(openNative)}>
            Open a credential report…
          </button>
        ) : (
          <label className="field">
            Import a credential report (CSV)
            <input
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = ''; // the same file can be chosen again
                if (file) run(() => importFile(file));
              }}
            />
          </label>
        )}
        {importNote && <p role="status">{importNote}</p>}
        <label className="field">
          Reports' data as of (optional)
          <input type="date" {...threshold('asOf')} />
        </label>
      </fieldset>
      <label className="field">
        Key ids to analyse (optional), one per line
        <textarea value={keys} onInput={(e) => setKeys(e.currentTarget.value)} rows={3} spellcheck={false} placeholder="AKIA… (secrets after an id are dropped, never kept)" />
      </label>
      {keysNote && <p role="status">{keysNote}</p>}
      <fieldset>
        <legend>Network</legend>
        <label>
          <input type="checkbox" checked={offline} onChange={(e) => setOffline(e.currentTarget.checked)} /> Offline: send nothing
        </label>
        {[
          ['Fetch the credential report with', fetchWith, setFetchWith],
          ['Passive audit with (reads last use without using the reviewed keys)', auditWith, setAuditWith],
        ].map(([label, value, set]) => (
          <label className="field" key={label as string}>
            {label as string}
            <select value={value as string} disabled={offline} onChange={(e) => (set as (v: string) => void)(e.currentTarget.value)}>
              <option value="">nobody</option>
              {profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.maskedKeyId})
                </option>
              ))}
            </select>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Thresholds</legend>
        <label className="field">
          Unused after (days) <input type="number" min={1} max={36500} placeholder={String(sources.defaults.unusedDays)} {...threshold('unused')} />
        </label>
        <label className="field">
          Rotate after (days) <input type="number" min={1} max={36500} placeholder={String(sources.defaults.rotationDays)} {...threshold('rotation')} />
        </label>
        <label className="field">
          A check is stale after (days) <input type="number" min={1} max={36500} placeholder={String(sources.defaults.staleDays)} {...threshold('stale')} />
        </label>
        <label className="field">
          Expected accounts (optional) <input placeholder="111122223333, 444455556666" {...threshold('accounts')} />
        </label>
      </fieldset>
      <div className="actions">
        <button type="submit" disabled={props.busy}>
          {props.busy ? 'Reviewing…' : 'Run the review'}
        </button>
      </div>
    </form>
  );
}
