/**
 * The preload's API (or the harness's stand-in for it): named functions, typed by the contract. A call that rejects
 * (a message that could not be delivered, a reply that could not be read) answers an internal failure instead: the
 * views only ever see Result values, and no promise of theirs is left to reject unhandled.
 */
import { API_NAMES, type KeyscopeApi } from '../../shared/api-names';
import { CHANNELS } from '../../shared/contract';
import type { InternalFailure } from '../../shared/failure';

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

function guarded(raw: KeyscopeApi): KeyscopeApi {
  const out: Record<string, unknown> = { on: raw.on };
  for (const channel of CHANNELS) {
    const name = API_NAMES[channel];
    const call = raw[name] as (req: unknown) => Promise<unknown>;
    out[name] = (req: unknown) => Promise.resolve().then(() => call(req)).catch(() => ({ ok: false, error: undelivered(channel) }));
  }
  return out as KeyscopeApi;
}

export const api: KeyscopeApi = guarded(window.keyscope);

/** Runs a view's async work from an event handler: a bug in it is logged, never left as an unhandled rejection. */
export function run(work: () => Promise<unknown>): void {
  work().catch((e: unknown) => console.error('keyscope:', e instanceof Error ? e.name : 'error'));
}
