/**
 * The Credentials list and a profile's page after sequences a person makes: a button clicked twice, a key replaced
 * or renamed while a check runs. Each test runs its own `keyscope ui` on a store of its own.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ProfileStore } from '../../electron/core/vault/profiles';
import { DEPLOYER } from '../fixtures/profile-meta';
import { freshHome, mask, open, saved, typedInAdd } from './08-helpers';
import { expect, go, signWith, test } from './app';

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

test('a temporary key that expires while the list is open is shown expired, and counted so, without a reload', async ({ browser, world }) => {
  const home = freshHome('expires-open');
  const now = Date.now();
  // Written as the store holds it: AWS allows no temporary key shorter than 15 minutes, and the test cannot wait that.
  const session = { ...DEPLOYER, name: 'session', accessKeyId: 'ASIAY34FZKBOKMUTVV7A', keyType: 'temporary' as const, expiration: new Date(now + 8_000).toISOString() };
  const valid = { at: new Date(now).toISOString(), valid: true as const, account: '123456789012', arn: 'arn:aws:sts::123456789012:assumed-role/auditor/e2e', userId: 'AROA:e2e', userName: null, lastUsed: null, lastUsedError: null };
  new ProfileStore(home).update((doc) => ({ doc: { ...doc, profiles: [{ ...session, history: [valid] }] }, value: undefined }));
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: home });
  const row = page.getByTestId('profile-row-session');
  await expect(row).toContainText('valid');
  await expect(page.getByTestId('summary-expiring-soon')).toHaveText('1 expiring soon');
  await expect(page.getByTestId('summary-valid')).toHaveText('1 valid');
  // Its page, in a second tab of the same `keyscope ui`.
  const detail = await page.context().newPage();
  await detail.goto(`${page.url().split('#')[0]}#/profile/${session.id}`);
  await expect(detail.getByRole('heading', { name: /session/ })).toHaveText(/^session valid$/);
  // Nothing touched meanwhile: the pages are left open past the key's expiry.
  await expect(row).toContainText('expired', { timeout: 20_000 });
  await expect(page.getByTestId('summary-expired')).toHaveText('1 expired');
  await expect(page.getByTestId('summary-valid')).toHaveText('0 valid');
  await expect(page.getByTestId('summary-expiring-soon')).toHaveText('0 expiring soon');
  await expect(detail.getByRole('heading', { name: /session/ })).toHaveText(/^session expired$/);
  await close();
});

test('temporary credentials: "Save as profile" clicked twice saves them once and says only that', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('temp-save-twice') });
  await saved(page, 'alice', world.alice.accessKeyId, world.alice.secretAccessKey, false);
  await page.reload();
  await go(page, '#/tools');
  await signWith(page, 'alice');
  await page.getByLabel('Role ARN').fill('arn:aws:iam::123456789012:role/auditor');
  await page.getByLabel('Session name').fill('review');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('temp-identity')).toHaveText('arn:aws:sts::123456789012:assumed-role/auditor/review');
  await page.getByLabel('Profile name for these credentials').fill('auditor-review');
  await page.getByRole('button', { name: 'Save as profile' }).dblclick();
  await expect(page.getByText('Saved as “auditor-review”.', { exact: false })).toBeVisible();
  await page.waitForTimeout(1_000);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await close();
});

test('Caps Lock on, "r" alone (the key "R" without Shift) does not recheck all; Shift+R does, Caps Lock on or not', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('caps-lock') });
  await saved(page, 'alice', world.alice.accessKeyId, world.alice.secretAccessKey, false);
  await page.reload();
  await expect(page.getByTestId('profile-row-alice')).toBeVisible();
  const rechecks: string[] = [];
  page.on('request', (r) => void (new URL(r.url()).pathname === '/api/profiles:recheck' && rechecks.push(r.postData() ?? '')));
  // What a key press with Caps Lock on reports: the upper-case letter, without Shift.
  const capsLocked = (key: string, shiftKey: boolean) =>
    page.evaluate(([k, shift]) => void document.body.dispatchEvent(new KeyboardEvent('keydown', { key: k as string, code: 'KeyR', shiftKey: shift as boolean, bubbles: true, cancelable: true })), [key, shiftKey] as const);
  await capsLocked('R', false);
  await page.waitForTimeout(500);
  expect(rechecks).toEqual([]);
  await expect(page.getByText(/Recheck(ing|ed)/)).toHaveCount(0);
  // Shift with Caps Lock on gives the lower-case letter.
  await capsLocked('r', true);
  await expect.poll(() => rechecks).toEqual(['{"all":true}']);
  await close();
});

test('Add: a check\'s result goes once the key, secret, token or region it was made with is changed; it said "Valid" beside another key', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('add-stale-check') });
  await typedInAdd(page, world.alice);
  await page.getByRole('button', { name: 'Check without saving' }).click();
  await expect(page.getByTestId('check-result')).toContainText('arn:aws:iam::123456789012:user/alice');
  await page.getByLabel('Save as').fill('alice');
  await expect(page.getByTestId('check-result')).toBeVisible(); // the name is no part of the check
  await page.getByLabel('Access key id').fill(world.bob.accessKeyId);
  await page.getByLabel('Secret access key').fill(world.bob.secretAccessKey);
  await expect(page.getByTestId('check-result')).toHaveCount(0);
  await page.getByRole('button', { name: 'Check without saving' }).click();
  await expect(page.getByTestId('check-result')).toContainText('arn:aws:iam::123456789012:user/bob');
  await page.getByLabel('Region (optional)').fill('eu-west-1');
  await expect(page.getByTestId('check-result')).toHaveCount(0);
  await close();
});

test('a list and a profile page left open move their times on: "valid just now" is "valid 2 hours ago" two hours later', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('times-move') });
  const id = await saved(page, 'alice', world.alice.accessKeyId, world.alice.secretAccessKey);
  await page.clock.install();
  await page.reload();
  const row = page.getByTestId('profile-row-alice');
  await expect(row).toContainText('just now');
  const detail = await page.context().newPage(); // the context's fake clock, as the first page's
  await detail.goto(`${page.url().split('#')[0]}#/profile/${id}`);
  await expect(detail.getByTestId('detail-last-checked')).toHaveText('valid just now');
  await page.clock.fastForward('02:00:00');
  await expect(row).toContainText('2 hours ago');
  await expect(row).not.toContainText('just now');
  await expect(detail.getByTestId('detail-last-checked')).toHaveText('valid 2 hours ago');
  await close();
});

test("a profile's page keeps a new name being typed when the page is read again (notes saved, Recheck now)", async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('name-kept') });
  const id = await saved(page, 'alice', world.alice.accessKeyId, world.alice.secretAccessKey, false);
  await go(page, `#/profile/${id}`);
  const name = page.getByLabel('Name', { exact: true });
  await expect(name).toHaveValue('alice');
  await name.fill('alice-ci');
  await page.getByRole('button', { name: 'Add notes' }).click();
  await page.getByRole('textbox', { name: /^Notes/ }).fill('owned by CI');
  await page.getByRole('button', { name: 'Save notes' }).click();
  await expect(page.getByTestId('detail-notes')).toHaveText('owned by CI');
  await expect(name).toHaveValue('alice-ci');
  await page.getByRole('button', { name: 'Recheck now' }).click();
  await expect(page.getByRole('heading', { name: /alice/ })).toContainText('valid');
  await expect(name).toHaveValue('alice-ci');
  await page.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('heading', { name: /alice-ci/ })).toBeVisible();
  await expect(name).toHaveValue('alice-ci');
  await close();
});

test('Copy the key id where the browser refuses the clipboard (writeText made to reject, as Safari does after the id is fetched): the whole key id is shown, to copy by hand', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('no-clipboard') });
  const id = await saved(page, 'alice', world.alice.accessKeyId, world.alice.secretAccessKey);
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Document is not focused.', 'NotAllowedError'));
  });
  await page.reload();
  await go(page, `#/profile/${id}`);
  await expect(page.getByTestId('detail-key-id')).toHaveText(mask(world.alice.accessKeyId));
  await page.getByRole('button', { name: 'Copy the key id' }).click();
  const status = page.locator('section[aria-labelledby="identity-title"] [role="status"]');
  await expect(status).toHaveText('The clipboard is not available here: select the key id and copy it by hand.');
  // What it says to select is there to select: the whole id, not the masked one.
  await expect(page.getByTestId('detail-key-id')).toHaveText(world.alice.accessKeyId);
  await close();
});

test('a store that cannot be read: the list says why and what to do, and not "Loading…" under it', async ({ browser, world }) => {
  const home = freshHome('unreadable');
  writeFileSync(join(home, 'profiles.json'), '{"version": 1, "profiles": [');
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: home });
  // Titled by what happened: it was titled "AWS could not answer", as every failure of the category "service".
  await expect(page.getByRole('alert').locator('strong')).toHaveText('keyscope could not read or write its files');
  await expect(page.getByRole('alert')).toContainText('keyscope profiles doctor --repair');
  await expect(page.getByText('Loading…')).toHaveCount(0);
  await close();
});

test('no Secret Service: the refusal to save is titled by the keychain, not "AWS could not answer"', async ({ browser, world }) => {
  const { DBUS_SESSION_BUS_ADDRESS: _bus, GNOME_KEYRING_CONTROL: _control, ...env } = world.harnessEnv;
  const { page, close } = await open(browser, { ...env, KEYSCOPE_HOME: freshHome('no-keychain-title') });
  await typedInAdd(page, world.alice, 'nowhere');
  await page.getByRole('button', { name: 'Save to keychain' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('There is no Secret Service here');
  await expect(alert.locator('strong')).toHaveText('The keychain could not be used');
  await close();
});

test('a profile renamed while a recheck runs keeps its new name in the list when its check comes in', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('rename-during-recheck') });
  // Both checked just now, bob 3 s after alice: the recheck checks alice 5 s after her check, bob 3 s later still.
  const alice = await saved(page, 'alice', world.alice.accessKeyId, world.alice.secretAccessKey);
  await page.waitForTimeout(3_000);
  await saved(page, 'bob', world.bob.accessKeyId, world.bob.secretAccessKey);
  await page.reload();
  await page.getByRole('button', { name: 'Recheck all' }).click();
  await expect(page.getByText('Rechecking 0 of 2…')).toBeVisible();
  await go(page, `#/profile/${alice}`);
  await page.getByLabel('Name', { exact: true }).fill('alice-ci');
  await page.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('heading', { name: /alice-ci/ })).toBeVisible();
  await go(page, '#/profiles');
  await expect(page.getByTestId('profile-row-alice-ci')).toBeVisible();
  // alice's check comes in; bob's is still to come.
  // Read at once, in the render that shows the check (the recheck's end reads the list again, and would hide it).
  await expect(page.getByText('Rechecking 1 of 2…')).toBeVisible({ timeout: 10_000 });
  expect(await page.locator('tbody tr[data-testid]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')))).toEqual(['profile-row-alice-ci', 'profile-row-bob']);
  await expect(page.getByText('Rechecked 2: 2 valid, 0 invalid, 0 could not check')).toBeVisible({ timeout: 15_000 });
  await close();
});

test("a profile page's address that is not well encoded (#/profile/%E0%A4%A, typed or cut short) says the profile is not there; the page threw, and went blank", async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('bad-address') });
  await go(page, '#/profile/%E0%A4%A');
  await expect(page.getByRole('alert')).toContainText('That profile no longer exists.');
  await page.getByRole('link', { name: 'Credentials' }).click();
  await expect(page.getByRole('heading', { name: 'No saved credentials yet' })).toBeVisible();
  await close();
});

test('a value longer than AWS allows is refused in the words of its rule, not as "a bug in the caller": a profile name, a session name, an MFA code, a federated user name', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('too-long') });
  await saved(page, 'alice', world.alice.accessKeyId, world.alice.secretAccessKey, false);
  await page.reload();
  await typedInAdd(page, world.bob, 'n'.repeat(65));
  await page.getByRole('button', { name: 'Save to keychain' }).click();
  await expect(page.getByRole('alert')).toContainText('cannot be a profile name');
  await expect(page.getByRole('alert')).toContainText('Use 1 to 64 letters');

  await go(page, '#/tools');
  await page.getByLabel('Role ARN').fill('arn:aws:iam::123456789012:role/auditor');
  await page.getByLabel('Session name').fill('s'.repeat(65));
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('alert')).toContainText('RoleSessionName is too long: 65 characters, at most 64 allowed.');
  await page.getByLabel('Session name').fill('review');
  await page.getByLabel('MFA device ARN (optional)').fill('arn:aws:iam::123456789012:mfa/alice');
  await page.getByLabel('MFA code (optional)').fill('123 456');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('alert')).toContainText('TokenCode');
  await page.getByRole('tab', { name: 'Federation token' }).click();
  await page.getByLabel('Federated user name').fill('f'.repeat(33));
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('alert')).toContainText('Name is too long: 33 characters, at most 32 allowed.');
  await expect(page.getByText('a bug in the caller')).toHaveCount(0);
  await close();
});

test('"Sort by last used" puts the most recently used first, then older uses, then keys never used, then those not known', async ({ browser, world }) => {
  const home = freshHome('sort-last-used');
  const now = Date.now();
  const checked = (lastUsed: { LastUsedDate: string | null } | null) => ({
    at: new Date(now).toISOString(),
    valid: true as const,
    account: '123456789012',
    arn: 'arn:aws:iam::123456789012:user/x',
    userId: 'AIDAX',
    userName: 'x',
    lastUsed: lastUsed && { ...lastUsed, ServiceName: 'sts', Region: 'us-east-1' },
    lastUsedError: null,
  });
  const profile = (name: string, history: ReturnType<typeof checked>[]) => ({ ...DEPLOYER, id: name, name, history });
  const at = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
  new ProfileStore(home).update((doc) => ({
    doc: { ...doc, profiles: [profile('a-never', [checked({ LastUsedDate: null })]), profile('b-old', [checked({ LastUsedDate: at(20) })]), profile('c-unknown', []), profile('d-recent', [checked({ LastUsedDate: at(2) })])] },
    value: undefined,
  }));
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: home });
  await expect(page.getByTestId('profile-row-a-never')).toContainText('never used');
  await page.getByLabel('Sort by').selectOption('lastUsed');
  await expect.poll(() => page.locator('tbody tr[data-testid]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')))).toEqual(['profile-row-d-recent', 'profile-row-b-old', 'profile-row-a-never', 'profile-row-c-unknown']);
  await close();
});
