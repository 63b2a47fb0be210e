/** Import from ~/.aws with a preview to tick. */
import { useEffect, useState } from 'react';
import type { ImportPreviewView } from '../../../shared/contract';
import type { Failure } from '../../../shared/failure';
import { api } from '../api';
import { ErrorBox } from '../components/error-box';

export function ImportView({ onImported }: { onImported: () => void }) {
  const [preview, setPreview] = useState<ImportPreviewView | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [failure, setFailure] = useState<Failure | null>(null);
  const [result, setResult] = useState<{ imported: readonly string[]; skipped: ReadonlyArray<{ name: string; reason: string }> } | null>(null);

  const load = async () => {
    const r = await api['import:preview']({});
    if (!r.ok) return setFailure(r.error);
    setPreview(r.value);
    setChosen(new Set(r.value.candidates.map((c) => c.name)));
  };
  useEffect(() => {
    void load();
  }, []);

  const run = async () => {
    const r = await api['import:run']({ names: [...chosen] });
    if (!r.ok) return setFailure(r.error);
    setResult(r.value);
    onImported();
    await load();
  };

  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">Import from ~/.aws</h2>
      <p>keyscope reads ~/.aws/credentials and ~/.aws/config (or AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE) and never writes them.</p>
      <ErrorBox failure={failure} />
      {preview && (
        <>
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
                      if (e.target.checked) next.add(c.name);
                      else next.delete(c.name);
                      setChosen(next);
                    }}
                  />
                  {c.name} <code>{c.maskedKeyId}</code> {c.region && <span className="muted">{c.region}</span>}
                </label>
              ))}
              <button type="button" onClick={run} disabled={chosen.size === 0}>
                Import {chosen.size} selected
              </button>
            </fieldset>
          )}
          {preview.skipped.length > 0 && (
            <>
              <h3>Not imported</h3>
              <ul>
                {preview.skipped.map((s) => (
                  <li key={s.name}>
                    <strong>{s.name}</strong>: {s.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {result && (
        <p role="status">
          Imported {result.imported.length}: {result.imported.join(', ') || 'none'}.
          {result.skipped.length > 0 && ` Skipped: ${result.skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}.`}
        </p>
      )}
    </section>
  );
}
