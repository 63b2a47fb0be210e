/** The Electron main process: one instance, one secure window, the core behind typed IPC. Kept thin on purpose. */
import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import type { EventChannel, Events } from '../../shared/contract.js';
import { createHandlers } from '../core/app/handlers.js';
import { createTransport } from '../core/aws/transport.js';
import { KeychainStore } from '../core/vault/keychain-store.js';
import { keyscopeHome } from '../core/vault/paths.js';
import { ProfileStore } from '../core/vault/profiles.js';
import { Vault } from '../core/vault/vault.js';
import { registerHandlers, trustPage } from './ipc.js';
import { installMenu } from './menu.js';
import { APP_PAGE, createMainWindow, hardenContents, hardenSessions, registerAppScheme, serveRenderer } from './window.js';

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    hardenSessions();
    serveRenderer();
    installMenu();
    const transport = createTransport({ env: process.env });
    if (!transport.ok) {
      // A setting keyscope cannot work with (an unreadable AWS_CA_BUNDLE): say so and what to do, then stop.
      dialog.showErrorBox('keyscope cannot start', `${transport.error.message}\n\n${transport.error.hint}`);
      app.quit();
      return;
    }
    const emit = <E extends EventChannel>(event: E, payload: Events[E]) => window?.webContents.send(event, payload);
    const handlers = createHandlers({ vault: new Vault(new ProfileStore(keyscopeHome()), new KeychainStore()), env: process.env, transport: transport.value, emit });
    registerHandlers(ipcMain, { handlers, isTrustedSender: trustPage(APP_PAGE) });
    window = createMainWindow();
    app.on('before-quit', () => transport.value.close());
  });
}
