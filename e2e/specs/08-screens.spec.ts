/// <reference lib="dom" />
/**
 * Screenshots of each view at 1280×800 and 800×600, light and dark (issue #10), kept in test-results/screenshots/;
 * each checked to show nothing cut off: the page never scrolls sideways and no main region holds more than it shows.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { mistyped } from '../fixtures/moto';
import { cutOff, freshHome, open, saved, savedTemporary } from './08-helpers';
import { expect, go, signWith, test } from './app';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
] as const;
const SCHEMES = ['light', 'dark'] as const;
const DIR = join(__dirname, '../../test-results/screenshots');

test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name !== 'chromium', 'runs a browser app of its own'));

/** Each view, made to show what a person sees there after using it. */
const VIEWS: ReadonlyArray<readonly [string, (page: Page, world: { alice: { accessKeyId: string; secretAccessKey: string } }) => Promise<void>]> = [
  ['credentials', async (page) => (await go(page, '#/profiles'), await expect(page.getByTestId('profile-summary')).toBeVisible())],
  [
    'profile',
    async (page) => {
      await page.getByRole('link', { name: 'alice', exact: true }).click();
      await expect(page.getByTestId('detail-arn')).toHaveText(/user\/alice/);
    },
  ],
  [
    'add',
    async (page, world) => {
      await go(page, '#/add');
      await page.getByLabel('Access key id').fill(world.alice.accessKeyId);
      await page.getByLabel('Secret access key').fill(world.alice.secretAccessKey);
      await page.getByRole('button', { name: 'Check without saving' }).click();
      await expect(page.getByTestId('check-result')).toContainText('Valid');
    },
  ],
  [
    'bulk',
    async (page, world) => {
      await go(page, '#/bulk');
      await page.getByLabel('Key id and secret pairs, one a line').fill(`${world.alice.accessKeyId},${world.alice.secretAccessKey}\nAKIAY34FZKBOKMUTVV7G,wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\nAKIAY34FZKBOKMUTVV7H,"AKIAY34FZKBOKMUTVV7H"`);
      await page.getByRole('button', { name: 'Check all' }).click();
      await expect(page.getByTestId('bulk-results').getByRole('status').first()).toContainText('Checked 2 of 2.', { timeout: 30_000 });
    },
  ],
  ['import', async (page) => (await go(page, '#/import'), await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible())],
  [
    'tools',
    async (page) => {
      await go(page, '#/tools');
      await signWith(page, 'alice');
      await page.getByLabel('Role ARN').fill('arn:aws:iam::123456789012:role/auditor');
      await page.getByLabel('Session name').fill('screens');
      await page.getByRole('button', { name: 'Run' }).click();
      await expect(page.getByTestId('temp-identity')).toContainText('assumed-role/auditor/screens');
    },
  ],
  ['review', async (page) => (await go(page, '#/review'), await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible())],
  [
    'help',
    async (page) => {
      await go(page, '#/profiles');
      await page.locator('body').press('?');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    },
  ],
];

test('every view at 1280×800 and 800×600, light and dark, with nothing cut off', async ({ browser, world }) => {
  test.setTimeout(180_000);
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('screens') }, SIZES[0]);
  const alice = await saved(page, 'alice', world.alice.accessKeyId, world.alice.secretAccessKey);
  await saved(page, 'deployer-with-a-rather-long-name', world.bob.accessKeyId, mistyped(world.bob.secretAccessKey));
  await saved(page, 'fresh', 'AKIAY34FZKBOKMUTVV7D', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', false);
  await savedTemporary(page, 'session', alice);
  await page.evaluate(async (id) => {
    const api = (window as unknown as { keyscope: import('../../shared/api-names').KeyscopeApi }).keyscope;
    await api.setProfileNotes({ id, notes: 'CI deployer for the payments service, owned by the platform team; rotate every 90 days' });
  }, alice);
  await page.reload();

  const problems: string[] = [];
  for (const [name, prepare] of VIEWS) {
    await page.setViewportSize(SIZES[0]);
    await prepare(page, world);
    for (const size of SIZES) {
      for (const scheme of SCHEMES) {
        await page.setViewportSize(size);
        await page.emulateMedia({ colorScheme: scheme });
        const file = `${name}-${size.width}x${size.height}-${scheme}.png`;
        await page.screenshot({ path: join(DIR, file), fullPage: true });
        const cut = await cutOff(page);
        if (cut.pageScrolls) problems.push(`${file}: the page scrolls sideways`);
        for (const r of cut.regions) problems.push(`${file}: ${r}`);
      }
    }
    if (name === 'help') await page.keyboard.press('Escape');
  }
  expect(problems).toEqual([]);
  await close();
});
