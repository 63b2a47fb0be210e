/**
 * Status says what is known, and when (issue #7): a recheck that cannot reach AWS, a check made before saving, a
 * replaced key, a locked keychain. Each test runs its own harness on a store of its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { KeyscopeApi } from '../../shared/api-names';
import { startHarness, type Harness } from '../fixtures/harness';
import { startKeyring } from '../fixtures/keyring';
import { mistyped } from '../fixtures/moto';
import { freePort } from '../fixtures/ports';
import { expect, go, test } from './app';

const mask = (id: string) => `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;

/** Opens a harness on `env` in a new page; both are closed by the returned function. */
async function open(browser: import('@playwright/test').Browser, env: Record<string, string>): Promise<{ page: Page; harness: Harness; close: () => Promise<void> }> {
  const harness = await startHarness(env);
  const page = await browser.newPage();
  await page.goto(harness.url);
  return { page, harness, close: async () => (await page.close(), await harness.stop()) };
}

/** Saves a profile through the page's API (setup, not what is under test) and checks it once. */
async function saved(page: Page, name: string, accessKeyId: string, secretAccessKey: string): Promise<string> {
  return page.evaluate(
    async ([n, k, s]) => {
      const api = (window as unknown as { keyscope: KeyscopeApi }).keyscope;
      const added = await api.addProfile({ name: n as string, accessKeyId: k as string, secretAccessKey: s as string });
      if (!added.ok) throw new Error(added.error.message);
      await api.verifyProfile({ id: added.value.id });
      return added.value.id;
    },
    [name, accessKeyId, secretAccessKey],
  );
}

test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name !== 'chromium', 'runs harnesses of its own'));

test('a recheck that cannot reach AWS says so for every key, beside the last decided result', async ({ browser, world }) => {
  const env = { ...world.harnessEnv, KEYSCOPE_HOME: mkdtempSync(join(tmpdir(), 'keyscope-e2e-offline-')) };
  const online = await open(browser, env);
  await saved(online.page, 'alice', world.alice.accessKeyId, world.alice.secretAccessKey);
  await saved(online.page, 'bob', world.bob.accessKeyId, world.bob.secretAccessKey);
  await saved(online.page, 'stranger', 'AKIAY34FZKBOKMUTVV7A', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
  await online.close();

  const { page, close } = await open(browser, { ...env, AWS_ENDPOINT_URL: `http://127.0.0.1:${await freePort()}` });
  await page.getByRole('button', { name: 'Recheck all' }).click();
  await expect(page.getByText('Rechecked 3: 0 valid, 0 invalid, 3 could not check')).toBeVisible({ timeout: 30_000 });
  for (const [name, before] of [['alice', 'valid'], ['bob', 'valid'], ['stranger', 'invalid']]) {
    const row = page.getByTestId(`profile-row-${name}`);
    await expect(row).toContainText('could not check');
    await expect(row).toContainText(`last result: ${before} just now`);
    // Every failure is listed, whatever the earlier status.
    await expect(page.getByTestId(`recheck-failure-${name}`)).toContainText('ECONNREFUSED');
  }
  await expect(page.locator('body')).not.toContainText('in 0 seconds');

  await page.getByRole('link', { name: 'alice' }).click();
  await expect(page.getByRole('heading', { name: /alice/ })).toContainText('could not check (last result: valid just now)');
  await expect(page.getByRole('alert').filter({ hasText: 'The last check could not decide' })).toContainText('ECONNREFUSED');
  await expect(page.getByTestId('detail-last-checked')).toHaveText('valid just now');
  await expect(page.getByTestId('detail-last-attempt')).toHaveText('could not check, just now');
  await expect(page.getByTestId('check-history')).toContainText('could not check');
  await close();
});

test('a recheck whose events come before the answer naming it still ends on the page, not at "Rechecking 0 of 1…"', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: mkdtempSync(join(tmpdir(), 'keyscope-e2e-early-')) });
  await page.evaluate(
    async ([k, s]) => {
      const added = await (window as unknown as { keyscope: KeyscopeApi }).keyscope.addProfile({ name: 'alice', accessKeyId: k as string, secretAccessKey: s as string });
      if (!added.ok) throw new Error(added.error.message);
    },
    [world.alice.accessKeyId, world.alice.secretAccessKey],
  );
  await page.reload();
  const row = page.getByTestId('profile-row-alice');
  await expect(row).toContainText('never checked');
  // The page's events come over a connection of their own (a WebSocket), so HTTP promises no order between
  // them and the answer naming the job: a recheck of one key against a near endpoint can end first. Made certain
  // here: the answer is handed over only once the row shows the check's result, which only its event brings.
  await page.route('**/api/profiles:recheck', async (route) => {
    const answer = await route.fetch();
    await expect(row).toContainText('valid', { timeout: 20_000 });
    await route.fulfill({ response: answer });
  });
  await page.getByRole('button', { name: 'Recheck all' }).click();
  await expect(page.getByText('Rechecked 1: 1 valid, 0 invalid, 0 could not check')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('button', { name: 'Recheck all' })).toBeEnabled();
  await close();
});

