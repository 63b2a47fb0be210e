/** The IPC binding's own guards, apart from the handlers (ipc.test.ts drives it with the real ones). */
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/contract.js';
import type { Handlers } from '../handlers/handlers.js';
import { APP_PAGE } from './app-protocol.js';
import { registerHandlers, trustPage, type IpcEventLike } from './ipc.js';

describe('trustPage(APP_PAGE)', () => {
  const trusted = trustPage(APP_PAGE);

  it('accepts keyscope\'s page, whatever its fragment or query', () => {
    for (const url of [APP_PAGE, `${APP_PAGE}#/profiles`, `${APP_PAGE}?t=1#/tools`]) expect(trusted(url), url).toBe(true);
  });

  it('refuses any other page, origin or scheme, and what is not a URL', () => {
    const urls = ['app://keyscope/other.html', 'app://keyscope/assets/index.html', 'app://evil/index.html', 'https://keyscope/index.html', 'file:///index.html', 'about:blank', 'null', ''];
    for (const url of urls) expect(trusted(url), url).toBe(false);
  });
});

describe('registerHandlers', () => {
  it('binds every channel once, and answers a handler that throws with an internal failure', async () => {
    const bound = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
    // Handlers that throw: the real ones answer failures as values, so only a bug would get here.
    const throwing = Object.fromEntries(CHANNELS.map((c) => [c, () => Promise.reject(new Error(`bug in ${c}`))])) as unknown as Handlers;
    registerHandlers({ handle: (channel, listener) => void bound.set(channel, listener) }, { handlers: throwing, isTrustedSender: trustPage(APP_PAGE) });
    expect([...bound.keys()].sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) {
      const r = await bound.get(channel)?.({ senderFrame: { url: APP_PAGE } }, {});
      expect(r, channel).toMatchObject({ ok: false, error: { kind: 'internal' } });
      expect(JSON.stringify(r), channel).not.toContain('bug in');
    }
  });
});
