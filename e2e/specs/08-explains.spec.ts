/// <reference lib="dom" />
/**
 * The app explains itself (issue #10): the list's summary, an exact status filter, the owner column and notes; a
 * loading state; copy buttons and the whole key id; errors titled by what happened, beside their cause and in view;
 * paste mistakes; a decoded message in plain words; keyboard shortcuts and their help sheet.
 */
import { mkdirSync } from 'node:fs';
import { ProfileStore } from '../../electron/core/vault/profiles';
import { startFaultServer } from '../fixtures/fault-server';
import { mistyped } from '../fixtures/moto';
import { freePort } from '../fixtures/ports';
import { freshHome, mask, open, saved, savedTemporary } from './08-helpers';
import { expect, go, test } from './app';

test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name !== 'chromium', 'runs browser apps of its own'));

test('a summary above the list, a status filter that matches exactly, whose each key is, notes shown and edited', async ({ browser, world }) => {
  const env = { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('summary') };
  const offline = await open(browser, { ...env, AWS_ENDPOINT_URL: `http://127.0.0.1:${await freePort()}` });
  await saved(offline.page, 'unreachable', 'AKIAY34FZKBOKMUTVV7C', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
  await offline.close();
  const { page, close } = await open(browser, env);
  const alice = await saved(page, 'alice', world.alice.accessKeyId, world.alice.secretAccessKey);
  await saved(page, 'typo', world.bob.accessKeyId, mistyped(world.bob.secretAccessKey));
  await saved(page, 'fresh', 'AKIAY34FZKBOKMUTVV7D', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', false);
  await savedTemporary(page, 'session', alice);
  await page.reload();

  const summary = page.getByTestId('profile-summary');
  await expect(summary).toContainText('5 saved');
  for (const [status, n] of [['valid', 1], ['invalid', 1], ['could-not-check', 1], ['never-checked', 2], ['expiring-soon', 1]] as const) {
    await expect(page.getByTestId(`summary-${status}`)).toHaveText(`${n} ${status.replace(/-/g, ' ')}`);
  }
  // "valid" is not a part of "invalid": the filter matches the status word exactly.
  await page.getByLabel('Status', { exact: true }).selectOption('valid');
  await expect(page.getByTestId('profile-row-alice')).toBeVisible();
  await expect(page.getByTestId('profile-row-typo')).toHaveCount(0);
  await page.getByTestId('summary-invalid').click();
  await expect(page.getByLabel('Status', { exact: true })).toHaveValue('invalid');
  await expect(page.getByTestId('profile-row-typo')).toBeVisible();
  await expect(page.getByTestId('profile-row-alice')).toHaveCount(0);
  await page.getByTestId('summary-expiring-soon').click();
  await expect(page.getByRole('row')).toHaveCount(2);
  await expect(page.getByTestId('profile-row-session')).toBeVisible();
  await page.getByTestId('summary-expiring-soon').click();
  await expect(page.getByRole('row')).toHaveCount(6);

  // Whose: the account, and the ARN after it.
  await expect(page.getByTestId('profile-owner-alice')).toHaveText('123456789012user/alice');
  // A key AWS rejected has no owner to show: its account only.
  await expect(page.getByTestId('profile-owner-typo')).not.toContainText('/');

  await page.getByRole('link', { name: 'alice' }).click();
  await expect(page.getByTestId('detail-notes')).toHaveText('No notes yet.');
  await page.getByRole('button', { name: 'Add notes' }).click();
  await page.getByRole('textbox', { name: /^Notes/ }).fill('CI deployer, owned by the platform team');
  await page.getByRole('button', { name: 'Save notes' }).click();
  await expect(page.getByTestId('detail-notes')).toHaveText('CI deployer, owned by the platform team');
  await go(page, '#/profiles');
  await expect(page.getByTestId('profile-row-alice')).toContainText('CI deployer, owned by the platform team');
  await page.getByLabel('Filter').fill('platform team');
  await expect(page.getByRole('row')).toHaveCount(2);
  await close();
});

test('with 1,000 saved profiles the page says "Loading…" until the list comes, never that there are none; then the rows in view, the rest by scroll, Tab and filter', async ({ browser, world }) => {
  const home = freshHome('thousand');
  mkdirSync(home, { recursive: true });
  const at = new Date().toISOString();
  const written = new ProfileStore(home).update((doc) => ({
    doc: { ...doc, profiles: Array.from({ length: 1000 }, (_, i) => ({ id: `p-${i}`, name: `p-${String(i).padStart(4, '0')}${i === 995 ? '-named-at-much-greater-length-than-the-rest' : ''}`, accessKeyId: 'AKIAY34FZKBOKMUTVV7A', keyType: 'long-term' as const, derivedAccount: '609629065308', partition: 'aws' as const, source: 'manual' as const, createdAt: at, updatedAt: at, history: [] })) },
    value: undefined,
  }));
  expect(written.ok).toBe(true);
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: home });
  // Hold the list's answer: the page must show it is loading, whatever the timing.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route((url) => url.pathname === '/api/profiles:list', async (route) => (await held, await route.continue()));
  await page.addInitScript(() => {
    new MutationObserver(() => {
      if (document.body?.textContent?.includes('No saved credentials yet')) (window as unknown as { sawEmpty: boolean }).sawEmpty = true;
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.reload();
  await expect(page.getByText('Loading…')).toBeVisible();
  release();
  await expect(page.getByTestId('profile-summary')).toContainText('1000 saved');
  expect(await page.evaluate(() => (window as unknown as { sawEmpty?: boolean }).sawEmpty ?? false)).toBe(false);
  // The rows in view are rendered, the table tells screen readers it has 1,000 (and the header), and each row where
  // it is; scrolling, Tab and the filter reach the rest.
  const table = page.getByRole('table');
  await expect(table).toHaveAttribute('aria-rowcount', '1001');
  await expect(page.getByTestId('profile-row-p-0000')).toBeInViewport();
  await expect(page.getByTestId('profile-row-p-0000')).toHaveAttribute('aria-rowindex', '2');
  expect(await page.getByRole('row').count()).toBeLessThan(100);
  await page.getByRole('link', { name: 'p-0000', exact: true }).focus();
  for (let i = 0; i < 60; i += 1) await page.keyboard.press('Tab'); // a link and a Recheck button a row
  await expect(page.getByRole('link', { name: 'p-0030', exact: true })).toBeFocused();
  await expect(page.getByRole('link', { name: 'p-0030', exact: true })).toBeInViewport();
  // Scrolling to the end reaches the last row, and back to the top the first, as a wheel or the scrollbar would (End
  // has a test of its own).
  const scrollUntil = async (y: 'top' | 'bottom', testId: string) =>
    expect
      .poll(async () => {
        await page.evaluate((to) => window.scrollTo(0, to === 'top' ? 0 : document.documentElement.scrollHeight), y);
        return page.getByTestId(testId).isVisible();
      })
      .toBe(true);
  // The columns keep their widths whichever rows are rendered: a long name far down does not widen its column.
  const widths = () => page.locator('table.profiles thead th').evaluateAll((ths) => ths.map((th) => Math.round(th.getBoundingClientRect().width)));
  const atTop = await widths();
  await scrollUntil('bottom', 'profile-row-p-0999');
  await expect(page.getByTestId('profile-row-p-0995-named-at-much-greater-length-than-the-rest')).toBeVisible();
  expect(await widths()).toEqual(atTop);
  await expect(page.getByTestId('profile-row-p-0999')).toBeInViewport();
  await expect(page.getByTestId('profile-row-p-0999')).toHaveAttribute('aria-rowindex', '1001');
  // The focused row stays in the page while the view is far from it: the focus is not lost, and Tab goes on from it.
  await expect(page.getByRole('link', { name: 'p-0030', exact: true })).toBeFocused();
  await expect(page.getByTestId('profile-row-p-0030')).toHaveAttribute('aria-rowindex', '32');
  expect(await page.getByRole('row').count()).toBeLessThan(100);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Recheck p-0030', exact: true })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Recheck p-0030', exact: true })).toBeInViewport();
  await scrollUntil('top', 'profile-row-p-0000');
  await expect(page.getByTestId('profile-row-p-0000')).toBeInViewport();
  await page.getByLabel('Filter').fill('p-0998');
  await expect(page.getByRole('row')).toHaveCount(2);
  await expect(page.getByTestId('profile-row-p-0998')).toBeVisible();
  await expect(table).toHaveAttribute('aria-rowcount', '2');
  await close();
});

test('a long list learns the height of every row it draws: scrolled through, its spacers add up to the rows themselves', async ({ browser, world }) => {
  // Every other profile has notes, a second line: rows of two heights, so no single guess fits them all.
  const home = freshHome('heights');
  mkdirSync(home, { recursive: true });
  const at = new Date().toISOString();
  const written = new ProfileStore(home).update((doc) => ({
    doc: { ...doc, profiles: Array.from({ length: 1000 }, (_, i) => ({ id: `h-${i}`, name: `h-${String(i).padStart(4, '0')}`, accessKeyId: 'AKIAY34FZKBOKMUTVV7A', keyType: 'long-term' as const, derivedAccount: '609629065308', partition: 'aws' as const, source: 'manual' as const, createdAt: at, updatedAt: at, history: [], ...(i % 2 ? { notes: 'rotate in May' } : {}) })) },
    value: undefined,
  }));
  expect(written.ok).toBe(true);
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: home });
  await expect(page.getByTestId('profile-row-h-0000')).toBeVisible();
  const [plain, noted] = await Promise.all(['h-0000', 'h-0001'].map((n) => page.getByTestId(`profile-row-${n}`).evaluate((tr) => tr.getBoundingClientRect().height)));
  expect(noted).toBeGreaterThan((plain as number) + 5);
  // Down the whole list a view at a time, each step drawn before the next.
  for (let y = 0; ; y += 600) {
    const more = await page.evaluate((to) => new Promise<boolean>((resolve) => {
      window.scrollTo(0, to);
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.scrollY + window.innerHeight < document.documentElement.scrollHeight - 1)));
    }), y);
    if (!more) break;
  }
  await expect(page.getByTestId('profile-row-h-0999')).toBeInViewport();
  // Every row has been drawn once and measured: the body (spacers and rows) is as tall as 500 rows of each height.
  const body = await page.locator('table.profiles tbody').evaluate((el) => el.getBoundingClientRect().height);
  expect(Math.abs(body - 500 * ((plain as number) + (noted as number)))).toBeLessThan(2);
  await close();
});