test('"Check without saving", then "Save to keychain": the saved profile has that check', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: mkdtempSync(join(tmpdir(), 'keyscope-e2e-checked-')) });
  await go(page, '#/add');
  await page.getByLabel('Access key id').fill(world.alice.accessKeyId);
  await page.getByLabel('Secret access key').fill(world.alice.secretAccessKey);
  await page.getByRole('button', { name: 'Check without saving' }).click();
  await expect(page.getByTestId('check-result')).toContainText('arn:aws:iam::123456789012:user/alice');
  await page.getByLabel('Save as').fill('alice');
  await page.getByRole('button', { name: 'Save to keychain' }).click();
  await expect(page.getByRole('heading', { name: /alice/ })).toContainText('valid');
  await expect(page.getByRole('heading', { name: /alice/ })).not.toContainText('never checked');
  await expect(page.getByTestId('detail-arn')).toHaveText('arn:aws:iam::123456789012:user/alice');
  await expect(page.getByTestId('check-history').getByRole('row')).toHaveCount(2); // header and the one check
  await close();
});

test('Replace key…: a mistyped key replaced, the new masked id shown, the history kept', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: mkdtempSync(join(tmpdir(), 'keyscope-e2e-setkey-')) });
  const id = await saved(page, 'deployer', world.alice.accessKeyId, mistyped(world.alice.secretAccessKey));
  await go(page, `#/profile/${id}`);
  await expect(page.getByRole('heading', { name: /deployer/ })).toContainText('invalid');
  await page.getByRole('button', { name: 'Replace key…' }).click();
  await page.getByLabel('New access key id').fill('akia-typo');
  await expect(page.getByText('Only upper-case letters and digits.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save the new key' })).toBeDisabled();
  await page.getByLabel('New access key id').fill(world.bob.accessKeyId);
  await page.getByLabel('New secret access key').fill(world.bob.secretAccessKey);
  await page.getByRole('button', { name: 'Save the new key' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Key replaced' })).toContainText(mask(world.bob.accessKeyId));
  await expect(page.getByRole('heading', { name: /deployer/ })).toContainText('valid');
  await expect(page.getByText(mask(world.bob.accessKeyId), { exact: true })).toBeVisible();
  const history = page.getByTestId('check-history');
  await expect(history.getByRole('row')).toHaveCount(3);
  await expect(history.getByRole('row').nth(1)).toContainText('valid');
  await expect(history.getByRole('row').nth(1)).not.toContainText('earlier key');
  // The replaced key's check stays, marked as that key's: its "not valid" is not the new key's.
  await expect(history.getByRole('row').nth(2)).toContainText('not valid (earlier key)');
  expect(await page.content()).not.toContain(world.bob.secretAccessKey);
  await close();
});

test('a locked keychain: its own message and hint, Recheck now says could not check, and removing is refused with nothing removed', async ({ browser, world }) => {
  const keyring = await startKeyring();
  try {
    const env = { ...world.harnessEnv, ...keyring.env, KEYSCOPE_HOME: mkdtempSync(join(tmpdir(), 'keyscope-e2e-locked-')) };
    const { page, close } = await open(browser, env);
    const id = await saved(page, 'work', world.alice.accessKeyId, world.alice.secretAccessKey);
    // secret-tool may crash after locking here (exit 139); the lock happens, and the page shows it.
    spawnSync('secret-tool', ['lock', '--collection=login'], { env: { ...process.env, ...keyring.env }, stdio: 'ignore' });
    await go(page, `#/profile/${id}`);
    await expect(page.getByTestId('detail-secret')).toContainText('the keychain is locked. Unlock your login keychain, then retry');
    await page.getByRole('button', { name: 'Remove…' }).click();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The keychain is locked' });
    await expect(alert).toContainText('Unlock your login keychain, then retry');
    // Read the list afresh: the store still holds the profile.
    await go(page, '#/profiles');
    await page.reload();
    await expect(page.getByTestId('profile-row-work')).toBeVisible();
    // "Recheck now" cannot read the secret: the badge says so beside the last result (it went on saying "valid").
    await go(page, `#/profile/${id}`);
    await expect(page.getByRole('heading', { name: /work/ })).toHaveText(/^work valid$/);
    await page.getByRole('button', { name: 'Recheck now' }).click();
    await expect(page.getByRole('heading', { name: /work/ })).toContainText('could not check (last result: valid');
    await expect(page.getByRole('alert').filter({ hasText: 'The keychain is locked' })).toContainText('Unlock your login keychain, then retry');
    await close();
  } finally {
    keyring.stop();
  }
});
