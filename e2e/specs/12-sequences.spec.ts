/**
 * The Credentials list and a profile's page after sequences a person makes: a button clicked twice, a key replaced
 * or renamed while a check runs. Each test runs its own `keyscope ui` on a store of its own.
 */
import type { Page } from '@playwright/test';
import { freshHome, mask, open, saved } from './08-helpers';
import { expect, go, test } from './app';

test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name !== 'chromium', 'runs browser apps of its own'));

/** The number of checks in the history of the profile `id`, read through the page's API. */
async function checksOf(page: Page, id: string): Promise<number> {
  return page.evaluate(async (pid) => {
    const r = await (window as unknown as { keyscope: import('../../shared/api-names').KeyscopeApi }).keyscope.getProfile({ id: pid });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.history.length;
  }, id);
}

test('"Recheck all" clicked twice, or Shift+R pressed twice, before the first answer is one recheck: each key checked once', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('recheck-twice') });
  const id = await saved(page, 'alice', world.alice.accessKeyId, world.alice.secretAccessKey, false);
  await page.reload();
  await expect(page.getByTestId('profile-row-alice')).toContainText('never checked');
  await page.getByRole('button', { name: 'Recheck all' }).dblclick();
  await expect(page.getByText('Rechecked 1: 1 valid, 0 invalid, 0 could not check')).toBeVisible({ timeout: 20_000 });
  // A second recheck would check the key again at once (its own spacing), and record a second check.
  await page.waitForTimeout(1_000);
  expect(await checksOf(page, id)).toBe(1);

  await page.keyboard.press('Shift+R');
  await page.keyboard.press('Shift+R');
  await expect(page.getByText('Rechecking 0 of 1…')).toBeVisible();
  await expect(page.getByText('Rechecked 1: 1 valid, 0 invalid, 0 could not check')).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => checksOf(page, id), { timeout: 20_000 }).toBe(2);
  await page.waitForTimeout(7_000); // a second recheck waits 5 s for the key's spacing, then checks it
  expect(await checksOf(page, id)).toBe(2);
  await close();
});

test("Replace key… while \"Recheck now\" runs: the old key's answer, coming after, leaves the new key's page as it is", async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('replace-during-check') });
  const id = await saved(page, 'deployer', world.alice.accessKeyId, world.alice.secretAccessKey);
  await go(page, `#/profile/${id}`);
  await expect(page.getByRole('heading', { name: /deployer/ })).toContainText('valid');
  // The check of the old key is made at once, and its answer held until the key is replaced (a slow endpoint).
  let replaced = () => {};
  const held = new Promise<void>((resolve) => (replaced = resolve));
  await page.route('**/api/profiles:verify', async (route) => {
    const answer = await route.fetch();
    await held;
    await route.fulfill({ response: answer });
  });
  await page.getByRole('button', { name: 'Recheck now' }).click();
  await expect(page.getByRole('button', { name: 'Checking…' })).toBeDisabled();
  await page.getByRole('button', { name: 'Replace key…' }).click();
  await page.getByLabel('New access key id').fill(world.bob.accessKeyId);
  await page.getByLabel('New secret access key').fill(world.bob.secretAccessKey);
  await page.getByRole('button', { name: 'Save the new key' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Key replaced' })).toContainText(mask(world.bob.accessKeyId));
  await expect(page.getByText(mask(world.bob.accessKeyId), { exact: true })).toBeVisible();
  replaced();
  await expect(page.getByRole('button', { name: 'Recheck now' })).toBeEnabled();
  await page.waitForTimeout(500);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByText(mask(world.bob.accessKeyId), { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: /deployer/ })).toHaveText(/^deployer valid$/);
  await close();
});
