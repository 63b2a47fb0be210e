/**
 * Paste a key: trimmed, checked as you type, checked against AWS without saving, or saved. A check made before
 * saving is recorded with the saved profile: main kept it under an id, for this exact credential only.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CheckView } from '../../../shared/model';
import type { Failure } from '../../../shared/failure';
import { api, run } from '../api';
import { CanaryConfirm, isCanary } from '../components/canary-confirm';
import { CredentialFields, type TypedCredential } from '../components/credential-fields';
import { CopyButton, CopyStatus, useCopy } from '../components/copy-button';
import { ErrorBox } from '../components/error-box';
import { credentialHints } from '../../../shared/credential-rules';
import { escapeControls, relative } from '../format';

export function CheckResult({ check }: { check: CheckView }) {
  const { copy, status } = useCopy();
  const ref = useRef<HTMLDivElement>(null);
  // The result comes below the form's first buttons: brought into view as it arrives.
  useEffect(() => {
    void ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [check]);
  if (check.Valid !== true) {
    return (
      <div data-testid="check-result" ref={ref}>
        <ErrorBox error={check.Error} title={check.Valid === false ? 'Not valid' : 'Could not check: the key may well be valid'} />
      </div>
    );
  }
  const used = check.AccessKeyLastUsed;
  return (
    <section className="result ok" data-testid="check-result" aria-label="Check result" ref={ref}>
      <h3>Valid</h3>
      <dl className="facts">
        <dt>ARN</dt>
        <dd>
          {escapeControls(check.Arn)} <CopyButton what="ARN" text={check.Arn} onCopy={copy} />
        </dd>
        <dt>Account</dt>
        <dd>
          {escapeControls(check.Account)} <CopyButton what="account" text={check.Account} onCopy={copy} />
        </dd>
        <dt>User id</dt>
        <dd>
          {escapeControls(check.UserId)} <CopyButton what="user id" text={check.UserId} onCopy={copy} />
        </dd>
        <dt>Last used</dt>
        <dd>
          {used
            ? used.LastUsedDate
              ? `${relative(used.LastUsedDate)} with ${escapeControls(used.ServiceName)} in ${escapeControls(used.Region)}`
              : 'never used'
            : check.LastUsedError
              ? escapeControls(`could not check (${check.LastUsedError.Code}): ${check.LastUsedError.Hint}`)
              : (check.LastUsedSkipped ?? '—')}
        </dd>
      </dl>
      <CopyStatus status={status} />
      {check.ClockSkewSeconds !== undefined && <p className="hint">This computer's clock is off by {Math.round(check.ClockSkewSeconds / 60)} minutes; keyscope corrected for it.</p>}
    </section>
  );
}

export function AddCredential({ onSaved }: { onSaved: (id: string) => void }) {
  const [typed, setTyped] = useState<TypedCredential>({ keyId: '', secret: '', token: '' });
  const [name, setName] = useState('');
  const [region, setRegion] = useState('');
  const [check, setCheck] = useState<CheckView | null>(null);
  const [checkId, setCheckId] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState<'check' | 'save' | null>(null);

  const { keyId, secret, token } = typed;
  // A refusal about one field is shown beside it: the name under "Save as", the key under the key's fields.
  const field = failure?.kind === 'input' ? failure.field : undefined;
  const at = field === 'name' ? 'name' : field === 'accessKeyId' || field === 'secretAccessKey' || field === 'sessionToken' ? 'key' : 'form';
  // The credential rules as you type (shared/credential-rules.ts): the same rules the vault applies on saving.
  const hints = credentialHints({ accessKeyId: keyId, secretAccessKey: secret, sessionToken: token });
  const ready = hints.ready;
  const creds = { accessKeyId: keyId.trim(), secretAccessKey: secret.trim(), ...(token.trim() ? { sessionToken: token.trim() } : {}), ...(region.trim() ? { region: region.trim() } : {}) };

  // A check's result speaks of what was checked: once the key, secret, token or region changes, it goes (it said
  // "Valid", with an ARN, beside a key that was never checked). Saving the same credential still records it (main
  // keeps it by the credential).
  const edit = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setCheck(null);
  };

  const doCheck = async (allowCanary = false) => {
    setBusy('check');
    setFailure(null);
    setCheck(null);
    const r = await api.checkCredential({ ...creds, ...(allowCanary ? { allowCanary } : {}) });
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
    setTyped((t) => ({ ...t, secret: '', token: '' }));
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
        <CredentialFields
          value={typed}
          onChange={edit(setTyped)}
          hints={hints}
          labels={['Access key id', 'Secret access key', 'Session token']}
          idPrefix=""
          help={{ keyId: 'AKIA… for long-term keys, ASIA… for temporary ones. Spaces and line breaks around it are removed.', secret: 'Kept in your system keychain when saved; never shown again.' }}
        />
        {at === 'key' && <ErrorBox failure={failure} />}
        <label className="field">
          Region (optional)
          <input value={region} onInput={(e) => edit(setRegion)(e.currentTarget.value)} placeholder="us-east-1" />
        </label>
        <div className="actions">
          <button type="button" onClick={() => run(() => doCheck())} disabled={!ready || busy !== null}>
            {busy === 'check' ? 'Checking…' : 'Check without saving'}
          </button>
        </div>
        {check && check.Valid !== true && isCanary(check.Error) ? (
          <CanaryConfirm error={check.Error} onConfirm={() => run(() => doCheck(true))} onCancel={() => setCheck(null)} />
        ) : (
          check && <CheckResult check={check} />
        )}
        <label className="field">
          Save as
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} placeholder="a name, such as prod-deployer" aria-invalid={at === 'name' ? true : undefined} />
        </label>
        {at === 'name' && <ErrorBox failure={failure} />}
        <div className="actions">
          <button type="submit" disabled={!ready || name.trim() === '' || busy !== null}>
            {busy === 'save' ? 'Saving…' : 'Save to keychain'}
          </button>
        </div>
        {at === 'form' && <ErrorBox failure={failure} />}
      </form>
    </section>
  );
}
