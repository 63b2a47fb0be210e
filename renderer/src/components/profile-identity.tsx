/**
 * A profile's identity: account, ARN, user id and key id, each with a copy button (the whole key id, fetched on
 * request: the page shows it masked until "Show"), its last use, when it was checked, and its keychain entry.
 */
import { useEffect, useState } from 'preact/hooks';
import type { LastUsedView, ProfileDetailView } from '../../../shared/model';
import { api } from '../api';
import { decidedText, escapeControls, relative } from '../format';
import { CopyButton, CopyStatus, useCopy } from './copy-button';
import { ErrorBox } from './error-box';
import type { Failure } from '../../../shared/failure';

const useText = (u: LastUsedView) => (u.LastUsedDate ? escapeControls(`${u.LastUsedDate} (${relative(u.LastUsedDate)}) with ${u.ServiceName} in ${u.Region}`) : 'never used');

export function ProfileIdentity({ p }: { p: ProfileDetailView }) {
  const { copy, status } = useCopy();
  const [fullId, setFullId] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  useEffect(() => {
    setFullId(null);
    setShown(false);
  }, [p.id]);

  /** The whole key id, asked of main once. */
  const keyId = async (): Promise<string | null> => {
    if (fullId) return fullId;
    const r = await api.getProfileKeyId({ id: p.id });
    if (!r.ok) {
      setFailure(r.error);
      return null;
    }
    setFailure(null);
    setFullId(r.value.accessKeyId);
    return r.value.accessKeyId;
  };
  const toggle = async () => {
    if (shown) return setShown(false);
    if (await keyId()) setShown(true);
  };

  const lastUsed =
    p.keyType === 'temporary'
      ? 'not available for temporary keys'
      : p.lastUsedInfo
        ? `${useText(p.lastUsedInfo)}${p.lastUsedIsOwnCheck ? ": keyscope's own check" : ''}`
        : p.lastUsedError
          ? `could not check: ${escapeControls(p.lastUsedError.Message)}`
          : 'not checked yet';

  return (
    <section aria-labelledby="identity-title">
      <h3 id="identity-title">Identity</h3>
      <dl className="facts">
        <dt>Account</dt>
        <dd>
          <span data-testid="detail-account">{escapeControls(p.account ?? '—')}</span> {p.account && <CopyButton what="account" text={p.account} onCopy={copy} />}
        </dd>
        <dt>ARN</dt>
        <dd>
          <span data-testid="detail-arn">{escapeControls(p.arn ?? '—')}</span> {p.arn && <CopyButton what="ARN" text={p.arn} onCopy={copy} />}
        </dd>
        <dt>User id</dt>
        <dd>
          <span data-testid="detail-user-id">{escapeControls(p.userId ?? '—')}</span> {p.userId && <CopyButton what="user id" text={p.userId} onCopy={copy} />}
        </dd>
        <dt>Key id</dt>
        <dd>
          <code data-testid="detail-key-id">{shown && fullId ? fullId : p.maskedKeyId}</code>{' '}
          <button type="button" className="copy" onClick={() => void toggle()} aria-pressed={shown}>
            {shown ? 'Hide' : 'Show'}
          </button>{' '}
          <CopyButton what="key id" text={keyId} onCopy={(what, text) => copy(what, text, () => setShown(true))} />
        </dd>
        <dt>Last used</dt>
        <dd data-testid="detail-last-used">{lastUsed}</dd>
        {p.keyType !== 'temporary' && (p.lastUsedIsOwnCheck || p.ownerLastUsed) && (
          <>
            <dt>Owner's last use</dt>
            <dd data-testid="detail-owner-last-used">{p.ownerLastUsed ? useText(p.ownerLastUsed) : "not known: every reported use so far was keyscope's own check"}</dd>
          </>
        )}
        <dt>Last checked</dt>
        <dd data-testid="detail-last-checked">{p.lastDecided ? decidedText(p.lastDecided) : 'never decided'}</dd>
        {p.lastAttempt && (
          <>
            <dt>Last attempt</dt>
            <dd data-testid="detail-last-attempt">could not check, {relative(p.lastAttempt.at)}</dd>
          </>
        )}
        {p.expiration && (
          <>
            <dt>Expires</dt>
            <dd>
              {escapeControls(p.expiration)} ({relative(p.expiration)})
            </dd>
          </>
        )}
        <dt>Secret in keychain</dt>
        <dd data-testid="detail-secret">
          {p.hasSecret === null
            ? p.keychainError?.Category === 'keychain-locked'
              ? `unknown: the keychain is locked. ${escapeControls(p.keychainError.Hint)}`
              : `unknown: ${escapeControls(p.keychainError?.Message ?? 'the keychain is not available')}`
            : p.hasSecret
              ? 'yes'
              : 'missing: run keyscope profiles doctor'}
        </dd>
      </dl>
      <CopyStatus status={status} />
      <ErrorBox failure={failure} />
    </section>
  );
}
