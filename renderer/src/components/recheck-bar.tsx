/** A recheck's progress, what it found, Cancel, and every check that failed. */
import type { EventsLostView } from '../../../shared/contract';
import type { ErrorView } from '../../../shared/model';
import { lostWords } from '../events-lost';
import { escapeControls } from '../format';
import { ErrorBox } from './error-box';

export interface RecheckState {
  readonly jobId: string;
  readonly done: number;
  readonly total: number;
  readonly finished: boolean;
  readonly cancelled: boolean;
  readonly failures: ReadonlyArray<{ readonly name: string; readonly error: ErrorView }>;
  /** What the checks found, once the recheck is over. */
  readonly counts: { readonly valid: number; readonly invalid: number; readonly couldNotCheck: number } | null;
  /** Why the recheck itself stopped (a bug), if it did. */
  readonly error: ErrorView | null;
  /** The page lost its events while the recheck ran (keyscope ui): its end may never come; finished stands for it. */
  readonly lost: EventsLostView | null;
}

/**
 * Whether the recheck's error is the store's refusal of its results (a full disk): the recheck goes on after a write
 * fails, so every check was made; it said "Recheck stopped after 8 of 8", as of a bug.
 */
const notSaved = (state: RecheckState) => state.error?.Code === 'StoreError';

/** "Rechecked 8: 5 valid, 1 invalid, 2 could not check". */
export function recheckSummary(state: RecheckState): string {
  if (state.lost) {
    const after = state.lost.by === 'keyscope' ? 'The recheck went on there, saving each result: the list shows each profile\'s last saved one.' : 'The recheck saved each result it made while keyscope ran.';
    return `Recheck: ${state.done} of ${state.total} results reached this page, then ${lostWords(state.lost)}. ${after}`;
  }
  if (!state.finished) return `Rechecking ${state.done} of ${state.total}…`;
  const c = state.counts ?? { valid: 0, invalid: 0, couldNotCheck: 0 };
  const found = `${c.valid} valid, ${c.invalid} invalid, ${c.couldNotCheck} could not check`;
  if (state.error && !notSaved(state)) return `Recheck stopped after ${state.done} of ${state.total}: ${found}`;
  const summary = state.cancelled ? `Recheck cancelled after ${state.done} of ${state.total}: ${found}` : `Rechecked ${state.done}: ${found}`;
  return notSaved(state) ? `${summary}. Not all of these results could be saved` : summary;
}

/** The title of the recheck's error: what went wrong. */
export function recheckEndTitle(state: RecheckState): string {
  return notSaved(state) ? 'Not all the results could be saved' : 'The recheck stopped';
}

export function RecheckBar({ state, onCancel }: { state: RecheckState; onCancel: () => void }) {
  return (
    <div className="recheck" aria-live="polite">
      <label>
        {recheckSummary(state)}
        <progress max={state.total} value={state.done} aria-label="Recheck progress" />
      </label>
      {!state.finished && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
      <ErrorBox error={state.error} title={recheckEndTitle(state)} />
      {state.failures.length > 0 && (
        <ul className="failures" aria-label="Checks that failed">
          {state.failures.map((f, i) => (
            <li key={`${i}-${f.name}`} role="alert" data-testid={`recheck-failure-${f.name}`}>
              <strong>{f.name}</strong>: {f.error.Category === 'keychain-locked' ? 'the keychain is locked. ' : ''}
              {escapeControls(f.error.Message)} <span className="hint">{escapeControls(f.error.Hint)}</span> <code>{escapeControls(f.error.Code)}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
