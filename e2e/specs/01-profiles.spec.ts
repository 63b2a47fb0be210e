/** Paste a key, see whose it is and when it was last used, save it, recheck, rename, remove. */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness } from '../fixtures/harness';
import { mistyped } from '../fixtures/moto';
import { expect, go, test } from './app';

test('an empty store says how to start', async ({ app }) => {
  await expect(app.getByRole('heading', { name: 'No saved credentials yet' })).toBeVisible();
  await expect(app.getByRole('link', { name: 'Add a credential' })).toBeVisible();
});

test('checks the key format as you type', async ({ app }) => {
  await go(app, '#/add');
  await app.getByLabel('Access key id').fill('akia-not-a-key');
  await expect(app.getByText('Only upper-case letters and digits.')).toBeVisible();
  await app.getByLabel('Access key id').fill('ASIAY34FZKBOKMUTVV7A');
  await app.getByLabel('Secret access key').fill('x'.repeat(40));
  await expect(app.getByText('Temporary keys only work with their session token.')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Check without saving' })).toBeDisabled();
});

test('a typo in the secret is shown in plain words with the AWS code', async ({ app, world }) => {
  await go(app, '#/add');
  await app.getByLabel('Access key id').fill(world.alice.accessKeyId);
  await app.getByLabel('Secret access key').fill(mistyped(world.alice.secretAccessKey));
  await app.getByRole('button', { name: 'Check without saving' }).click();
  const result = app.getByTestId('check-result');
  await expect(result.getByRole('alert')).toContainText('Not valid');
  await expect(result).toContainText('check the secret access key for a typo');
  await expect(result).toContainText('SignatureDoesNotMatch (HTTP 403)');
});

test('paste a key, see whose it is and its last use, save it, find it again after a restart', async ({ app, world, browser }, testInfo) => {
  await go(app, '#/add');
  await app.getByLabel('Access key id').fill(`  ${world.alice.accessKeyId}\n`);
  await app.getByLabel('Secret access key').fill(`${world.alice.secretAccessKey}\n`);
  await app.getByRole('button', { name: 'Check without saving' }).click();
  const result = app.getByTestId('check-result');
  await expect(result).toContainText('arn:aws:iam::123456789012:user/alice');
  await expect(result).toContainText('123456789012');
  await expect(result).toContainText(/with (iam|sts) in us-east-1/);

  await app.getByLabel('Save as').fill('alice');
  await app.getByRole('button', { name: 'Save to keychain' }).click();
  await expect(app.getByRole('heading', { name: /alice/ })).toBeVisible();
  await app.getByRole('button', { name: 'Recheck now' }).click();
  await expect(app.getByTestId('detail-arn')).toHaveText('arn:aws:iam::123456789012:user/alice');
  await expect(app.getByTestId('detail-last-used')).toContainText('in us-east-1');
  await expect(app.getByText('long-term access key (IAM user or root)')).toBeVisible();
  await expect(app.getByRole('heading', { name: 'History of checks' })).toBeVisible();
  // The page never holds the saved secret.
  expect(await app.content()).not.toContain(world.alice.secretAccessKey);

  if (testInfo.project.name === 'chromium') {
    const second = await startHarness(world.harnessEnv);
    const page = await browser.newPage();
    await page.goto(second.url);
    await expect(page.getByTestId('profile-row-alice')).toContainText('valid');
    await page.close();
    await second.stop();
  }
});

test('recheck all shows progress, then each status', async ({ app, world }) => {
  await go(app, '#/add');
  await app.getByLabel('Access key id').fill(world.bob.accessKeyId);
  await app.getByLabel('Secret access key').fill(world.bob.secretAccessKey);
  await app.getByLabel('Save as').fill('bob');
  await app.getByRole('button', { name: 'Save to keychain' }).click();
  await expect(app.getByRole('heading', { name: /bob/ })).toBeVisible();
  await go(app, '#/profiles');
  await app.getByRole('button', { name: 'Recheck all' }).click();
  await expect(app.getByRole('progressbar', { name: 'Recheck progress' })).toBeVisible();
  await expect(app.getByText('Rechecked 2: 2 valid, 0 invalid, 0 could not check')).toBeVisible({ timeout: 30_000 });
  await expect(app.getByTestId('profile-row-bob')).toContainText('valid');
  await expect(app.getByTestId('profile-row-alice')).toContainText('valid');
});

test('a recheck can be cancelled while it waits (one key is never checked twice within 5 seconds)', async ({ app }) => {
  await app.getByRole('button', { name: 'Recheck all' }).click();
  await expect(app.getByText(/Rechecking 0 of 2/)).toBeVisible();
  await app.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.getByText('Recheck cancelled after 0 of 2: 0 valid, 0 invalid, 0 could not check')).toBeVisible({ timeout: 15_000 });
});

test('filter and sort the list', async ({ app }) => {
  await app.getByLabel('Filter').fill('bob');
  await expect(app.getByTestId('profile-row-bob')).toBeVisible();
  await expect(app.getByTestId('profile-row-alice')).toBeHidden();
  await app.getByLabel('Filter').fill('');
  await app.getByLabel('Sort by').selectOption('lastChecked');
  await expect(app.getByRole('row')).toHaveCount(3);
  // By name again: the order main sends the list in, which the page shows as it comes.
  await app.getByLabel('Sort by').selectOption('name');
  await expect.poll(() => app.locator('tbody tr[data-testid]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')))).toEqual(['profile-row-alice', 'profile-row-bob']);
});

test('rename, then remove with confirmation', async ({ app }) => {
  await app.getByRole('link', { name: 'bob' }).click();
  await app.getByLabel('Name', { exact: true }).fill('bob-renamed');
  await app.getByRole('button', { name: 'Rename' }).click();
  await expect(app.getByRole('heading', { name: /bob-renamed/ })).toBeVisible();
  await app.getByRole('button', { name: 'Remove…' }).click();
  await expect(app.getByRole('alertdialog')).toContainText('delete its secret from the keychain');
  await app.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(app.getByTestId('profile-row-alice')).toBeVisible();
  await expect(app.getByTestId('profile-row-bob-renamed')).toHaveCount(0);
});

test('remove in a store copied from another: the entry that store uses is left, and the page says so', async ({ app, world, browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'a second store needs a second harness, started here in Chromium');
  // A second KEYSCOPE_HOME given a copy of this store's profiles.json: alice's keychain entry names this store.
  const copy = mkdtempSync(join(tmpdir(), 'keyscope-copied-store-'));
  copyFileSync(join(world.harnessEnv.KEYSCOPE_HOME as string, 'profiles.json'), join(copy, 'profiles.json'));
  const second = await startHarness({ ...world.harnessEnv, KEYSCOPE_HOME: copy });
  const page = await browser.newPage();
  try {
    await page.goto(second.url);
    await page.getByRole('link', { name: 'alice' }).click();
    await page.getByRole('button', { name: 'Remove…' }).click();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The keychain entry of "alice" belongs to another keyscope store' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'alice removed' })).toBeVisible();
  } finally {
    await page.close();
    await second.stop();
  }
  // This store's alice kept its secret.
  await go(app, '#/profiles');
  await app.getByRole('link', { name: 'alice' }).click();
  await expect(app.getByTestId('detail-secret')).toHaveText('yes');
});
