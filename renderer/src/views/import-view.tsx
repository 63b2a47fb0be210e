/** Import from ~/.aws: the plan to tick (candidates with their aliases, conflicts, skips, files not read), then the result. */
import { useEffect, useState } from 'preact/hooks';
import type { ImportPreviewView, ImportResultView } from '../../../shared/model';
import type { Failure } from '../../../shared/failure';
import { api } from '../api';
import { ErrorBox } from '../components/error-box';
import { escapeControls } from '../format';

function Files({ preview }: { preview: ImportPreviewView }) {
  const refused = preview.files.filter((f) => f.state === 'refused');
  if (preview.notFound) return <p role="note">{preview.notFound}</p>;
  if (refused.length === 0) return null;
  // Only a file refused for its lines is one the AWS CLI refuses too; a FIFO, a device or a file over 1 MiB is not.
  const malformed = refused.filter((f) => f.malformed).length;
  const heading = malformed === refused.length ? `Not read: the AWS CLI would refuse ${refused.length === 1 ? 'this file' : 'these files'} too` : 'Not read';
  return (
    <div className="error" role="alert">
      <strong>{heading}</strong>
      {refused.map((f) => (
        <div key={f.path}>
          <p>
            Nothing in <code>{escapeControls(f.path)}</code> is imported.{' '}
            {f.malformed ? 'Fix these lines, then reload:' : 'It was not read:'}
          </p>
          <ul>
            {f.problems.map((p) => (
              <li key={p}>{escapeControls(p)}</li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

function Result({ result }: { result: ImportResultView }) {
  const names = result.imported.map((i) => (i.aliases.length ? `${i.name} (also in ${i.aliases.join(', ')})` : i.name));
  return (
    <>
      <p role="status">
        Imported {result.imported.length}: {escapeControls(names.join(', ')) || 'none'}.
        {result.skipped.length > 0 && escapeControls(` Not imported: ${result.skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}.`)}
      </p>
      <ErrorBox failure={result.stopped} title="The import stopped" />
    </>
  );
}

export function ImportView({ onImported }: { onImported: () => void }) {
  const [preview, setPreview] = useState<ImportPreviewView | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [failure, setFailure] = useState<Failure | null>(null);
  const [result, setResult] = useState<ImportResultView | null>(null);
  // Until the import is done and the preview read again: a second click would import the same names again, and its
  // answer (each one "already exists") would replace the first's.
  const [importing, setImporting] = useState(false);

  const load = async () => {
    const r = await api.previewImport({});
    if (!r.ok) return setFailure(r.error);
    setFailure(null);
    setPreview(r.value);
    setChosen(new Set(r.value.candidates.map((c) => c.name)));
  };
  useEffect(() => {
    void load();
  }, []);

  const run = async () => {
    setImporting(true);
    try {
      if (!preview) return;
      const r = await api.runImport({ names: [...chosen], previewId: preview.previewId });
      if (!r.ok) return setFailure(r.error);
      setResult(r.value);
      onImported();
      await load();
    } finally {
      setImporting(false);
    }
  };

  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">Import from ~/.aws</h2>
      <p>keyscope reads ~/.aws/credentials and ~/.aws/config (or AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE) and never writes them.</p>
      <ErrorBox failure={failure} />
      {preview && (
        <>
          <Files preview={preview} />
          {preview.candidates.length === 0 ? (
            <p>No profile with a static key is waiting to be imported.</p>
          ) : (
            <fieldset>
              <legend>Profiles with static keys</legend>
              {preview.candidates.map((c) => (
                <label key={c.name} className="check">
                  <input
                    type="checkbox"
                    checked={chosen.has(c.name)}
                    onChange={(e) => {
                      const next = new Set(chosen);
                      if (e.currentTarget.checked) next.add(c.name);
                      else next.delete(c.name);
                      setChosen(next);
                    }}
                  />
                  {escapeControls(c.name)} <code>{c.maskedKeyId}</code> {c.region && <span className="muted">{escapeControls(c.region)}</span>}
                  {c.aliases.length > 0 && <span className="muted"> also in {escapeControls(c.aliases.join(', '))} (same key and secret, saved once)</span>}
                </label>
              ))}
              <button type="button" onClick={run} disabled={chosen.size === 0 || importing}>
                {importing ? 'Importing…' : `Import ${chosen.size} selected`}
              </button>
            </fieldset>
          )}
          {preview.conflicts.length > 0 && (
            <>
              <h3>Conflicts: nothing imported for these keys</h3>
              <ul>
                {preview.conflicts.map((c) => (
                  <li key={`${c.maskedKeyId} ${c.profiles.join()}`}>
                    <strong>{escapeControls(c.profiles.join(', '))}</strong>: {escapeControls(c.reason)}
                  </li>
                ))}
              </ul>
            </>
          )}
          {preview.skipped.length > 0 && (
            <>
              <h3>Not imported</h3>
              <ul>
                {preview.skipped.map((s) => (
                  <li key={s.name}>
                    <strong>{escapeControls(s.name)}</strong>: {escapeControls(s.reason)}
                  </li>
                ))}
                {preview.skippedNotListed.map((more) => (
                  <li key={more}>{more}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {result && <Result result={result} />}
    </section>
  );
}
