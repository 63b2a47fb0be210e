/** The menu lists every keyboard shortcut without registering it (the page handles the keys) and relays clicks. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SHORTCUTS } from '../../shared/shortcuts.js';

const sent: unknown[][] = [];
let template: Array<{ label?: string; role?: string; submenu?: Array<Record<string, unknown>> }> = [];
vi.mock('electron', () => ({
  Menu: { buildFromTemplate: (t: typeof template) => ((template = t), {}), setApplicationMenu: () => undefined },
  BrowserWindow: { getFocusedWindow: () => ({ webContents: { send: (...args: unknown[]) => sent.push(args) } }) },
}));

describe('installMenu', () => {
  beforeEach(() => (sent.length = 0));

  it('lists each shortcut once, with its accelerator shown but not registered, and sends app:command on click', async () => {
    const { installMenu } = await import('./menu.js');
    installMenu();
    const items = template.flatMap((m) => m.submenu ?? []).filter((i) => typeof i.click === 'function');
    expect(items.map((i) => i.label)).toEqual(SHORTCUTS.map((s) => s.label));
    for (const [i, s] of SHORTCUTS.entries()) {
      expect(items[i]).toMatchObject({ accelerator: s.accelerator, registerAccelerator: false });
      (items[i]?.click as () => void)();
      expect(sent.at(-1)).toEqual(['app:command', { command: s.command }]);
    }
    expect(template.map((m) => m.label ?? m.role)).toEqual(expect.arrayContaining(['Go', 'Credentials', 'help']));
  });

  it('gives no two shortcuts the same key or accelerator, nor Ctrl+Shift+R (the View menu\'s Force Reload)', () => {
    expect(new Set(SHORTCUTS.map((s) => s.key)).size).toBe(SHORTCUTS.length);
    const accelerators = SHORTCUTS.map((s) => s.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
    expect(accelerators).not.toContain('CmdOrCtrl+Shift+R');
  });
});
