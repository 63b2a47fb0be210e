/** The Electron main process: one instance, one secure window, the core behind typed IPC. Kept thin on purpose. */
import { openVaultAt } from '../core/vault/open-vault.js';
import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import { createHandlers } from '../handlers/handlers.js';
import { createTransport } from '../core/aws/transport.js';
import { keyscopeHome } from '../core/vault/paths.js';
import { registerHandlers, trustPage } from './ipc.js';
import { installMenu } from './menu.js';
import { handlersWithPageBulkChecks } from './page-bulk-checks.js';
import { APP_PAGE, pageNotBuilt } from './app-protocol.js';
import { reviewDialogs } from './review-dialogs.js';
import { hardenContents } from './security.js';
import { createMainWindow, hardenSessions, loadAppPage, registerAppScheme, RENDERER_DIR, serveRenderer } from './window.js';

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | undefined;
  let quitting = false;
  app.on('second-instance', () => {
    // A destroyed window (the app is quitting) throws on every call: nothing to bring forward.
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => (quitting = true));

  app
    .whenReady()
    .then(() => {
      hardenSessions();
      serveRenderer();
      installMenu();
      // Started from a checkout before `npm run build` made the page: said at once, rather than a blank window.
      const notBuilt = pageNotBuilt(RENDERER_DIR);
      if (notBuilt) {
        dialog.showErrorBox('keyscope cannot start', `${notBuilt.message}\n\nRun \`npm run build\` in the keyscope folder first (npm start does), then start keyscope again.`);
        app.quit();
        return;
      }
      const transport = createTransport({ env: process.env });
      if (!transport.ok) {
        // A setting keyscope cannot work with (an unreadable AWS_CA_BUNDLE): say so and what to do, then stop.
        dialog.showErrorBox('keyscope cannot start', `${transport.error.message}\n\n${transport.error.hint}`);
        app.quit();
        return;
      }
      // A page is one load of the window: loaded again (a reload, or after its renderer was gone), the bulk checks the
      // page before started are cancelled, as leaving their view does.
      let load = 0;
      const { pages, handlers } = handlersWithPageBulkChecks(
        // A window closing while a recheck runs has nobody to tell: the event is dropped, the recheck goes on.
        (event, payload) => {
          if (window && !window.isDestroyed()) window.webContents.send(event, payload);
        },
        (emit) => createHandlers({ vault: openVaultAt(keyscopeHome()), env: process.env, transport: transport.value, emit, dialogs: reviewDialogs(() => window) }),
      );
      pages.opened(String(load));
      const nextPage = () => {
        pages.gone(String(load));
        load += 1;
        pages.opened(String(load));
      };
      const startBulk = async (arg: unknown) => {
        const page = String(load);
        const answer = await handlers['bulk:start'](arg);
        pages.started(page, answer);
        return answer;
      };
      registerHandlers(ipcMain, { handlers: { ...handlers, 'bulk:start': startBulk }, isTrustedSender: trustPage(APP_PAGE) });
      const onLoadFailed = (e: unknown) => {
        // A load stopped because the window closed or the app quits is no failure, nor one another load replaced
        // (ERR_ABORTED: a reload while loading, the page loaded again after a crash); any other leaves nothing to show.
        const code = e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : 'error';
        if (quitting || !window || window.isDestroyed() || code === 'ERR_ABORTED') return;
        dialog.showErrorBox('keyscope cannot start', `keyscope's window could not load its page (${code}). Start keyscope again; if this happens again, please report it.`);
        app.quit();
      };
      const shown = createMainWindow(onLoadFailed);
      window = shown;
      // A renderer that is gone (crashed, killed, out of memory) left a blank window: the page is loaded again. Its
      // state is the main process's and the store's, so nothing is lost; more than three times in a minute, it stops.
      // A new document committed in the window (a reload): not did-start-navigation, which Chromium fires before
      // will-navigate can refuse the navigation (a file dropped outside the form), when the page stays as it was.
      // A change of the fragment (the app's routes) is did-navigate-in-page: the same page.
      shown.webContents.on('did-navigate', () => nextPage());
      const gone: number[] = [];
      shown.webContents.on('render-process-gone', (_event, details) => {
        nextPage();
        if (details.reason === 'clean-exit' || quitting || shown.isDestroyed()) return;
        const now = Date.now();
        gone.push(now);
        while ((gone[0] ?? now) < now - 60_000) gone.shift();
        if (gone.length <= 3) return loadAppPage(shown, onLoadFailed);
        dialog.showErrorBox('keyscope stopped', `keyscope's window stopped ${gone.length} times within a minute (${details.reason}). Nothing saved was lost: start keyscope again; if this happens again, please report it.`);
        app.quit();
      });
      app.on('before-quit', () => transport.value.close());
    })
    .catch((e: unknown) => {
      // Starting failed in a way nothing above foresaw: say so rather than leave a process with no window.
      dialog.showErrorBox('keyscope cannot start', `keyscope hit an internal error while starting (${e instanceof Error ? e.name : 'error'}). Please report it.`);
      app.quit();
    });
}
