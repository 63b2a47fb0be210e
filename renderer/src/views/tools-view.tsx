/** STS tools: temporary credentials of every kind, decoding authorization messages, access-key info. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ProfileView, TempCredsView } from '../../../shared/model';
import type { Failure } from '../../../shared/failure';
import type { Result } from '../../../shared/result';
import { api } from '../api';
import { escapeControls, escapeControlsKeepingLines } from '../format';
import { CanaryConfirm, isCanary } from '../components/canary-confirm';
import { ErrorBox } from '../components/error-box';
import { DecodedSummary } from '../components/decoded-summary';
import { JsonTree } from '../components/json-tree';
import { SignerPicker, signerOf, type PastedSigner } from '../components/signer-picker';
import { TempCreds } from '../components/temp-creds';
import { FIELD_OF, Field, InView } from '../components/tool-field';

const TOOLS = [
  ['assume-role', 'Assume a role'],
  ['session-token', 'Session token (MFA)'],
  ['federation-token', 'Federation token'],
  ['web-identity', 'Web identity'],
  ['saml', 'SAML'],
  ['decode', 'Decode a message'],
  ['key-info', 'Access-key info'],
] as const;
type Tool = (typeof TOOLS)[number][0];

const num = (v: string) => (v.trim() === '' ? undefined : Number(v));

export function ToolsView({ profiles, onSaved }: { profiles: readonly ProfileView[]; onSaved: () => void }) {
  const [tool, setTool] = useState<Tool>('assume-role');
  const [choice, setChoice] = useState('');
  const [pasted, setPasted] = useState<PastedSigner | null>(null);
  // The list may arrive after this view: the first profile signs until one is picked.
  const signer = signerOf(profiles, choice, pasted);
  const [f, setF] = useState<Record<string, string>>({});
  const [creds, setCreds] = useState<TempCredsView | null>(null);
  const [decoded, setDecoded] = useState<{ decoded: unknown; raw: string; shownAsText?: string } | null>(null);
  const [account, setAccount] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: string) => (v: string) => setF({ ...f, [k]: v });
  // An input failure about one parameter is shown under its field; any other after Run.
  const fieldAtFault = failure?.kind === 'input' && failure.field ? FIELD_OF[failure.field] : undefined;
  const errorAt = (k: string) => (fieldAtFault === k ? <ErrorBox failure={failure} /> : undefined);
  const v = (k: string) => f[k] ?? '';
  const opt = (k: string) => (v(k).trim() === '' ? undefined : v(k).trim());
  const signed = !['web-identity', 'saml'].includes(tool);

  async function run<T>(call: Promise<Result<T, Failure>>, done: (value: T) => void) {
    setBusy(true);
    setFailure(null);
    setCreds(null);
    setDecoded(null);
    setAccount(null);
    const r = await call;
    setBusy(false);
    if (r.ok) done(r.value);
    else setFailure(r.error);
  }

  // allowCanary only after the canary confirmation: the first try with such a key sends nothing.
  const submit = (allowCanary = false) => {
    const c = allowCanary ? { allowCanary } : {};
    const by = signer ?? { profileId: '' };
    switch (tool) {
      case 'assume-role':
        return run(api.assumeRole({ ...c, ...by, roleArn: v('roleArn'), sessionName: v('sessionName'), durationSeconds: num(v('duration')), externalId: opt('externalId'), serialNumber: opt('serial'), tokenCode: opt('code'), policy: opt('policy') }), setCreds);
      case 'session-token':
        return run(api.getSessionToken({ ...c, ...by, durationSeconds: num(v('duration')), serialNumber: opt('serial'), tokenCode: opt('code') }), setCreds);
      case 'federation-token':
        return run(api.getFederationToken({ ...c, ...by, name: v('name'), durationSeconds: num(v('duration')), policy: opt('policy') }), setCreds);
      case 'web-identity':
        return run(api.assumeRoleWithWebIdentity({ roleArn: v('roleArn'), sessionName: v('sessionName'), token: v('token'), providerId: opt('providerId'), durationSeconds: num(v('duration')) }), setCreds);
      case 'saml':
        return run(api.assumeRoleWithSaml({ roleArn: v('roleArn'), principalArn: v('principalArn'), assertion: v('assertion'), durationSeconds: num(v('duration')) }), setCreds);
      case 'decode':
        return run(api.decodeAuthorizationMessage({ ...c, ...by, encodedMessage: v('message') }), setDecoded);
      case 'key-info':
        return run(api.getAccessKeyInfo({ ...c, ...by, accessKeyId: v('keyId') }), (r) => setAccount(r.account));
    }
  };

  const forms: Record<Tool, ComponentChildren> = {
    'assume-role': (
      <>
        <Field label="Role ARN" value={v('roleArn')} onChange={set('roleArn')} required placeholder="arn:aws:iam::123456789012:role/Name" />
        <Field label="Session name" value={v('sessionName')} onChange={set('sessionName')} required placeholder="keyscope"  error={errorAt('sessionName')} />
        <Field label="Duration in seconds, 900 to 43200" value={v('duration')} onChange={set('duration')} type="number"  error={errorAt('duration')} />
        <Field label="External id" value={v('externalId')} onChange={set('externalId')}  error={errorAt('externalId')} />
        <Field label="MFA device ARN" value={v('serial')} onChange={set('serial')}  error={errorAt('serial')} />
        <Field label="MFA code" value={v('code')} onChange={set('code')}  error={errorAt('code')} />
        <Field label="Session policy (JSON)" value={v('policy')} onChange={set('policy')} textarea  error={errorAt('policy')} />
      </>
    ),
    'session-token': (
      <>
        <Field label="Duration in seconds, 900 to 129600" value={v('duration')} onChange={set('duration')} type="number"  error={errorAt('duration')} />
        <Field label="MFA device ARN" value={v('serial')} onChange={set('serial')}  error={errorAt('serial')} />
        <Field label="MFA code" value={v('code')} onChange={set('code')}  error={errorAt('code')} />
      </>
    ),
    'federation-token': (
      <>
        <Field label="Federated user name" value={v('name')} onChange={set('name')} required  error={errorAt('name')} />
        <Field label="Duration in seconds, 900 to 129600" value={v('duration')} onChange={set('duration')} type="number"  error={errorAt('duration')} />
        <Field label="Session policy (JSON)" value={v('policy')} onChange={set('policy')} textarea  error={errorAt('policy')} />
      </>
    ),
    'web-identity': (
      <>
        <Field label="Role ARN" value={v('roleArn')} onChange={set('roleArn')} required  error={errorAt('roleArn')} />
        <Field label="Session name" value={v('sessionName')} onChange={set('sessionName')} required  error={errorAt('sessionName')} />
        <Field label="Web identity token (OIDC)" value={v('token')} onChange={set('token')} required textarea  error={errorAt('token')} />
        <Field label="Provider id (OAuth 2.0 only)" value={v('providerId')} onChange={set('providerId')}  error={errorAt('providerId')} />
        <Field label="Duration in seconds, 900 to 43200" value={v('duration')} onChange={set('duration')} type="number"  error={errorAt('duration')} />
      </>
    ),
    saml: (
      <>
        <Field label="Role ARN" value={v('roleArn')} onChange={set('roleArn')} required  error={errorAt('roleArn')} />
        <Field label="SAML provider ARN" value={v('principalArn')} onChange={set('principalArn')} required  error={errorAt('principalArn')} />
        <Field label="SAML assertion (base64)" value={v('assertion')} onChange={set('assertion')} required textarea  error={errorAt('assertion')} />
        <Field label="Duration in seconds, 900 to 43200" value={v('duration')} onChange={set('duration')} type="number"  error={errorAt('duration')} />
      </>
    ),
    decode: <Field label="Encoded authorization message" value={v('message')} onChange={set('message')} required textarea  error={errorAt('message')} />,
    'key-info': <Field label="Access key id to look up" value={v('keyId')} onChange={set('keyId')} required  error={errorAt('keyId')} />,
  };

  return (
    <section aria-labelledby="tools-title">
      <h2 id="tools-title">STS tools</h2>
      <div role="tablist" aria-label="STS tools" className="tabs">
        {TOOLS.map(([id, label]) => (
          <button key={id} type="button" role="tab" id={`tab-${id}`} aria-selected={tool === id} aria-controls="tool-panel" onClick={() => setTool(id)}>
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="tool-panel" aria-labelledby={`tab-${tool}`}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {signed && <SignerPicker profiles={profiles} choice={choice} onChoice={setChoice} pasted={pasted} onPasted={setPasted} />}
          {!signed && <p className="muted">Sent unsigned, as AWS requires: no saved credential is used.</p>}
          {forms[tool]}
          <div className="actions">
            <button type="submit" disabled={busy || (signed && !signer)}>
              {busy ? 'Asking AWS…' : 'Run'}
            </button>
          </div>
        </form>
        {failure && isCanary(failure) ? <CanaryConfirm error={failure} what="Sign" onConfirm={() => void submit(true)} onCancel={() => setFailure(null)} /> : fieldAtFault === undefined && <ErrorBox failure={failure} />}
        {creds && (
          <InView>
            <TempCreds creds={creds} onSaved={onSaved} />
          </InView>
        )}
        {decoded && (
          <InView>
            <section aria-label="Decoded message" data-testid="decoded">
              <h3>Decoded message</h3>
              {typeof decoded.decoded === 'object' && decoded.decoded !== null ? (
                <>
                  <DecodedSummary decoded={decoded.decoded} />
                  <details open>
                    <summary>The whole message</summary>
                    <JsonTree value={decoded.decoded} />
                  </details>
                </>
              ) : (
                <>
                  {decoded.shownAsText && <p>{decoded.shownAsText}</p>}
                  <pre>{escapeControlsKeepingLines(decoded.raw)}</pre>
                </>
              )}
            </section>
          </InView>
        )}
        {account && (
          <InView>
            <p role="status" data-testid="key-info">
              That key belongs to account <strong>{escapeControls(account)}</strong>.
            </p>
          </InView>
        )}
      </div>
    </section>
  );
}
