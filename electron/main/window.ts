/**
 * The one window, locked down (isolated, sandboxed, no Node), and the app:// origin it loads from: the plain
 * functions of app-protocol.ts and security.ts applied to Electron's objects. Run under test by index.test.ts,
 * against a recorded stand-in of Electron that records the window's options.
 */
import { BrowserWindow, protocol, session } from 'electron';
import { join } from 'node:path';
import { APP_PAGE, APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppFile } from './app-protocol.js';
import { denyPermissionCheck, denyPermissionRequest } from './security.js';

/** Where the built renderer lives, next to the built main process. */
export const RENDERER_DIR = join(__dirname, '../renderer');

/** Declares the app scheme; must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
}

/** Serves the built renderer on app://keyscope/, and nothing outside its folder. */
export function serveRenderer(): void {
  protocol.handle(APP_SCHEME, (request) => serveAppFile(RENDERER_DIR, request.url));
}

/** Applies the rules every web contents of the default session follows; called once at start-up. */
export function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler(denyPermissionRequest);
  session.defaultSession.setPermissionCheckHandler(denyPermissionCheck);
  // app:// sends the same policy with the page (CONTENT_SECURITY_POLICY; the page has no meta policy); this also covers
  // anything loaded over http(s). Written out so electronegativity evaluates it; index.test.ts holds it equal.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': ["default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'"],
      },
    });
  });
}

/**
 * Creates the main window and loads the app's page into it. Electron rejects the load when the page does not load
 * (a failing handler, the load stopped by quitting or closing): `onLoadFailed` gets that error, never left unhandled.
 */
export function createMainWindow(onLoadFailed: (error: unknown) => void): BrowserWindow {
  // Written out here rather than built elsewhere: electronegativity checks the literal passed to new BrowserWindow.
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 800,
    minHeight: 600,
    title: 'keyscope',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  loadAppPage(window, onLoadFailed);
  return window;
}

/** Loads the app's page into `window`; a load Electron rejects goes to `onLoadFailed`, never left unhandled. */
export function loadAppPage(window: BrowserWindow, onLoadFailed: (error: unknown) => void): void {
  window.loadURL(APP_PAGE).catch(onLoadFailed);
}
