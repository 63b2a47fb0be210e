/**
 * Playwright: the UI in Debian's Chromium through `keyscope ui` (e2e/fixtures/harness.ts), and the same specs in
 * Electron where its binary exists (one skipped line where it does not).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

function electronBinary(): string | null {
  const dir = join(__dirname, '../node_modules/electron');
  try {
    const rel = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    const bin = join(dir, 'dist', rel);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}
export const ELECTRON = electronBinary();

export default defineConfig({
  testDir: 'specs',
  outputDir: '../test-results/e2e',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '../test-results/e2e/results.json' }]],
  use: {
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /electron-unavailable/,
      use: {
        browserName: 'chromium',
        viewport: { width: 1024, height: 720 },
        permissions: ['clipboard-read', 'clipboard-write'],
        launchOptions: {
          executablePath: process.env.KEYSCOPE_CHROMIUM ?? '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
        },
      },
    },
    {
      name: 'electron',
      dependencies: ['chromium'],
      ...(ELECTRON ? { testIgnore: /electron-unavailable/ } : { testMatch: /electron-unavailable/ }),
    },
  ],
});
