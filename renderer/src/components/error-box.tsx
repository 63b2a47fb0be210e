/**
 * A failure in plain words, titled by what happened ("This key (AKIA…) is already saved as "admin"", "Access
 * denied"), then what to do and its code. It scrolls itself into view when it appears or changes, so an error from
 * a button below the fold is seen; views place it next to what caused it. Its message, hint and code may be a server's
 * (or quote a file's name): they are shown escaped.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { Failure, FailureCategory } from '../../../shared/failure';
import type { ErrorView } from '../../../shared/model';
import { escapeControls } from '../format';

/** What happened, by category, when the caller gives no title; input failures are titled by their own message. */
const TITLES: Readonly<Record<FailureCategory, string>> = {
  'invalid-key': 'AWS does not accept this access key id',
  'invalid-secret': 'The secret does not match the key id',
  expired: 'These credentials have expired',
  'access-denied': 'Access denied',
  'clock-skew': "This computer's clock is off",
  throttled: 'AWS is throttling requests',
  service: 'AWS could not answer',
  offline: 'AWS could not be reached',
  input: 'This was not sent',
  'keychain-locked': 'The keychain is locked',
  canary: 'A canary-token key: nothing was sent',
  internal: 'keyscope hit a bug: nothing was decided',
};

/**
 * What happened, for failures whose category does not say it: the keychain's and keyscope's own files are "service"
 * failures (the key's validity is unknown), and were titled "AWS could not answer" (a full disk, a corrupt store, no
 * Secret Service).
 */
const TITLES_BY_KIND: Readonly<Partial<Record<Failure['kind'], string>>> = { keychain: 'The keychain could not be used', storage: 'keyscope could not read or write its files' };
/** The same kinds as an ErrorView (a check's record) names them, by its Code (shared/model.ts errorView). */
const KIND_OF_CODE: Readonly<Record<string, Failure['kind']>> = { KeychainError: 'keychain', StoreError: 'storage' };

export function ErrorBox({ failure, error, title }: { failure?: Failure | null; error?: ErrorView | null; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const message = failure?.message ?? error?.Message ?? '';
  useEffect(() => {
    if (message) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [message]);
  if (!failure && !error) return null;
  const hint = failure?.hint ?? error?.Hint ?? '';
  const category = failure?.category ?? error?.Category ?? 'internal';
  const code = failure ? (failure.kind === 'aws' ? `${failure.code} (HTTP ${failure.httpStatus})` : failure.kind === 'network' ? failure.code : null) : error ? `${error.Code}${error.HttpStatus ? ` (HTTP ${error.HttpStatus})` : ''}` : null;
  const fromAws = failure ? failure.kind === 'aws' : error?.HttpStatus != null && error.Code !== 'UnexpectedResponse';
  // An input failure's message says what happened in one sentence: it is the title, not repeated below.
  const kind = failure?.kind ?? (error ? KIND_OF_CODE[error.Code] : undefined);
  // An answer keyscope ui never gave (api.ts): "offline", but not AWS. Titled so whatever the view's title says of the
  // outcome ("The finding was not muted"): the request may have got there, and done what it asked.
  const heading = category === 'keychain-locked' ? TITLES[category] : kind === 'internal' && category === 'offline' ? 'keyscope ui could not be reached' : (title ?? (category === 'input' && message ? message : ((kind && TITLES_BY_KIND[kind]) ?? TITLES[category])));
  return (
    <div className="error" role="alert" ref={ref}>
      <strong>{escapeControls(heading)}</strong>
      {heading !== message && <p>{escapeControls(message)}</p>}
      {hint && <p className="hint">{escapeControls(hint)}</p>}
      {code && (
        <p className="code">
          {fromAws ? 'AWS code' : 'Code'}: <code>{escapeControls(code)}</code>
        </p>
      )}
    </div>
  );
}
