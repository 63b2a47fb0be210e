/**
 * The key id, secret and session token fields of Add and Replace key, with what the credential rules say of them as
 * you type (credentialHints, shared/credential-rules.ts): one place, so both forms show the rules alike.
 */
import type { CredentialHints } from '../../../shared/credential-rules';

/** What is typed in the three fields. */
export interface TypedCredential {
  readonly keyId: string;
  readonly secret: string;
  readonly token: string;
}

export function CredentialFields(props: {
  readonly value: TypedCredential;
  readonly onChange: (value: TypedCredential) => void;
  readonly hints: CredentialHints;
  /** The three labels, as the form names them ("Access key id", "New access key id"…). */
  readonly labels: readonly [keyId: string, secret: string, token: string];
  /** Makes the help elements' ids unique on the page. */
  readonly idPrefix: string;
  /** What the key id's and the secret's help lines say when there is no problem. */
  readonly help: { readonly keyId: string; readonly secret: string };
}) {
  const { value, onChange, hints, labels, idPrefix, help } = props;
  const set = (field: keyof TypedCredential) => (e: { currentTarget: { value: string } }) => onChange({ ...value, [field]: e.currentTarget.value });
  return (
    <>
      <label className="field">
        {labels[0]}
        <input value={value.keyId} onInput={set('keyId')} autoComplete="off" spellcheck={false} aria-invalid={Boolean(hints.accessKeyId)} aria-describedby={`${idPrefix}keyid-help`} />
        <span id={`${idPrefix}keyid-help`} className={hints.accessKeyId ? 'problem' : 'help'}>
          {hints.accessKeyId ?? help.keyId}
        </span>
      </label>
      <label className="field">
        {labels[1]}
        <input type="password" value={value.secret} onInput={set('secret')} autoComplete="off" spellcheck={false} aria-describedby={`${idPrefix}secret-help`} />
        <span id={`${idPrefix}secret-help`} className={hints.secretAccessKey ? 'problem' : 'help'}>
          {hints.secretAccessKey ?? help.secret}
        </span>
      </label>
      <label className="field">
        {labels[2]} {value.keyId.trim().startsWith('ASIA') ? '(needed for ASIA… keys)' : '(only for temporary keys)'}
        <textarea value={value.token} onInput={set('token')} rows={2} autoComplete="off" spellcheck={false} aria-invalid={Boolean(hints.sessionToken)} />
        {hints.sessionToken && <span className="problem">{hints.sessionToken}</span>}
      </label>
    </>
  );
}
