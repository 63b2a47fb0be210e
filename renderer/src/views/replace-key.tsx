/** "Replace key…": a new key id, secret and token for a profile, checked as in Add, saved in place of the old key. */
import { useState } from 'react';
import type { Contract } from '../../../shared/contract';
import type { Failure } from '../../../shared/failure';
import { api, run } from '../api';
import { ErrorBox } from '../components/error-box';
import { credentialHints } from '../../../shared/credential-rules';

export type KeyReplaced = Contract['profiles:set-key']['res'];

export function ReplaceKey({ id, name, onReplaced, onCancel }: { id: string; name: string; onReplaced: (r: KeyReplaced) => void; onCancel: () => void }) {
  const [keyId, setKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [token, setToken] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  const newId = keyId.trim();
  // The credential rules as you type (shared/credential-rules.ts): the same rules the vault applies on saving.
  const { accessKeyId: idProblem, secretAccessKey: secretWarning, sessionToken: tokenProblem, ready } = credentialHints({ accessKeyId: keyId, secretAccessKey: secret, sessionToken: token });

  const submit = async () => {
    setBusy(true);
    setFailure(null);
    const r = await api.setProfileKey({ id, accessKeyId: newId, secretAccessKey: secret.trim(), ...(token.trim() ? { sessionToken: token.trim() } : {}) });
    setBusy(false);
    if (!r.ok) return setFailure(r.error);
    setSecret('');
    setToken('');
    onReplaced(r.value);
  };

  return (
    <form
      aria-labelledby="replace-title"
      className="replace-key"
      onSubmit={(e) => {
        e.preventDefault();
        run(submit);
      }}
    >
      <h4 id="replace-title">Replace the key of “{name}”</h4>
      <p className="help">The name, notes and history stay. The old secret is removed from the keychain once the new one is saved.</p>
      <label className="field">
        New access key id
        <input value={keyId} onChange={(e) => setKeyId(e.target.value)} autoComplete="off" spellCheck={false} aria-invalid={Boolean(idProblem)} aria-describedby="new-keyid-help" />
        <span id="new-keyid-help" className={idProblem ? 'problem' : 'help'}>
          {idProblem ?? 'AKIA… for long-term keys, ASIA… for temporary ones.'}
        </span>
      </label>
      <label className="field">
        New secret access key
        <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="off" spellCheck={false} aria-describedby="new-secret-help" />
        <span id="new-secret-help" className={secretWarning ? 'problem' : 'help'}>
          {secretWarning ?? 'Kept in your system keychain; never shown again.'}
        </span>
      </label>
      <label className="field">
        New session token {newId.startsWith('ASIA') ? '(needed for ASIA… keys)' : '(only for temporary keys)'}
        <textarea value={token} onChange={(e) => setToken(e.target.value)} rows={2} autoComplete="off" spellCheck={false} aria-invalid={Boolean(tokenProblem)} />
        {tokenProblem && <span className="problem">{tokenProblem}</span>}
      </label>
      <div className="actions">
        <button type="submit" disabled={!ready || busy}>
          {busy ? 'Saving and checking…' : 'Save the new key'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
      <ErrorBox failure={failure} />
    </form>
  );
}
