/** What every handler shares: the dependencies, the temporary credentials held, and small helpers. */
import type { Channel, EventChannel, Events, Request, Response } from '../../shared/contract.js';
import { inputFailure, internalFailure, type Failure, type InputFailure, type InternalFailure } from '../../shared/failure.js';
import { err, ok, type Result } from '../../shared/result.js';
import type { QueryClient } from '../core/aws/client.js';
import { createClientFactory, type ClientTarget } from '../core/aws/client-factory.js';
import type { Credentials } from '../core/aws/model.js';
import type { Transport } from '../core/aws/transport.js';
import { savedRegionProblem, type VerifyProfile } from '../core/checks.js';
import { failedCheck, verifyCredential } from '../core/verify.js';
import { USER_AGENT } from '../core/version.js';
import type { ProfileMeta } from '../core/vault/profiles.js';
import { KeySpacing } from '../core/vault/recheck.js';
import type { Vault } from '../core/vault/vault.js';
import { CheckMemo } from './check-memo.js';
import type { FileDialogs } from './review-dialogs.js';
import { PastedCredsCache } from './pasted-creds.js';
import { TempCredsCache } from './temp-creds.js';

/** What the handlers are built from: one vault, one transport, how to send events; the rest for tests. */
export interface HandlerDeps {
  readonly vault: Vault;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly transport: Transport;
  readonly emit: <E extends EventChannel>(event: E, payload: Events[E]) => void;
  readonly temp?: TempCredsCache;
  readonly checks?: CheckMemo;
  /** Native open and save dialogs (the Electron main process); absent in a browser, where the page sends and downloads files. */
  readonly dialogs?: FileDialogs;
  /** The review worker's bundle (review-job.ts); tests build their own, as no bundle lies beside the sources. */
  readonly reviewWorker?: string;
}

/** What a handler answers (not the AWS client's QueryAnswer). */
export type Reply<T> = Promise<Result<T, Failure>>;

/** The handlers of a set of channels, each on its request as parsed (requests.ts). */
export type ChannelHandlers<K extends Channel> = { readonly [C in K]: (req: Request<C>) => Promise<Response<C>> };

/** A bug caught in the app: an internal failure whose hint fits a window (no command line to rerun). */
export function appInternalFailure(what: string, message?: string): InternalFailure {
  return { ...internalFailure(what), ...(message ? { message } : {}), hint: 'keyscope keeps running: try again, and if it happens again, please report what you did.' };
}

/** Builds the shared part of the handlers. */
export function handlerContext(deps: HandlerDeps) {
  const temp = deps.temp ?? new TempCredsCache();
  const checks = deps.checks ?? new CheckMemo();
  const pasted = new PastedCredsCache();
  const jobs = new Map<string, AbortController>();
  // One for the window's rechecks and bulk checks alike: a key id one of them just checked, or is checking, waits in
  // the other too (a bulk check's result reaches the store only when saved, a recheck's up to 2 s after it ends).
  const spacing = new KeySpacing();

  // An event that cannot be delivered (a window closing) must not stop the work that sends it.
  const emit = <E extends EventChannel>(event: E, payload: Events[E]): void => {
    try {
      deps.emit(event, payload);
    } catch {
      // nobody to tell
    }
  };

  // One factory for the process, as the CLI has: the same region order and endpoint rules in both fronts.
  const factory = createClientFactory({ transport: deps.transport, env: deps.env, userAgent: USER_AGENT });
  /** A client for `target`, or the input failure that makes it unusable (endpoints the environment names, say). */
  const client: (credentials: Credentials | undefined, target?: ClientTarget) => Result<QueryClient, InputFailure> = factory.client;

  // How the app verifies a saved profile: the environment's region before the profile's, and last-use information.
  // A canary-token account's key is refused unless the person confirmed (allowCanary).
  const verifyProfileWith =
    (allowCanary: boolean): VerifyProfile =>
    async (c, p) => {
      const made = factory.client(c, { profileRegion: p.region, ...(allowCanary ? { allowCanary } : {}) });
      if (!made.ok) return failedCheck(c.accessKeyId, savedRegionProblem(p, deps.env) ?? made.error);
      return verifyCredential(made.value, c, { lastUsed: true });
    };
  const verifyProfile = verifyProfileWith(false);

  const profileById = (id: string): Result<ProfileMeta, Failure> => {
    const all = deps.vault.list();
    if (!all.ok) return all;
    const p = all.value.find((x) => x.id === id);
    return p ? ok(p) : err(inputFailure('id', 'That profile no longer exists.', 'Reload the list of profiles.'));
  };

  const withProfile = async <T>(id: string, fn: (p: ProfileMeta, c: Credentials) => Reply<T>): Reply<T> => {
    const p = profileById(id);
    if (!p.ok) return p;
    const c = await deps.vault.credentials(p.value);
    if (!c.ok) return c;
    return fn(p.value, c.value);
  };

  return { deps, temp, checks, pasted, jobs, spacing, emit, client, verifyProfile, verifyProfileWith, profileById, withProfile };
}

export type HandlerContext = ReturnType<typeof handlerContext>;
