/**
 * The policies every web contents and the session follow, as plain functions tested without Electron: no navigation,
 * no new windows, no webviews, no permissions. window.ts applies them to Electron's objects. (The window's options
 * and the session's CSP header stay written out in window.ts, where electronegativity reads and evaluates them.)
 */
import type { WindowOpenHandlerResponse } from 'electron';

/** The navigation events every web contents refuses: the window never leaves its page nor attaches a webview. */
export const REFUSED_NAVIGATION = ['will-navigate', 'will-redirect', 'will-attach-webview'] as const;
export type RefusedNavigation = (typeof REFUSED_NAVIGATION)[number];

/** The answer to every window.open and target=_blank: no new window. */
export const denyWindowOpen = (): WindowOpenHandlerResponse => ({ action: 'deny' });

/** The answer to every permission request (camera, notifications, clipboard…): refused. */
export const denyPermissionRequest = (_contents: unknown, _permission: string, callback: (granted: boolean) => void): void => callback(false);

/** The answer to every permission check: not granted. */
export const denyPermissionCheck = (): boolean => false;

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