test('End reaches the last row though the rows near the end are taller than those measured so far; Home the first', async ({ browser, world }) => {
  // The last 200 profiles have notes, a second line: the rows the list has not drawn are guessed at the height of
  // those it has, and the rows End brings into view turn out taller.
  const home = freshHome('end-key');
  mkdirSync(home, { recursive: true });
  const at = new Date().toISOString();
  const written = new ProfileStore(home).update((doc) => ({
    doc: { ...doc, profiles: Array.from({ length: 1000 }, (_, i) => ({ id: `e-${i}`, name: `e-${String(i).padStart(4, '0')}`, accessKeyId: 'AKIAY34FZKBOKMUTVV7A', keyType: 'long-term' as const, derivedAccount: '609629065308', partition: 'aws' as const, source: 'manual' as const, createdAt: at, updatedAt: at, history: [], ...(i >= 800 ? { notes: 'rotate in May, owned by the platform team' } : {}) })) },
    value: undefined,
  }));
  expect(written.ok).toBe(true);
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: home });
  await expect(page.getByTestId('profile-row-e-0000')).toBeVisible();
  // The key pressed where a reader would: on the page, nothing focused.
  await page.locator('h2#profiles-title').click();
  const settled = () => page.evaluate(() => new Promise<number>((resolve) => {
    // Still for ten frames: the keyboard's scroll animation over and the rows drawn.
    let last = -1;
    let still = 0;
    const step = () => {
      still = window.scrollY === last ? still + 1 : 0;
      last = window.scrollY;
      if (still >= 10) resolve(window.scrollY);
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }));
  await page.keyboard.press('End');
  await settled();
  await expect(page.getByTestId('profile-row-e-0999')).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY + document.documentElement.clientHeight >= document.documentElement.scrollHeight - 1)).toBe(true);
  await page.keyboard.press('Home');
  await settled();
  await expect(page.getByTestId('profile-row-e-0000')).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  // One scroll to the bottom, as dragging the scrollbar's thumb down would, stays at the end too: on a page loaded
  // again, so that none of the rows near the end has been measured yet.
  await page.reload();
  await expect(page.getByTestId('profile-row-e-0000')).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await settled();
  await expect(page.getByTestId('profile-row-e-0999')).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY + document.documentElement.clientHeight >= document.documentElement.scrollHeight - 1)).toBe(true);
  // Scrolled up from there, the view stays where the reader put it.
  await page.mouse.move(400, 300);
  await page.mouse.wheel(0, -2000);
  const up = await settled();
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => window.scrollY)).toBe(up);
  await expect(page.getByTestId('profile-row-e-0999')).not.toBeInViewport();
  // End in the filter field moves its caret, not the page (focusing the field brings it into view first).
  await page.locator('#profile-filter').fill('e-');
  const typing = await settled();
  await page.locator('#profile-filter').press('End');
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => window.scrollY)).toBe(typing);
  await expect(page.getByTestId('profile-row-e-0999')).not.toBeInViewport();
  await expect(page.locator('#profile-filter')).toBeFocused();
  await close();
});

