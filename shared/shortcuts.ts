/**
 * The app's keyboard shortcuts, written once: the page handles the keys (renderer/src/shortcuts.ts), the desktop
 * app's menu lists them (electron/main/menu.ts) and sends `app:command` when an item is clicked, and the help sheet
 * (`?`) shows them. A key alone works outside text fields; the Ctrl (⌘ on macOS) form works anywhere the browser
 * lets a page have it (the desktop app always does).
 */

/** What a shortcut does. */
export type AppCommand =
  | 'go:profiles'
  | 'go:add'
  | 'go:bulk'
  | 'go:import'
  | 'go:tools'
  | 'go:review'
  | 'filter'
  | 'recheck-all'
  | 'help';

// Ctrl+Shift+R is the View menu's Force Reload in the desktop app: Recheck all takes Ctrl+Alt+R.

/** The payload of the `app:command` event. */
export interface AppCommandView {
  readonly command: AppCommand;
}

export interface Shortcut {
  readonly command: AppCommand;
  /** What the menu and the help sheet call it. */
  readonly label: string;
  /** The key alone (KeyboardEvent.key), outside text fields. */
  readonly key: string;
  /** The menu's accelerator (Electron's syntax), also handled by the page; null when the key alone is the shortcut. */
  readonly accelerator: string | null;
  readonly group: 'Go to' | 'Credentials' | 'Help';
}

/** Every shortcut, in the menu's order. */
export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'go:profiles', label: 'Credentials', key: '1', accelerator: 'CmdOrCtrl+1', group: 'Go to' },
  { command: 'go:add', label: 'Add a credential', key: '2', accelerator: 'CmdOrCtrl+2', group: 'Go to' },
  { command: 'go:bulk', label: 'Bulk check', key: '3', accelerator: 'CmdOrCtrl+3', group: 'Go to' },
  { command: 'go:import', label: 'Import from ~/.aws', key: '4', accelerator: 'CmdOrCtrl+4', group: 'Go to' },
  { command: 'go:tools', label: 'STS tools', key: '5', accelerator: 'CmdOrCtrl+5', group: 'Go to' },
  { command: 'go:review', label: 'Review', key: '6', accelerator: 'CmdOrCtrl+6', group: 'Go to' },
  { command: 'filter', label: 'Filter the credentials', key: '/', accelerator: 'CmdOrCtrl+F', group: 'Credentials' },
  { command: 'recheck-all', label: 'Recheck all', key: 'R', accelerator: 'CmdOrCtrl+Alt+R', group: 'Credentials' },
  { command: 'help', label: 'Keyboard shortcuts', key: '?', accelerator: 'F1', group: 'Help' },
];

/** The page each "go" command opens. */
export const COMMAND_ROUTES: Readonly<Partial<Record<AppCommand, string>>> = {
  'go:profiles': '#/profiles',
  'go:add': '#/add',
  'go:bulk': '#/bulk',
  'go:import': '#/import',
  'go:tools': '#/tools',
  'go:review': '#/review',
};

/** An accelerator as people read it on this system: "Ctrl+Shift+R", "⌘⇧R". */
export function acceleratorText(accelerator: string, mac: boolean): string {
  if (!mac) return accelerator.replace('CmdOrCtrl', 'Ctrl');
  return accelerator.replace('CmdOrCtrl+', '⌘').replace('Alt+', '⌥').replace('Shift+', '⇧');
}
