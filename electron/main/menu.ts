/** The application menu, with the usual roles. */
import { Menu, shell, type MenuItemConstructorOptions } from 'electron';

export function installMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'AWS STS documentation', click: () => void shell.openExternal('https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html') }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
