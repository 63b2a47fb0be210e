/** The policies every web contents and the session follow, as plain functions. */
import { describe, expect, it, vi } from 'vitest';
import { REFUSED_NAVIGATION, denyPermissionCheck, denyPermissionRequest, hardenContents, type ContentsLike } from './security.js';

describe('hardenContents', () => {
  it('refuses every navigation, redirect and webview, and every new window', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
    let openHandler: (() => unknown) | undefined;
    const contents: ContentsLike = { on: (event, listener) => listeners.set(event, listener), setWindowOpenHandler: (h) => void (openHandler = h) };
    hardenContents(contents);
    expect([...listeners.keys()]).toEqual(['will-navigate', 'will-redirect', 'will-attach-webview']);
    for (const event of REFUSED_NAVIGATION) {
      const preventDefault = vi.fn();
      listeners.get(event)?.({ preventDefault });
      expect(preventDefault, event).toHaveBeenCalledOnce();
    }
    expect(openHandler?.()).toEqual({ action: 'deny' });
  });
});

describe('permissions', () => {
  it('refuses every permission asked or checked', () => {
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'unknown']) {
      const callback = vi.fn();
      denyPermissionRequest({}, permission, callback);
      expect(callback, permission).toHaveBeenCalledWith(false);
    }
    expect(denyPermissionCheck()).toBe(false);
  });
});
