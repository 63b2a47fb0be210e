/**
 * Many keychain entries read once, in the order they will be used, each available as soon as its batch arrives: a
 * recheck checks its first profiles while the keychain still reads the rest (SecretStore.readMany).
 */
import { internalFailure, type Failure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import type { SecretStore, StoredSecret } from './secret-store.js';

/**
 * What the read found for an id: its entry (null: one that is not keyscope's), undefined when the read did not hand
 * it over (it is to be read alone), or the failure that ended the read.
 */
export type EntryLookup = (id: string) => Promise<Result<StoredSecret | null | undefined, Failure>>;

/**
 * Starts reading the entries of `ids` now; the lookup waits for an id's batch, never for the whole read. Once
 * `signal` is aborted the read stops at its next call to the keychain, and an id it had not reached is to be read
 * alone (undefined), as a lookup still under way for it then does.
 */
export function entriesAsRead(secrets: SecretStore, ids: readonly string[], signal?: AbortSignal): EntryLookup {
  const settle = new Map<string, (found: Result<StoredSecret | null | undefined, Failure>) => void>();
  const found = new Map(ids.map((id) => [id, new Promise<Result<StoredSecret | null | undefined, Failure>>((resolve) => settle.set(id, resolve))] as const));
  const hand = (id: string, value: Result<StoredSecret | null | undefined, Failure>) => {
    settle.get(id)?.(value);
    settle.delete(id);
  };
  const rest = (value: Result<undefined, Failure>) => {
    for (const id of [...settle.keys()]) hand(id, value);
  };
  secrets
    .readMany(
      ids,
      (batch) => {
        for (const e of batch) hand(e.id, ok(e.secret));
      },
      signal,
    )
    .then(
      (read) => rest(read.ok ? ok(undefined) : read),
      // readMany answers with Results; a rejection is a bug, and each waiting profile says so instead of hanging.
      () => rest(err(internalFailure('reading the keychain'))),
    );
  return (id) => found.get(id) ?? Promise.resolve(ok(undefined));
}
