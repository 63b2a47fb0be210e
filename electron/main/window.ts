/** The one window, locked down: isolated, sandboxed, no Node, no navigation, no new windows, no permissions. */
import { BrowserWindow, session, shell, type WebContents } from 'electron';
import { join } from 'node:path';

/** Where the built renderer lives, next to the built main process. */
export const RENDERER_INDEX = join(__dirname, '../renderer/index.html');

/** Applies the rules every web contents follows; called once at start-up. */
export function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** Refuses navigation away from the app, new windows and webviews for a web contents. */
export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to AWS documentation open in the browser, never in the app.
    if (url.startsWith('https://docs.aws.amazon.com/')) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Creates the main window. */
export function createMainWindow(): BrowserWindow {
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
  void window.loadFile(RENDERER_INDEX);
  return window;
}
