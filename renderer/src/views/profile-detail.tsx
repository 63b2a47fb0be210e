/** One profile: identity, last use, offline analysis, history; recheck, rename, remove with confirmation. */
import { useEffect, useState } from 'react';
import type { ProfileDetailView } from '../../../shared/contract';
import type { Failure } from '../../../shared/failure';
import { api } from '../api';
import { ErrorBox } from '../components/error-box';
import { relative } from '../format';

export function ProfileDetail({ id, onChanged }: { id: string; onChanged: () => void }) {
  const [p, setP] = useState<ProfileDetailView | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const [newName, setNewName] = useState('');
  const [confirming, setConfirming] = useState(false);

  const load = async () => {
    const r = await api['profiles:get']({ id });
    if (r.ok) {
      setP(r.value);
      setNewName(r.value.name);
    } else setFailure(r.error);
  };
  useEffect(() => {
    setP(null);
    setFailure(null);
    void load();
  }, [id]);

  if (!p) return failure ? <ErrorBox failure={failure} /> : <p aria-busy="true">Loading…</p>;

  const recheck = async () => {
    setBusy(true);
    setFailure(null);
    const r = await api['profiles:verify']({ id });
    setBusy(false);
    if (!r.ok) setFailure(r.error);
    await load();
    onChanged();
  };
  const rename = async () => {
    const r = await api['profiles:rename']({ id, name: newName.trim() });
    if (!r.ok) return setFailure(r.error);
    setFailure(null);
    await load();
    onChanged();
  };
  const remove = async () => {
    const r = await api['profiles:remove']({ id });
    if (!r.ok) return setFailure(r.error);
    onChanged();
    window.location.hash = '#/profiles';
  };
  const lastUsed =
    p.keyType === 'temporary'
      ? 'not available for temporary keys'
      : p.lastUsedInfo
        ? p.lastUsedInfo.LastUsedDate
          ? `${p.lastUsedInfo.LastUsedDate} (${relative(p.lastUsedInfo.LastUsedDate)}) with ${p.lastUsedInfo.ServiceName} in ${p.lastUsedInfo.Region}`
          : 'never used'
        : p.lastUsedError
          ? `could not check: ${p.lastUsedError.Message}`
          : 'not checked yet';

  return (
    <article aria-labelledby="profile-title">
      <p>
        <a href="#/profiles">← All credentials</a>
      </p>
      <h2 id="profile-title">
        {p.name} <span className={`status status-${p.status.replace(/ /g, '-')}`}>{p.status}</span>
      </h2>
      <div className="actions">
        <button type="button" onClick={recheck} disabled={busy}>
          {busy ? 'Checking…' : 'Recheck now'}
        </button>
      </div>
      <ErrorBox failure={failure} />
      {p.lastError && p.status !== 'valid' && <ErrorBox error={p.lastError} title="The last check failed" />}
      <section aria-labelledby="identity-title">
        <h3 id="identity-title">Identity</h3>
        <dl className="facts">
          <dt>Account</dt>
          <dd data-testid="detail-account">{p.account ?? '—'}</dd>
          <dt>ARN</dt>
          <dd data-testid="detail-arn">{p.arn ?? '—'}</dd>
          <dt>User id</dt>
          <dd>{p.userId ?? '—'}</dd>
          <dt>Last used</dt>
          <dd data-testid="detail-last-used">{lastUsed}</dd>
          <dt>Last checked</dt>
          <dd>{relative(p.lastChecked)}</dd>
          {p.expiration && (
            <>
              <dt>Expires</dt>
              <dd>{p.expiration}</dd>
            </>
          )}
          <dt>Secret in keychain</dt>
          <dd>{p.hasSecret === null ? 'keychain not available' : p.hasSecret ? 'yes' : 'missing: run keyscope profiles doctor'}</dd>
        </dl>
      </section>
      <section aria-labelledby="analysis-title">
        <h3 id="analysis-title">Offline analysis</h3>
        <dl className="facts">
          <dt>Key id</dt>
          <dd>
            <code>{p.analysis.masked}</code>
          </dd>
          <dt>Key type</dt>
          <dd>{p.analysis.description}</dd>
          <dt>Derived account</dt>
          <dd>{p.analysis.derivedAccount ? `${p.analysis.derivedAccount} (derived from the key id)` : (p.analysis.derivedAccountNote ?? '—')}</dd>
          {p.notes && (
            <>
              <dt>Notes</dt>
              <dd>{p.notes}</dd>
            </>
          )}
        </dl>
      </section>
      <section aria-labelledby="history-title">
        <h3 id="history-title">History of checks</h3>
        {p.history.length === 0 ? (
          <p>Not checked yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Result</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {p.history.map((h) => (
                <tr key={h.at}>
                  <td>
                    <time dateTime={h.at}>{relative(h.at)}</time>
                  </td>
                  <td>{h.valid === true ? 'valid' : h.valid === false ? 'not valid' : 'could not check'}</td>
                  <td>{h.error ? `${h.error.Code}: ${h.error.Message}` : (h.arn ?? '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="manage-title">
        <h3 id="manage-title">Manage</h3>
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void rename();
          }}
        >
          <label>
            Name <input value={newName} onChange={(e) => setNewName(e.target.value)} required />
          </label>
          <button type="submit" disabled={newName.trim() === p.name || newName.trim() === ''}>
            Rename
          </button>
        </form>
        {confirming ? (
          <div role="alertdialog" aria-labelledby="confirm-title" className="confirm">
            <p id="confirm-title">Remove “{p.name}” and delete its secret from the keychain? This cannot be undone.</p>
            <button type="button" className="danger" onClick={remove} autoFocus>
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
      </section>
    </article>
  );
}
