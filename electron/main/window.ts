/**
 * The one window, locked down, and the app:// origin it loads from: the plain functions of app-protocol.ts and
 * security.ts applied to Electron's objects. Run under test by index.test.ts, against a recorded stand-in of Electron.
 */
import { BrowserWindow, protocol, session } from 'electron';
import { join } from 'node:path';
import { APP_PAGE, APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppFile } from './app-protocol.js';
import { hardenSession, mainWindowOptions } from './security.js';

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
  hardenSession(session.defaultSession);
}

/** Creates the main window and loads the app's page into it. */
export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.js')));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_PAGE);
  return window;
}
