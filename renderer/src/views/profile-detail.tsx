/** One profile: identity, last use, offline analysis, history; recheck, replace its key, rename, remove with confirmation. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CheckView, ProfileDetailView } from '../../../shared/model';
import type { Failure } from '../../../shared/failure';
import { api, run } from '../api';
import { CanaryConfirm, isCanary } from '../components/canary-confirm';
import { CheckHistory } from '../components/check-history';
import { ErrorBox } from '../components/error-box';
import { ProfileIdentity } from '../components/profile-identity';
import { ProfileNotes } from '../components/profile-notes';
import { useMinuteTick, useReloadAtExpiry } from '../expiry-reload';
import { decidedText, escapeControls, relative } from '../format';
import { ReplaceKey, type KeyReplaced } from './replace-key';

export function ProfileDetail({ id, onChanged }: { id: string; onChanged: () => void }) {
  const [p, setP] = useState<ProfileDetailView | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  // Where a failure came from: each is shown next to its own control.
  const [failedAt, setFailedAt] = useState<'page' | 'rename' | 'remove'>('page');
  const [busy, setBusy] = useState(false);
  const [newName, setNewName] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [replacing, setReplacing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [canary, setCanary] = useState<CheckView | null>(null);
  // Removed, with a warning to read before moving on (the keychain entry another store uses was left).
  const [removed, setRemoved] = useState<{ name: string; warning: string } | null>(null);

  // The profile the page is about now. An answer to what was asked for an earlier one changes nothing here: a check
  // of the key just replaced (the profile's id changes with its key) answered on the new key's page, whose load of
  // the old id then showed "That profile no longer exists".
  const current = useRef(id);
  current.current = id;
  // The name the Name field was last filled with: the page read again (notes saved, a check, an expiry) fills it
  // only with a name that changed, so a new name being typed stays.
  const filledWith = useRef<string | null>(null);
  const load = async () => {
    const r = await api.getProfile({ id });
    if (current.current !== id) return;
    if (r.ok) {
      setP(r.value);
      if (filledWith.current !== r.value.name) setNewName(r.value.name);
      filledWith.current = r.value.name;
    } else setFailure(r.error);
  };
  useEffect(() => {
    setP(null);
    setFailure(null);
    setRemoved(null);
    run(load);
  }, [id]);
  useReloadAtExpiry(p && [p], () => run(load));
  useMinuteTick();

  if (removed) {
    return (
      <article aria-labelledby="profile-title">
        <p>
          <a href="#/profiles">← All credentials</a>
        </p>
        <h2 id="profile-title">{removed.name} removed</h2>
        <p className="notice" role="status">
          {escapeControls(removed.warning)}
        </p>
      </article>
    );
  }
  if (!p) return failure ? <ErrorBox failure={failure} /> : <p aria-busy="true">Loading…</p>;

  const recheck = async (allowCanary = false) => {
    setBusy(true);
    setFailure(null);
    setFailedAt('page');
    setCanary(null);
    const r = await api.verifyProfile({ id, ...(allowCanary ? { allowCanary } : {}) });
    setBusy(false);
    if (current.current !== id) return onChanged();
    if (!r.ok) setFailure(r.error);
    // The canary guard sent nothing: ask before checking with such a key.
    else if (r.value.Valid !== true && isCanary(r.value.Error)) setCanary(r.value);
    await load();
    onChanged();
  };
  const rename = async () => {
    const r = await api.renameProfile({ id, name: newName.trim() });
    setFailedAt('rename');
    if (!r.ok) return setFailure(r.error);
    setFailure(null);
    await load();
    onChanged();
  };
  const replaced = (r: KeyReplaced) => {
    setReplacing(false);
    setNotice(`Key replaced: now ${r.profile.maskedKeyId}, checked at once (${r.profile.status}).${r.warning ? ` ${escapeControls(r.warning)}` : ''}`);
    onChanged();
    // The profile has a new id with its new key: its page moves with it.
    window.location.hash = `#/profile/${r.profile.id}`;
  };
  const remove = async () => {
    const r = await api.removeProfile({ id });
    setFailedAt('remove');
    if (!r.ok) return setFailure(r.error);
    onChanged();
    // The list would not say it: the warning is shown here, with the way back.
    if (r.value.warning) return setRemoved({ name: r.value.name, warning: r.value.warning });
    window.location.hash = '#/profiles';
  };
  return (
    <article aria-labelledby="profile-title">
      <p>
        <a href="#/profiles">← All credentials</a>
      </p>
      <h2 id="profile-title">
        {p.name} <span className={`status status-${p.status.replace(/ /g, '-')}`}>{p.status}</span>
        {p.lastAttempt && <span className="decided"> {p.lastDecided ? `(last result: ${decidedText(p.lastDecided)})` : '(no result yet)'}</span>}
      </h2>
      <div className="actions">
        <button type="button" onClick={() => run(() => recheck())} disabled={busy}>
          {busy ? 'Checking…' : 'Recheck now'}
        </button>
      </div>
      {canary && canary.Valid !== true && (
        <CanaryConfirm error={canary.Error} onConfirm={() => run(() => recheck(true))} onCancel={() => setCanary(null)} />
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {failedAt === 'page' && <ErrorBox failure={failure} />}
      {p.lastAttempt ? (
        <ErrorBox error={p.lastAttempt.error} title={`The last check could not decide (${relative(p.lastAttempt.at)})`} />
      ) : (
        p.lastError && p.status !== 'valid' && <ErrorBox error={p.lastError} title="The last check failed" />
      )}
      <ProfileIdentity p={p} />
      <section aria-labelledby="analysis-title">
        <h3 id="analysis-title">Offline analysis</h3>
        <dl className="facts">
          <dt>Key type</dt>
          <dd>{p.analysis.description}</dd>
          <dt>Derived account</dt>
          <dd>{p.analysis.derivedAccount ? `${p.analysis.derivedAccount} (derived from the key id)` : (p.analysis.derivedAccountNote ?? '—')}</dd>
        </dl>
      </section>
      <ProfileNotes id={p.id} notes={p.notes} onSaved={() => run(() => load().then(onChanged))} />
      <section aria-labelledby="history-title">
        <h3 id="history-title">History of checks</h3>
        <CheckHistory history={p.history} />
      </section>
      <section aria-labelledby="manage-title">
        <h3 id="manage-title">Manage</h3>
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            run(rename);
          }}
        >
          <label>
            Name <input value={newName} onInput={(e) => setNewName(e.currentTarget.value)} required />
          </label>
          <button type="submit" disabled={newName.trim() === p.name || newName.trim() === ''}>
            Rename
          </button>
        </form>
        {failedAt === 'rename' && <ErrorBox failure={failure} />}
        {replacing ? (
          <ReplaceKey id={p.id} name={p.name} onReplaced={replaced} onCancel={() => setReplacing(false)} />
        ) : (
          <button type="button" onClick={() => setReplacing(true)}>
            Replace key…
          </button>
        )}
        {confirming ? (
          <div role="alertdialog" aria-labelledby="confirm-title" className="confirm">
            <p id="confirm-title">Remove “{p.name}” and delete its secret from the keychain? This cannot be undone.</p>
            <button type="button" className="danger" onClick={() => run(remove)} autoFocus>
              Remove
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        ) : (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Remove…
          </button>
        )}
        {failedAt === 'remove' && <ErrorBox failure={failure} />}
      </section>
    </article>
  );
}