test('copy buttons for ARN, account, user id and the whole key id; "Show" shows it; the confirmation is a quiet line', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('copy') });
  const id = await saved(page, 'alice', world.alice.accessKeyId, world.alice.secretAccessKey);
  await go(page, `#/profile/${id}`);
  const status = page.locator('section[aria-labelledby="identity-title"] [role="status"]');
  // Before any copy the line is empty and draws nothing: no badge, no border.
  await expect(status).toHaveText('');
  expect(await status.evaluate((el) => getComputedStyle(el).borderStyle)).toBe('none');
  const clip = () => page.evaluate(() => navigator.clipboard.readText());
  await page.getByRole('button', { name: 'Copy the ARN' }).click();
  await expect(status).toHaveText('Copied the ARN.');
  expect(await clip()).toBe('arn:aws:iam::123456789012:user/alice');
  await page.getByRole('button', { name: 'Copy the account' }).click();
  await expect(status).toHaveText('Copied the account.');
  expect(await clip()).toBe('123456789012');
  await page.getByRole('button', { name: 'Copy the user id' }).click();
  expect(await clip()).toBe(await page.getByTestId('detail-user-id').textContent());
  await expect(page.getByTestId('detail-key-id')).toHaveText(mask(world.alice.accessKeyId));
  await page.getByRole('button', { name: 'Copy the key id' }).click();
  await expect(status).toHaveText('Copied the key id.');
  expect(await clip()).toBe(world.alice.accessKeyId);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByTestId('detail-key-id')).toHaveText(world.alice.accessKeyId);
  await page.getByRole('button', { name: 'Hide' }).click();
  await expect(page.getByTestId('detail-key-id')).toHaveText(mask(world.alice.accessKeyId));
  expect(await page.content()).not.toContain(world.alice.secretAccessKey);
  await close();
});

