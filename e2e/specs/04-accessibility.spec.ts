/// <reference lib="dom" />
/** Keyboard, labels, dark mode, and 800x600. */
import { expect, go, test } from './app';

test('everything is reachable with the keyboard, starting from the navigation', async ({ app }) => {
  await app.keyboard.press('Tab'); // skip link
  await app.keyboard.press('Tab');
  await expect(app.getByRole('link', { name: 'Credentials' })).toBeFocused();
  await app.keyboard.press('Tab');
  await expect(app.getByRole('link', { name: 'Add', exact: true })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { name: 'Add a credential' })).toBeVisible();
  await app.keyboard.press('Tab');
  await expect(app.getByLabel('Access key id')).toBeFocused();
});

test('every form control has a name for screen readers', async ({ app }) => {
  for (const hash of ['#/profiles', '#/add', '#/import', '#/tools']) {
    await go(app, hash);
    await app.waitForTimeout(200);
    const unnamed = await app.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea, button')].filter((el) => {
        const labelled = (el as HTMLInputElement).labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
        return !labelled && !(el.textContent ?? '').trim();
      }).length,
    );
    expect(unnamed, hash).toBe(0);
  }
});

test('follows the OS in dark mode and fits 800x600 without scrolling sideways', async ({ app }) => {
  await app.setViewportSize({ width: 800, height: 600 });
  const bg = () => app.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await app.emulateMedia({ colorScheme: 'light' });
  const light = await bg();
  await app.emulateMedia({ colorScheme: 'dark' });
  expect(await bg()).not.toBe(light);
  for (const hash of ['#/profiles', '#/add', '#/tools']) {
    await go(app, hash);
    expect(await app.evaluate(() => document.documentElement.scrollWidth), hash).toBeLessThanOrEqual(800);
  }
});
