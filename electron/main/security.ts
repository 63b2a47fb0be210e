/**
 * The window's lock-down as plain functions, tested without Electron: the window's options (isolated, sandboxed, no
 * Node), and the policies every web contents and the session follow (no navigation, no new windows, no webviews, no
 * permissions, the CSP on every response). window.ts applies them to Electron's objects.
 */
import type { BrowserWindowConstructorOptions, WindowOpenHandlerResponse } from 'electron';
import { CONTENT_SECURITY_POLICY } from './app-protocol.js';

/** The main window's options; `preload` is the built preload's path. */
export function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 800,
    minHeight: 600,
    title: 'keyscope',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  };
}

/** The navigation events every web contents refuses: the window never leaves its page nor attaches a webview. */
export const REFUSED_NAVIGATION = ['will-navigate', 'will-redirect', 'will-attach-webview'] as const;
export type RefusedNavigation = (typeof REFUSED_NAVIGATION)[number];

/** The answer to every window.open and target=_blank: no new window. */
export const denyWindowOpen = (): WindowOpenHandlerResponse => ({ action: 'deny' });

/** The answer to every permission request (camera, notifications, clipboard…): refused. */
export const denyPermissionRequest = (_contents: unknown, _permission: string, callback: (granted: boolean) => void): void => callback(false);

/** The answer to every permission check: not granted. */
export const denyPermissionCheck = (): boolean => false;

/** A response's headers with keyscope's CSP set, the others kept. */
export function withSecurityHeaders(headers: Readonly<Record<string, string[]>> | undefined): Record<string, string[]> {
  return { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] };
}

/** The part of a WebContents that hardenContents uses. */
export interface ContentsLike {
  on(event: RefusedNavigation, listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: () => WindowOpenHandlerResponse): void;
}

/** Refuses navigation away from the app, new windows and webviews for a web contents. */
export function hardenContents(contents: ContentsLike): void {
  for (const event of REFUSED_NAVIGATION) contents.on(event, (e) => e.preventDefault());
  contents.setWindowOpenHandler(denyWindowOpen);
}

/** The part of a Session that hardenSession uses. */
export interface SessionLike {
  setPermissionRequestHandler(handler: typeof denyPermissionRequest): void;
  setPermissionCheckHandler(handler: typeof denyPermissionCheck): void;
  readonly webRequest: {
    onHeadersReceived(listener: (details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void): void;
  };
}

/** Refuses every permission and adds the CSP to every response the session receives. */
export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler(denyPermissionRequest);
  session.setPermissionCheckHandler(denyPermissionCheck);
  // The page carries the same policy in a meta tag, and app:// sends it; this also covers anything loaded over http(s).
  session.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) }));
}
