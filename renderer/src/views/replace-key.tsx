/** "Replace key…": a new key id, secret and token for a profile, checked as in Add, saved in place of the old key. */
import { useState } from 'preact/hooks';
import type { Contract } from '../../../shared/contract';
import type { Failure } from '../../../shared/failure';
import { api, run } from '../api';
import { credentialHints } from '../../../shared/credential-rules';
import { CredentialFields, type TypedCredential } from '../components/credential-fields';
import { ErrorBox } from '../components/error-box';

export type KeyReplaced = Contract['profiles:set-key']['res'];

export function ReplaceKey({ id, name, onReplaced, onCancel }: { id: string; name: string; onReplaced: (r: KeyReplaced) => void; onCancel: () => void }) {
  const [typed, setTyped] = useState<TypedCredential>({ keyId: '', secret: '', token: '' });
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  const { keyId, secret, token } = typed;
  // The credential rules as you type (shared/credential-rules.ts): the same rules the vault applies on saving.
  const hints = credentialHints({ accessKeyId: keyId, secretAccessKey: secret, sessionToken: token });

  const submit = async () => {
    setBusy(true);
    setFailure(null);
    const r = await api.setProfileKey({ id, accessKeyId: keyId.trim(), secretAccessKey: secret.trim(), ...(token.trim() ? { sessionToken: token.trim() } : {}) });
    setBusy(false);
    if (!r.ok) return setFailure(r.error);
    setTyped((t) => ({ ...t, secret: '', token: '' }));
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
      <CredentialFields
        value={typed}
        onChange={setTyped}
        hints={hints}
        labels={['New access key id', 'New secret access key', 'New session token']}
        idPrefix="new-"
        help={{ keyId: 'AKIA… for long-term keys, ASIA… for temporary ones.', secret: 'Kept in your system keychain; never shown again.' }}
      />
      <div className="actions">
        <button type="submit" disabled={!hints.ready || busy}>
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
