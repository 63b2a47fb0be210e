/**
 * "Signed with" for the STS tools: a saved profile, or a credential pasted here. A pasted one is sent to main once
 * (creds:hold) and the page keeps only its handle and masked key id; its secret field is emptied.
 */
import { useState } from 'preact/hooks';
import type { Signer } from '../../../shared/contract';
import { credentialHints } from '../../../shared/credential-rules';
import type { Failure } from '../../../shared/failure';
import type { ProfileView } from '../../../shared/model';
import { api, run } from '../api';
import { CredentialFields, type TypedCredential } from './credential-fields';
import { ErrorBox } from './error-box';

const PASTED = '__pasted';

/** The pasted credential main holds: its handle, and its key id masked. */
export interface PastedSigner {
  readonly credentialHandle: string;
  readonly maskedKeyId: string;
}

/** The choice in effect: the one picked, else the first profile (the list may come after the view), else a pasted key. */
function chosen(profiles: readonly ProfileView[], choice: string): string {
  if (choice === PASTED || profiles.some((p) => p.id === choice)) return choice;
  return profiles[0]?.id ?? PASTED;
}

/** What signs, as the request carries it; null when nothing is picked yet. */
export function signerOf(profiles: readonly ProfileView[], choice: string, pasted: PastedSigner | null): Signer | null {
  const c = chosen(profiles, choice);
  if (c === PASTED) return pasted ? { credentialHandle: pasted.credentialHandle } : null;
  return { profileId: c };
}

export function SignerPicker(props: { profiles: readonly ProfileView[]; choice: string; onChoice: (c: string) => void; pasted: PastedSigner | null; onPasted: (p: PastedSigner | null) => void }) {
  const { profiles, pasted } = props;
  const choice = chosen(profiles, props.choice);
  const [typed, setTyped] = useState<TypedCredential>({ keyId: '', secret: '', token: '' });
  const [failure, setFailure] = useState<Failure | null>(null);
  const hints = credentialHints({ accessKeyId: typed.keyId, secretAccessKey: typed.secret, sessionToken: typed.token });

  const hold = async () => {
    const r = await api.holdCredential({ accessKeyId: typed.keyId.trim(), secretAccessKey: typed.secret.trim(), ...(typed.token.trim() ? { sessionToken: typed.token.trim() } : {}) });
    if (!r.ok) return setFailure(r.error);
    setFailure(null);
    setTyped({ keyId: '', secret: '', token: '' });
    props.onPasted({ credentialHandle: r.value.credentialHandle, maskedKeyId: r.value.maskedKeyId });
  };

  return (
    <>
      <label className="field">
        Signed with
        <select value={choice} onChange={(e) => props.onChoice(e.currentTarget.value)}>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.maskedKeyId})
            </option>
          ))}
          <option value={PASTED}>a key pasted here…</option>
        </select>
      </label>
      {choice === PASTED &&
        (pasted ? (
          <p className="signer-pasted">
            Signing with the pasted key <code>{pasted.maskedKeyId}</code>, held in keyscope for 30 minutes.{' '}
            <button type="button" onClick={() => props.onPasted(null)}>
              Paste another
            </button>
          </p>
        ) : (
          <fieldset className="paste-signer">
            <legend>A key to sign with (not saved)</legend>
            <CredentialFields
              value={typed}
              onChange={setTyped}
              hints={hints}
              labels={['Signing access key id', 'Signing secret access key', 'Signing session token']}
              idPrefix="signer-"
              help={{ keyId: 'AKIA… or ASIA….', secret: 'Sent to keyscope once and held for 30 minutes; never saved.' }}
            />
            <button type="button" onClick={() => run(hold)} disabled={!hints.ready}>
              Use this key
            </button>
            <ErrorBox failure={failure} />
          </fieldset>
        ))}
    </>
  );
}
