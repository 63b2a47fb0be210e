/** A failure in plain words: what happened, what to do, and its code. A locked keychain says so in its title. */
import type { Failure } from '../../../shared/failure';
import type { ErrorView } from '../../../shared/model';

export function ErrorBox({ failure, error, title }: { failure?: Failure | null; error?: ErrorView | null; title?: string }) {
  if (!failure && !error) return null;
  const message = failure?.message ?? error?.Message ?? '';
  const hint = failure?.hint ?? error?.Hint ?? '';
  const category = failure?.category ?? error?.Category;
  const code = failure ? (failure.kind === 'aws' ? `${failure.code} (HTTP ${failure.httpStatus})` : failure.kind === 'network' ? failure.code : null) : error ? `${error.Code}${error.HttpStatus ? ` (HTTP ${error.HttpStatus})` : ''}` : null;
  const fromAws = failure ? failure.kind === 'aws' : error?.HttpStatus != null && error.Code !== 'UnexpectedResponse';
  return (
    <div className="error" role="alert">
      <strong>{category === 'keychain-locked' ? 'The keychain is locked' : (title ?? 'Something went wrong')}</strong>
      <p>{message}</p>
      {hint && <p className="hint">{hint}</p>}
      {code && (
        <p className="code">
          {fromAws ? 'AWS code' : 'Code'}: <code>{code}</code>
        </p>
      )}
    </div>
  );
}
