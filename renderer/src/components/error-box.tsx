/** A failure in plain words: what happened, what to do, and the AWS code. */
import type { Failure } from '../../../shared/failure';
import type { ErrorView } from '../../../shared/contract';

export function ErrorBox({ failure, error, title }: { failure?: Failure | null; error?: ErrorView | null; title?: string }) {
  if (!failure && !error) return null;
  const message = failure?.message ?? error?.Message ?? '';
  const hint = failure?.hint ?? error?.Hint ?? '';
  const code = failure ? (failure.kind === 'aws' ? `${failure.code} (HTTP ${failure.httpStatus})` : failure.kind === 'network' ? failure.code : null) : error ? `${error.Code}${error.HttpStatus ? ` (HTTP ${error.HttpStatus})` : ''}` : null;
  return (
    <div className="error" role="alert">
      <strong>{title ?? 'Something went wrong'}</strong>
      <p>{message}</p>
      {hint && <p className="hint">{hint}</p>}
      {code && <p className="code">AWS code: <code>{code}</code></p>}
    </div>
  );
}
