/** The STS tools' form pieces: a field with its error below, results scrolled into view, parameter names to fields. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** The form's key of each parameter AWS and keyscope's checks name in a failure. */
export const FIELD_OF: Readonly<Record<string, string>> = {
  RoleArn: 'roleArn',
  RoleSessionName: 'sessionName',
  DurationSeconds: 'duration',
  ExternalId: 'externalId',
  SerialNumber: 'serial',
  TokenCode: 'code',
  Policy: 'policy',
  Name: 'name',
  WebIdentityToken: 'token',
  ProviderId: 'providerId',
  PrincipalArn: 'principalArn',
  SAMLAssertion: 'assertion',
  EncodedMessage: 'message',
  AccessKeyId: 'keyId',
};

/** Scrolls a result into view when it appears: results come below the form, often below the fold. */
export function InView({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  // A block body: scrollIntoView returns a promise in newer Chromium, and an effect may return only a cleanup.
  useEffect(() => {
    void ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, []);
  return <div ref={ref}>{children}</div>;
}

/** A labelled input bound to a field of a form state, with the error about it, if any, right below. */
export function Field({ label, value, onChange, required, textarea, type, placeholder, error }: { label: string; value: string; onChange: (v: string) => void; required?: boolean; textarea?: boolean; type?: string; placeholder?: string; error?: ComponentChildren }) {
  return (
    <>
      <label className="field">
        {label}
        {required ? '' : ' (optional)'}
        {textarea ? (
          <textarea value={value} onInput={(e) => onChange(e.currentTarget.value)} required={required} rows={4} spellcheck={false} placeholder={placeholder} />
        ) : (
          <input value={value} onInput={(e) => onChange(e.currentTarget.value)} required={required} type={type ?? 'text'} spellcheck={false} placeholder={placeholder} aria-invalid={error ? true : undefined} />
        )}
      </label>
      {error}
    </>
  );
}
