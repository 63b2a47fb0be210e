import { afterEach, describe, expect, it, vi } from 'vitest';
import { UNREACHED } from '../../shared/failure';

/** api.ts over a stand-in for the preload (no Electron binary here) whose calls reject with `reason`. */
async function apiRejecting(reason: unknown) {
  vi.resetModules();
  vi.stubGlobal('window', { keyscope: new Proxy({}, { get: () => () => Promise.reject(reason) }) });
  return (await import('./api')).api;
}

describe('a call that rejects', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("in the desktop app (IPC's own rejection, an Error) is a bug: nothing was decided", async () => {
    const api = await apiRejecting(new Error("Error invoking remote method 'profiles:verify'"));
    expect(await api.verifyProfile({ id: 'x' })).toEqual({
      ok: false,
      error: { kind: 'internal', category: 'internal', message: "keyscope's window could not get an answer to profiles:verify; nothing was decided.", hint: 'Try again; if it happens again, restart keyscope and report what you did.' },
    });
  });

  it('in keyscope ui, a request its API script never got answered (UNREACHED) says so, and what to do: no bug', async () => {
    const api = await apiRejecting(UNREACHED);
    expect(await api.verifyProfile({ id: 'x' })).toEqual({
      ok: false,
      error: {
        kind: 'internal',
        category: 'offline',
        message: 'This page could not get an answer from keyscope ui to profiles:verify: it may have stopped, or the connection dropped.',
        hint: 'If keyscope ui stopped, start it again and open the new address it prints; otherwise try again.',
      },
    });
  });
});
