/**
 * The preload's API (or the harness's stand-in for it): named functions, typed by the contract. A call that rejects
 * (a message that could not be delivered, a reply that could not be read) answers an internal failure instead, and one
 * that `keyscope ui` never answered (UNREACHED) says so: the views only ever see Result values, and no promise of
 * theirs is left to reject unhandled.
 */
import { API_NAMES, type KeyscopeApi } from '../../shared/api-names';
import type { Channel, Response } from '../../shared/contract';
import { wholeProfileRow, type ProfileRowView } from '../../shared/model';
import type { Result } from '../../shared/result';
import { UNREACHED, type Failure, type InternalFailure } from '../../shared/failure';

declare global {
  interface Window {
    readonly keyscope: KeyscopeApi;
  }
}

const undelivered = (channel: string): InternalFailure => ({
  kind: 'internal',
  category: 'internal',
  message: `keyscope's window could not get an answer to ${channel}; nothing was decided.`,
  hint: 'Try again; if it happens again, restart keyscope and report what you did.',
});

/**
 * A request `keyscope ui` never answered: not a bug, so "offline" (ErrorBox titles it), and not AWS's, so not a network
 * failure's kind. It may have got there before the connection dropped: "nothing was decided" is not said.
 */
const unreached = (channel: string): InternalFailure => ({
  kind: 'internal',
  category: 'offline',
  message: `This page could not get an answer from keyscope ui to ${channel}: it may have stopped, or the connection dropped.`,
  hint: 'If keyscope ui stopped, start it again and open the new address it prints; otherwise try again.',
});

/** The API as the views see it: the credential list's rows whole (main sends them without their null members). */
export type AppApi = Omit<KeyscopeApi, 'listProfiles'> & {
  readonly listProfiles: (req: Record<string, never>) => Promise<Result<readonly ProfileRowView[], Failure>>;
};

/** The list's rows made whole again. */
const wholeRows = (r: Response<'profiles:list'>): Result<readonly ProfileRowView[], Failure> =>
  r.ok ? { ok: true, value: r.value.map(wholeProfileRow) } : r;

function guarded(raw: KeyscopeApi): AppApi {
  const out: Record<string, unknown> = { on: raw.on };
  // API_NAMES names every channel (typed so): the contract's list of them is not needed in the page.
  for (const [channel, name] of Object.entries(API_NAMES) as Array<[Channel, (typeof API_NAMES)[Channel]]>) {
    const call = raw[name] as (req: unknown) => Promise<unknown>;
    const decode = channel === 'profiles:list' ? (r: unknown) => wholeRows(r as Response<'profiles:list'>) : (r: unknown) => r;
    out[name] = (req: unknown) =>
      Promise.resolve()
        .then(() => call(req))
        .then(decode)
        .catch((e: unknown) => ({ ok: false, error: e === UNREACHED ? unreached(channel) : undelivered(channel) }));
  }
  return out as AppApi;
}

export const api: AppApi = guarded(window.keyscope);

/** Runs a view's async work from an event handler: a bug in it is logged, never left as an unhandled rejection. */
export function run(work: () => Promise<unknown>): void {
  work().catch((e: unknown) => console.error('keyscope:', e instanceof Error ? e.name : 'error'));
}