test('errors say what happened, next to what caused them, in view; STS results come into view', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('errors') }, { width: 1024, height: 600 });
  await saved(page, 'admin', world.alice.accessKeyId, world.alice.secretAccessKey);
  await page.reload();
  await go(page, '#/add');
  await page.getByLabel('Access key id').fill(world.alice.accessKeyId);
  await page.getByLabel('Secret access key').fill(world.alice.secretAccessKey);
  await page.getByLabel('Save as').fill('again');
  await page.getByRole('button', { name: 'Save to keychain' }).click();
  const alert = page.getByRole('alert');
  await expect(alert.locator('strong')).toHaveText(`This key (${mask(world.alice.accessKeyId)}) is already saved as "admin".`);
  await expect(alert).toBeInViewport();
  // Beside the key's fields, before the region: not at the foot of the page.
  expect(await alert.evaluate((el) => Boolean(el.compareDocumentPosition(document.querySelector('input[placeholder="us-east-1"]') as Node) & Node.DOCUMENT_POSITION_FOLLOWING))).toBe(true);

  await go(page, '#/tools');
  await page.getByLabel('Role ARN').fill('arn:aws:iam::123456789012:role/auditor');
  await page.getByLabel('Session name').fill('review');
  await page.getByLabel('Duration in seconds, 900 to 43200 (optional)').fill('60');
  await page.getByRole('button', { name: 'Run' }).click();
  const duration = page.getByRole('alert');
  await expect(duration.locator('strong')).toHaveText('DurationSeconds must be a whole number of seconds from 900 to 43200; got 60.');
  await expect(duration).toBeInViewport();
  await expect(page.getByLabel('Duration in seconds, 900 to 43200 (optional)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('body')).not.toContainText('Something went wrong');

  await page.getByLabel('Duration in seconds, 900 to 43200 (optional)').fill('900');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('temp-identity')).toBeInViewport();
  await page.getByRole('button', { name: 'Copy as environment exports' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied as environment exports.' })).toHaveCSS('border-style', 'none');
  await close();
});

test('paste mistakes get words of their own; an unknown key id is said to be perhaps deactivated', async ({ app, world }) => {
  await go(app, '#/add');
  await app.getByLabel('Access key id').fill(`"${world.alice.accessKeyId}"`);
  await expect(app.getByText('The access key id is in quotes. Remove the quotes')).toBeVisible();
  await app.getByLabel('Access key id').fill(world.alice.accessKeyId);
  await app.getByLabel('Secret access key').fill(world.bob.accessKeyId);
  await expect(app.getByText('The secret access key is an access key id, not a secret. Paste the secret access key here')).toBeVisible();
  await app.getByLabel('Secret access key').fill(`'${world.alice.secretAccessKey}'`);
  await expect(app.getByText('The secret access key is in quotes. Remove the quotes')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Check without saving' })).toBeDisabled();
  await app.getByLabel('Access key id').fill('AKIAY34FZKBOKMUTVV7E');
  await app.getByLabel('Secret access key').fill('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
  await app.getByRole('button', { name: 'Check without saving' }).click();
  await expect(app.getByTestId('check-result')).toContainText('deactivated');
  await expect(app.getByTestId('check-result').locator('strong')).toHaveText('Not valid');
});

test('a decoded authorization message gets a plain summary above its tree, signed with a pasted key', async ({ browser, world }) => {
  const faults = await startFaultServer();
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('decode'), AWS_ENDPOINT_URL: `${faults.url}/ok/` });
  await go(page, '#/tools');
  await page.getByRole('tab', { name: 'Decode a message' }).click();
  // No saved profile: the tool signs with a key pasted here, held in main.
  await page.getByLabel('Signing access key id').fill(world.alice.accessKeyId);
  await page.getByLabel('Signing secret access key').fill(world.alice.secretAccessKey);
  await page.getByRole('button', { name: 'Use this key' }).click();
  await expect(page.getByText(`Signing with the pasted key ${mask(world.alice.accessKeyId)}`)).toBeVisible();
  const denied = {
    allowed: false,
    explicitDeny: true,
    matchedStatements: { items: [{ statementId: 'DenyProdInstances', effect: 'DENY', actions: { items: [{ value: 'ec2:RunInstances' }] } }] },
    context: { principal: { arn: 'arn:aws:iam::123456789012:user/alice' }, action: 'ec2:RunInstances', resource: 'arn:aws:ec2:us-east-1:123456789012:instance/*' },
  };
  await page.getByLabel('Encoded authorization message').fill(Buffer.from(JSON.stringify(denied)).toString('base64'));
  await page.getByRole('button', { name: 'Run' }).click();
  const summary = page.getByTestId('decoded-summary');
  await expect(summary).toContainText('Denied by an explicit deny');
  await expect(summary).toContainText('ec2:RunInstances');
  await expect(summary).toContainText('arn:aws:ec2:us-east-1:123456789012:instance/*');
  await expect(summary).toContainText('DenyProdInstances (DENY) on ec2:RunInstances');
  await expect(summary).toBeInViewport();
  // The summary comes before the tree.
  expect(await summary.evaluate((el) => Boolean(el.compareDocumentPosition(document.querySelector('[data-testid="decoded"] .tree') as Node) & Node.DOCUMENT_POSITION_FOLLOWING))).toBe(true);
  await page.getByLabel('Encoded authorization message').fill(Buffer.from(JSON.stringify({ allowed: false, explicitDeny: false, context: { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key' } })).toString('base64'));
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(summary).toContainText('Denied: no policy allowed it (no explicit deny)');
  await expect(summary).toContainText('none: nothing allowed this action on this resource');
  expect(await page.content()).not.toContain(world.alice.secretAccessKey);
  await close();
  await faults.stop();
});

test('keyboard shortcuts go to each view, filter and recheck all; "?" opens a help sheet that keeps focus and closes on Esc', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('keys') });
  await saved(page, 'alice', world.alice.accessKeyId, world.alice.secretAccessKey, false);
  await page.reload();
  await expect(page.getByTestId('profile-row-alice')).toBeVisible();
  for (const [key, hash] of [['2', '#/add'], ['3', '#/bulk'], ['4', '#/import'], ['5', '#/tools'], ['6', '#/review'], ['1', '#/profiles']] as const) {
    await page.keyboard.press(key);
    await expect(page).toHaveURL(new RegExp(`${hash}$`));
  }
  await page.keyboard.press('/');
  await expect(page.getByLabel('Filter')).toBeFocused();
  // Typing in a field types: "2" does not leave the page.
  await page.keyboard.type('2');
  await expect(page).toHaveURL(/#\/profiles$/);
  await expect(page.getByLabel('Filter')).toHaveValue('2');
  await page.getByLabel('Filter').fill('');
  await page.getByLabel('Filter').blur();
  const rechecks: string[] = [];
  page.on('request', (r) => void (new URL(r.url()).pathname === '/api/profiles:recheck' && rechecks.push(r.postData() ?? '')));
  await page.keyboard.press('Shift+R');
  await expect(page.getByText(/^Rechecked 1: 1 valid/)).toBeVisible({ timeout: 30_000 });
  expect(rechecks).toEqual(['{"all":true}']);
  // The Ctrl form works in the page too (the desktop app's menu lists it).
  await page.keyboard.press('Control+Alt+R');
  await expect.poll(() => rechecks.length).toBe(2);

  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText('Recheck all');
  await expect(sheet).toContainText('Ctrl+Alt+R');
  await expect(sheet.getByRole('button', { name: 'Close' })).toBeFocused();
  for (let i = 0; i < 4; i += 1) {
    await page.keyboard.press('Tab');
    expect(await sheet.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Shift+Tab');
  expect(await sheet.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  // Keys do nothing behind the sheet.
  await page.keyboard.press('2');
  await expect(page).toHaveURL(/#\/profiles$/);
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(sheet).toBeVisible();
  await sheet.getByRole('button', { name: 'Close' }).click();
  await expect(sheet).toHaveCount(0);
  await close();
});
