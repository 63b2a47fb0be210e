/**
 * A profile's notes: shown, and edited in place (at most 1,000 characters; empty removes them). An import writes the
 * names of the AWS files' other profiles with the same key there: shown escaped, with their lines kept.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Failure } from '../../../shared/failure';
import { api, run } from '../api';
import { escapeControlsKeepingLines } from '../format';
import { ErrorBox } from './error-box';

export function ProfileNotes({ id, notes, onSaved }: { id: string; notes: string | null; onSaved: () => void }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(notes ?? '');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setText(notes ?? '');
  }, [notes]);

  const save = async () => {
    setBusy(true);
    const r = await api.setProfileNotes({ id, notes: text.trim() });
    setBusy(false);
    if (!r.ok) return setFailure(r.error);
    setFailure(null);
    setEditing(false);
    onSaved();
  };

  return (
    <section aria-labelledby="notes-title">
      <h3 id="notes-title">Notes</h3>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            run(save);
          }}
        >
          <label className="field">
            Notes (who owns it, what it is for; at most 1,000 characters)
            <textarea value={text} onInput={(e) => setText(e.currentTarget.value)} rows={3} maxLength={1000} autoFocus />
          </label>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Save notes'}
            </button>
            <button type="button" onClick={() => (setEditing(false), setText(notes ?? ''), setFailure(null))} disabled={busy}>
              Cancel
            </button>
          </div>
          <ErrorBox failure={failure} />
        </form>
      ) : (
        <>
          <p data-testid="detail-notes" className={notes ? 'notes' : 'muted'}>
            {notes ? escapeControlsKeepingLines(notes) : 'No notes yet.'}
          </p>
          <button type="button" onClick={() => setEditing(true)}>
            {notes ? 'Edit notes' : 'Add notes'}
          </button>
        </>
      )}
    </section>
  );
}
