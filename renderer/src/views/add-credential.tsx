/**
 * Paste a key: trimmed, checked as you type, checked against AWS without saving, or saved. A check made before
 * saving is recorded with the saved profile: main kept it under an id, for this exact credential only.
 */
import { useState } from 'react';
import type { CheckView } from '../../../shared/model';
import type { Failure } from '../../../shared/failure';
import { api, run } from '../api';
import { ErrorBox } from '../components/error-box';
import { credentialHints } from '../../../shared/credential-rules';
import { relative } from '../format';

export function CheckResult({ check }: { check: CheckView }) {
  if (check.Valid !== true) {
    return (
      <div data-testid="check-result">
        <ErrorBox error={check.Error} title={check.Valid === false ? 'Not valid' : 'Could not check: the key may well be valid'} />
      </div>
    );
  }
  const used = check.AccessKeyLastUsed;
  return (
    <section className="result ok" data-testid="check-result" aria-label="Check result">
      <h3>Valid</h3>
      <dl className="facts">
        <dt>ARN</dt>
        <dd>{check.Arn}</dd>
        <dt>Account</dt>
        <dd>{check.Account}</dd>
        <dt>User id</dt>
        <dd>{check.UserId}</dd>
        <dt>Last used</dt>
        <dd>
          {used
            ? used.LastUsedDate
              ? `${relative(used.LastUsedDate)} with ${used.ServiceName} in ${used.Region}`
              : 'never used'
            : check.LastUsedError
              ? `could not check (${check.LastUsedError.Code}): ${check.LastUsedError.Hint}`
              : (check.LastUsedSkipped ?? '—')}
        </dd>
      </dl>
      {check.ClockSkewSeconds !== undefined && <p className="hint">This computer's clock is off by {Math.round(check.ClockSkewSeconds / 60)} minutes; keyscope corrected for it.</p>}
    </section>
  );
}

export function AddCredential({ onSaved }: { onSaved: (id: string) => void }) {
  const [keyId, setKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [token, setToken] = useState('');
  const [name, setName] = useState('');
  const [region, setRegion] = useState('');
  const [check, setCheck] = useState<CheckView | null>(null);
  const [checkId, setCheckId] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState<'check' | 'save' | null>(null);

  const id = keyId.trim();
  // The credential rules as you type (shared/credential-rules.ts): the same rules the vault applies on saving.
  const { accessKeyId: idProblem, secretAccessKey: secretWarning, sessionToken: tokenProblem, ready } = credentialHints({ accessKeyId: keyId, secretAccessKey: secret, sessionToken: token });
  const creds = { accessKeyId: id, secretAccessKey: secret.trim(), ...(token.trim() ? { sessionToken: token.trim() } : {}), ...(region.trim() ? { region: region.trim() } : {}) };

  const doCheck = async () => {
    setBusy('check');
    setFailure(null);
    setCheck(null);
    const r = await api.checkCredential(creds);
    setBusy(null);
    if (!r.ok) return setFailure(r.error);
    setCheck(r.value.report);
    setCheckId(r.value.checkId);
  };
  const doSave = async () => {
    setBusy('save');
    setFailure(null);
    // Main records the check only if it was of exactly these credentials, so the id is always sent.
    const r = await api.addProfile({ name: name.trim(), ...creds, ...(checkId ? { checkId } : {}) });
    setBusy(null);
    if (!r.ok) return setFailure(r.error);
    setSecret('');
    setToken('');
    setCheckId(null);
    onSaved(r.value.id);
  };

  return (
    <section aria-labelledby="add-title">
      <h2 id="add-title">Add a credential</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run(doSave);
        }}
      >
        <label className="field">
          Access key id
          <input value={keyId} onChange={(e) => setKeyId(e.target.value)} autoComplete="off" spellCheck={false} aria-invalid={Boolean(idProblem)} aria-describedby="keyid-help" />
          <span id="keyid-help" className={idProblem ? 'problem' : 'help'}>
            {idProblem ?? 'AKIA… for long-term keys, ASIA… for temporary ones. Spaces and line breaks around it are removed.'}
          </span>
        </label>
        <label className="field">
          Secret access key
          <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="off" spellCheck={false} aria-describedby="secret-help" />
          <span id="secret-help" className={secretWarning ? 'problem' : 'help'}>
            {secretWarning ?? 'Kept in your system keychain when saved; never shown again.'}
          </span>
        </label>
        <label className="field">
          Session token {id.startsWith('ASIA') ? '(needed for ASIA… keys)' : '(only for temporary keys)'}
          <textarea value={token} onChange={(e) => setToken(e.target.value)} rows={2} autoComplete="off" spellCheck={false} aria-invalid={Boolean(tokenProblem)} />
          {tokenProblem && <span className="problem">{tokenProblem}</span>}
        </label>
        <label className="field">
          Region (optional)
          <input value={region} onChange={(e) => setRegion(e.target.value)} placeholder="us-east-1" />
        </label>
        <div className="actions">
          <button type="button" onClick={() => run(doCheck)} disabled={!ready || busy !== null}>
            {busy === 'check' ? 'Checking…' : 'Check without saving'}
          </button>
        </div>
        {check && <CheckResult check={check} />}
        <label className="field">
          Save as
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="a name, such as prod-deployer" />
        </label>
        <div className="actions">
          <button type="submit" disabled={!ready || name.trim() === '' || busy !== null}>
            {busy === 'save' ? 'Saving…' : 'Save to keychain'}
          </button>
        </div>
      </form>
      <ErrorBox failure={failure} />
    </section>
  );
}
