/** The window's options and the policies every web contents and the session follow, as plain functions. */
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './app-protocol.js';
import { REFUSED_NAVIGATION, hardenContents, hardenSession, mainWindowOptions, type ContentsLike, type SessionLike } from './security.js';

describe('mainWindowOptions', () => {
  it('isolates and sandboxes the page, with no Node and web security on (Electron\'s security checklist)', () => {
    const options = mainWindowOptions('/opt/keyscope/out/preload/index.js');
    expect(options.show).toBe(false);
    expect(options.webPreferences).toMatchObject({
      preload: '/opt/keyscope/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    // Off by default in Electron, and never turned on here.
    for (const key of ['nodeIntegrationInSubFrames', 'webviewTag', 'experimentalFeatures', 'enableBlinkFeatures'] as const) expect(options.webPreferences?.[key], key).toBeUndefined();
  });
});

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

describe('hardenSession', () => {
  type HeadersListener = Parameters<SessionLike['webRequest']['onHeadersReceived']>[0];
  function hardened() {
    const session = { request: undefined as unknown, check: undefined as unknown, headers: undefined as HeadersListener | undefined };
    hardenSession({
      setPermissionRequestHandler: (h) => void (session.request = h),
      setPermissionCheckHandler: (h) => void (session.check = h),
      webRequest: { onHeadersReceived: (l) => void (session.headers = l) },
    });
    return session as { request: (c: unknown, p: string, cb: (granted: boolean) => void) => void; check: () => boolean; headers: HeadersListener };
  }

  it('refuses every permission asked or checked', () => {
    const session = hardened();
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'unknown']) {
      const callback = vi.fn();
      session.request({}, permission, callback);
      expect(callback, permission).toHaveBeenCalledWith(false);
    }
    expect(session.check()).toBe(false);
  });

  it('sets the CSP on every response, replacing the server\'s and keeping its other headers', () => {
    const session = hardened();
    const answer = vi.fn();
    session.headers({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src *"] } }, answer);
    expect(answer).toHaveBeenCalledWith({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    session.headers({}, answer);
    expect(answer).toHaveBeenLastCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
});
