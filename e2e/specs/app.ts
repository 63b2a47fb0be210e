/// <reference lib="dom" />
/** The `app` fixture: the harness page in Chromium, or the real window in Electron (where it exists). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, test as base, type ElectronApplication, type Page } from '@playwright/test';
import type { E2eWorld } from '../global-setup';
import { ELECTRON } from '../playwright.config';

export const test = base.extend<{ app: Page; world: E2eWorld }, { electronApp: ElectronApplication | null }>({
  world: async ({}, use) => {
    await use(JSON.parse(process.env.KEYSCOPE_E2E as string) as E2eWorld);
  },
  electronApp: [
    async ({}, use, workerInfo) => {
      if (workerInfo.project.name !== 'electron' || !ELECTRON) return use(null);
      const world = JSON.parse(process.env.KEYSCOPE_E2E as string) as E2eWorld;
      const app = await _electron.launch({
        executablePath: ELECTRON,
        args: [join(__dirname, '../..')],
        env: { ...(process.env as Record<string, string>), ...world.harnessEnv, KEYSCOPE_HOME: mkdtempSync(join(tmpdir(), 'keyscope-electron-')) },
      });
      await use(app);
      await app.close();
    },
    { scope: 'worker' },
  ],
  app: async ({ page, world, electronApp }, use) => {
    if (electronApp) {
      const window = await electronApp.firstWindow();
      await window.evaluate(() => (location.hash = '#/profiles'));
      await use(window);
      return;
    }
    await page.goto(world.url);
    await use(page);
  },
});

export { expect } from '@playwright/test';

/** Goes to a view by its hash, as the navigation links do. */
export async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), hash);
}

/** Picks the saved profile whose name is `name` in the "Signed with" list. */
export async function signWith(page: Page, name: string): Promise<void> {
  const select = page.getByLabel('Signed with');
  const value = await select.evaluate((el, n) => [...(el as HTMLSelectElement).options].find((o) => o.text.startsWith(`${n} (`))?.value ?? '', name);
  await select.selectOption(value);
}
