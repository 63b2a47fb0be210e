/** Profile-store problems as failure values. */
import type { Failure, StorageFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { StoreError } from './profiles.js';

/** A store problem as a failure value, with what to do. */
export function storageFailure(e: StoreError): StorageFailure {
  const problem = e.problem;
  const hint =
    problem.kind === 'corrupt'
      ? 'Run `keyscope profiles doctor --repair`: it keeps the file aside and rebuilds the profiles from the keychain.'
      : problem.kind === 'newer'
        ? 'Update keyscope to the version that wrote the file.'
        : problem.kind === 'locked'
          ? 'Another keyscope is writing; try again in a moment.'
          : 'Check the folder\'s permissions and free space (KEYSCOPE_HOME).';
  return { kind: 'storage', category: 'service', message: e.message, hint, ...('file' in problem ? { file: problem.file } : {}) };
}

/** Runs a store operation, turning StoreError into a failure value. */
export function guarded<T>(fn: () => T): Result<T, Failure> {
  try {
    return ok(fn());
  } catch (e) {
    if (e instanceof StoreError) return err(storageFailure(e));
    throw e;
  }
}

