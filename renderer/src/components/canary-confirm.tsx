/**
 * The canary guard's confirmation: a key of a canary-token account alerts whoever planted it the moment it is used,
 * so keyscope sent nothing; this says so and asks before the request is repeated with allowCanary.
 */
import type { Failure } from '../../../shared/failure';
import type { ErrorView } from '../../../shared/model';
import { escapeControls } from '../format';

/** Whether a failure, or a check's error, is the canary guard's refusal. */
export const isCanary = (e: Failure | ErrorView | null | undefined): boolean => Boolean(e && ('kind' in e ? e.kind === 'canary' : e.Category === 'canary'));

/** Whose canary it is, as the failure says it: "Thinkst Canarytokens, account 052310077262". */
function whose(e: Failure | ErrorView): string {
  if ('kind' in e && e.kind === 'canary') return `${e.service}, account ${e.account}`;
  const m = /account (\d{12}), a canary-token account \(([^)]+)\)/.exec('kind' in e ? e.message : e.Message);
  return m ? `${m[2]}, account ${m[1]}` : 'a known canary-token service';
}

export function CanaryConfirm({ error, onConfirm, onCancel, what = 'Check' }: { error: Failure | ErrorView; onConfirm: () => void; onCancel: () => void; what?: string }) {
  return (
    <div role="alertdialog" aria-labelledby="canary-title" aria-describedby="canary-detail" className="confirm" data-testid="canary-confirm">
      <p id="canary-title">
        <strong>
          This key belongs to a canary-token account ({escapeControls(whose(error))}): using it alerts whoever planted it. {what} anyway?
        </strong>
      </p>
      <p id="canary-detail" className="hint">
        keyscope sent nothing. Such a key is almost certainly a honeytoken, not a working credential: go on only if you planted it, or mean to set it off.
      </p>
      <button type="button" className="danger" onClick={onConfirm}>
        {what} anyway
      </button>
      <button type="button" onClick={onCancel} autoFocus>
        Do not send
      </button>
    </div>
  );
}
