/**
 * The application menu, with the usual roles and the app's keyboard shortcuts (shared/shortcuts.ts) listed under Go
 * and Credentials. The page handles the keys itself (the same list, in the browser too), so the menu shows them
 * without registering them; clicking an item sends `app:command` for the page to run.
 */
import { BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import { SHORTCUTS, type Shortcut } from '../../shared/shortcuts.js';

function item(s: Shortcut): MenuItemConstructorOptions {
  return {
    label: s.label,
    ...(s.accelerator ? { accelerator: s.accelerator, registerAccelerator: false } : {}),
    click: () => BrowserWindow.getFocusedWindow()?.webContents.send('app:command', { command: s.command }),
  };
}

const group = (name: Shortcut['group']) => SHORTCUTS.filter((s) => s.group === name).map(item);

export function installMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'Go', submenu: group('Go to') },
    { label: 'Credentials', submenu: group('Credentials') },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [...group('Help'), { type: 'separator' }, { role: 'about' }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
