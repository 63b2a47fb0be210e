/** Temporary credentials: whose they are, a countdown, masked until revealed, copy in three forms, save. */
import { useEffect, useState } from 'preact/hooks';
import type { CopyFormat, TempCredsView } from '../../../shared/model';
import type { Failure } from '../../../shared/failure';
import { api, run } from '../api';
import { countdown, escapeControls, safeJson } from '../format';
import { ErrorBox } from './error-box';

const FORMATS: Array<[CopyFormat, string]> = [
  ['env', 'Copy as environment exports'],
  ['credentials-file', 'Copy as a credentials-file section'],
  ['credential-process', 'Copy as credential_process JSON'],
];

export function TempCreds({ creds, onSaved }: { creds: TempCredsView; onSaved?: (name: string) => void }) {
  const [now, setNow] = useState(Date.now());
  const [revealed, setRevealed] = useState<{ accessKeyId: string; secretAccessKey: string; sessionToken: string } | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [fallback, setFallback] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // Until the save's answer: a second click saved them again, and its answer ("A profile named … already exists")
  // was shown under "Saved as …".
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  useEffect(() => {
    setRevealed(null);
    setCopied(null);
    setFallback(null);
    setSaved(null);
  }, [creds.handle]);

  const reveal = async () => {
    if (revealed) return setRevealed(null);
    const r = await api.revealTemporaryCredentials({ handle: creds.handle });
    if (r.ok) setRevealed(r.value);
    else setFailure(r.error);
  };
  const copy = async (format: CopyFormat, label: string) => {
    const r = await api.copyTemporaryCredentials({ handle: creds.handle, format });
    if (!r.ok) return setFailure(r.error);
    try {
      await navigator.clipboard.writeText(r.value.text);
      setCopied(label);
      setFallback(null);
    } catch {
      setFallback(r.value.text); // no clipboard access: show it to copy by hand
    }
  };
  const save = async () => {
    setSaving(true);
    const r = await api.saveTemporaryCredentials({ handle: creds.handle, name: name.trim() }).finally(() => setSaving(false));
    if (!r.ok) return setFailure(r.error);
    setFailure(null);
    setRevealed(null);
    setSaved(r.value.name);
    onSaved?.(r.value.name);
  };
  // Once saved, the secret belongs to the keychain: nothing here reveals or copies it any more.
  const expired = Date.parse(creds.expiration) <= now || saved !== null;

  return (
    <section className="temp-creds" aria-label="Temporary credentials">
      <h3>Temporary credentials</h3>
      <dl className="facts">
        <dt>Whose</dt>
        <dd data-testid="temp-identity">{creds.identity ? escapeControls(creds.identity.Arn) : 'unknown'}</dd>
        {creds.identity?.Account && (
          <>
            <dt>Account</dt>
            <dd>{escapeControls(creds.identity.Account)}</dd>
          </>
        )}
        <dt>Access key id</dt>
        <dd>
          <code>{revealed ? revealed.accessKeyId : creds.maskedKeyId}</code>
        </dd>
        <dt>Secret access key</dt>
        <dd>
          <code data-testid="temp-secret">{revealed ? revealed.secretAccessKey : '•'.repeat(16)}</code>
        </dd>
        <dt>Session token</dt>
        <dd>
          <code className="token">{revealed ? revealed.sessionToken : '•'.repeat(16)}</code>
        </dd>
        <dt>Expires</dt>
        <dd>
          <time dateTime={creds.expiration} data-testid="temp-countdown" aria-live="off">
            {countdown(creds.expiration, now)}
          </time>{' '}
          <span className="muted">({escapeControls(creds.expiration)})</span>
        </dd>
      </dl>
      {Object.keys(creds.details).length > 0 && (
        <details>
          <summary>All details</summary>
          <pre>{safeJson(creds.details, 2)}</pre>
        </details>
      )}
      <div className="actions">
        <button type="button" onClick={() => run(reveal)} disabled={expired}>
          {revealed ? 'Hide' : 'Reveal'}
        </button>
        {FORMATS.map(([format, label]) => (
          <button key={format} type="button" onClick={() => run(() => copy(format, label))} disabled={expired}>
            {label}
          </button>
        ))}
      </div>
      <p role="status" className="quiet-status">
        {copied ? `${copied.replace('Copy as', 'Copied as')}.` : ''}
      </p>
      {fallback && (
        <label className="field">
          Copy this by hand (the clipboard is not available)
          <textarea readOnly value={fallback} rows={5} />
        </label>
      )}
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          run(save);
        }}
      >
        <label>
          Save as profile named <input value={name} onInput={(e) => setName(e.currentTarget.value)} required aria-label="Profile name for these credentials" />
        </label>
        <button type="submit" disabled={expired || saving || name.trim() === ''}>
          {saving ? 'Saving…' : 'Save as profile'}
        </button>
      </form>
      {saved && <p role="status">Saved as “{saved}”. Its secret is in the keychain now, and is not shown here again.</p>}
      <ErrorBox failure={failure} />
    </section>
  );
}
