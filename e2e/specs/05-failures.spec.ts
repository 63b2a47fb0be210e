/** What a person sees when the keychain is missing or AWS cannot be reached. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../fixtures/ports';
import { startHarness } from '../fixtures/harness';
import { expect, go, test } from './app';

test('no Secret Service: saving is refused in plain words, and nothing is saved', async ({ browser, world }, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'needs a harness without a D-Bus session');
  const { DBUS_SESSION_BUS_ADDRESS: _bus, GNOME_KEYRING_CONTROL: _control, ...env } = world.harnessEnv;
  const harness = await startHarness({ ...env, KEYSCOPE_HOME: mkdtempSync(join(tmpdir(), 'keyscope-nokeychain-')) });
  const page = await browser.newPage();
  await page.goto(harness.url);
  await go(page, '#/add');
  await page.getByLabel('Access key id').fill(world.alice.accessKeyId);
  await page.getByLabel('Secret access key').fill(world.alice.secretAccessKey);
  await page.getByLabel('Save as').fill('nowhere');
  await page.getByRole('button', { name: 'Save to keychain' }).click();
  await expect(page.getByRole('alert')).toContainText('There is no Secret Service here');
  await expect(page.getByRole('alert')).toContainText('never falls back to a plain file');
  await go(page, '#/profiles');
  await expect(page.getByRole('heading', { name: 'No saved credentials yet' })).toBeVisible();
  await page.close();
  await harness.stop();
});

test('AWS out of reach: the check cannot decide, and says the key may well be valid', async ({ browser, world }, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'needs a harness pointed at a closed port');
  const harness = await startHarness({ ...world.harnessEnv, AWS_ENDPOINT_URL: `http://127.0.0.1:${await freePort()}` });
  const page = await browser.newPage();
  await page.goto(harness.url);
  await go(page, '#/add');
  await page.getByLabel('Access key id').fill(world.alice.accessKeyId);
  await page.getByLabel('Secret access key').fill(world.alice.secretAccessKey);
  await page.getByRole('button', { name: 'Check without saving' }).click();
  const result = page.getByTestId('check-result');
  await expect(result).toContainText('Could not check: the key may well be valid');
  await expect(result).toContainText('The connection was refused');
  await expect(result).toContainText('ECONNREFUSED');
  await page.close();
  await harness.stop();
});
