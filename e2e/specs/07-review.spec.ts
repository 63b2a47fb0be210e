/**
 * The Review view (issue #9), in the browser app on a store of its own: an offline review of saved profiles and an
 * imported credential report, a finding's page and Mute…, Markdown and SARIF downloads, new and resolved after a
 * change, the profile list's findings column; and the canary confirmation before a canary key is checked.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { KeyscopeApi } from '../../shared/api-names';
import { keyIdForAccount, readReport } from '../../electron/core/review/test-kit';
import { chosenThenDeleted, open, saved, withShortTimes } from './08-helpers';
import { expect, go, test } from './app';

// A key id of a Thinkst Canarytokens account, made for the test: never a real honeytoken.
const CANARY = keyIdForAccount('052310077262', 5, 5);

test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name !== 'chromium', 'runs a browser app of its own'));

test('an offline review: findings, a finding muted, Markdown and SARIF downloaded, new and resolved after a change', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: mkdtempSync(join(tmpdir(), 'keyscope-e2e-review-')) });
  await saved(page, 'alice', world.alice.accessKeyId, world.alice.secretAccessKey, false);
  const honeyId = await saved(page, 'honey', CANARY, 'x'.repeat(40), false);

  await page.getByRole('link', { name: 'Review', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Security review' })).toBeVisible();
  await page.getByLabel('Import a credential report (CSV)').setInputFiles({ name: 'thresholds.csv', mimeType: 'text/csv', buffer: Buffer.from(readReport('thresholds.csv')) });
  await expect(page.getByText(/thresholds\.csv: \d+ keys read\./)).toBeVisible();
  await page.getByLabel("Reports' data as of (optional)").fill('2025-06-30');
  await expect(page.getByLabel('Offline: send nothing')).toBeChecked();
  await page.getByRole('button', { name: 'Run the review' }).click();

  const result = page.getByTestId('review-result');
  await expect(result.getByTestId('review-since')).toContainText('This is the first review: every finding is new.');
  await expect(result.getByRole('list', { name: 'Findings by severity' })).toContainText('critical 1');
  await expect(page.getByTestId('finding-canary-key')).toContainText('profile honey');
  await expect(page.getByTestId('finding-root-access-key')).toBeVisible();
  // Filter by severity through the summary bar, then by check.
  await page.getByRole('button', { name: /critical: show only these/ }).click();
  await expect(page.getByTestId('finding-canary-key')).toHaveCount(0);
  await page.getByLabel('Filter by severity').selectOption('');
  await page.getByLabel('Filter by check').selectOption('canary-key');
  await expect(page.getByRole('status').filter({ hasText: 'shown' })).toContainText(/^1 of \d+ findings shown$/);
  // Key ids are masked on the page, as in every report.
  expect(await page.content()).not.toContain(CANARY);

  await page.getByTestId('finding-canary-key').getByRole('link').click();
  await expect(page.getByRole('heading', { level: 3, name: 'Evidence' })).toBeVisible();
  await expect(page.getByTestId('finding-data-as-of')).toContainText('T');
  await expect(page.getByRole('heading', { name: 'Remediation' })).toBeVisible();
  await page.getByRole('button', { name: 'Mute…' }).click();
  await page.getByLabel('Reason').fill('our own honeytoken, watched by the SOC');
  await page.getByLabel('Expires (optional; it lasts through that day)').fill('2999-12-31');
  await page.getByRole('button', { name: 'Mute', exact: true }).click();
  await expect(page.getByTestId('finding-muted')).toHaveText('Muted: our own honeytoken, watched by the SOC (until 2999-12-31)');
  await page.getByRole('link', { name: '← All findings' }).click();
  await expect(result.getByRole('list', { name: 'Findings by severity' })).toContainText('muted 1');

  for (const [format, label, check] of [
    ['markdown', 'Markdown (to read and hand on)', (text: string) => expect(text).toContain('Remediation')],
    ['sarif', 'SARIF 2.1.0 (code scanning tools)', (text: string) => expect(JSON.parse(text).version).toBe('2.1.0')],
  ] as const) {
    await page.getByLabel('Format').selectOption({ label });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export…' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(new RegExp(`^keyscope-review-\\d{8}T\\d{6}\\.${format === 'markdown' ? 'md' : 'sarif'}$`));
    const text = readFileSync(await file.path(), 'utf8');
    check(text);
    expect(text).not.toContain(CANARY);
  }

  // The profile list counts the last review's unmuted findings: honey's only finding is muted.
  await go(page, '#/profiles');
  await expect(page.getByTestId('profile-findings-honey')).toHaveText('0');
  // Findings that cannot be had at all (their call fails outright, no answer in JSON) never keep the list from
  // showing: the column says nothing, and nothing is reported as an error of the list.
  await page.route('**/api/review:profile-findings', (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'broken' }));
  await page.reload();
  await expect(page.getByTestId('profile-findings-honey')).toHaveText('—');
  await expect(page.getByTestId('profile-summary')).toContainText('saved');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.unroute('**/api/review:profile-findings');

  // A change, then a second review: honey is gone, so its finding is resolved.
  await page.evaluate(async (id) => void (await (window as unknown as { keyscope: KeyscopeApi }).keyscope.removeProfile({ id })), honeyId);
  await page.getByRole('link', { name: 'Review', exact: true }).click();
  await page.getByRole('button', { name: 'Run the review' }).click();
  await expect(result.getByTestId('review-since')).toContainText(/Compared with the previous review .*: 0 new, \d+ unchanged, 1 resolved\./);
  await expect(result.getByRole('list', { name: 'Resolved findings' })).toContainText('canary-key');
  await close();
});

test('Mute whose answer never reached the page (the connection dropped after keyscope ui saved it) says keyscope ui could not be reached, not "The finding was not muted": it may well be muted (its answer aborted by Playwright\'s route)', async ({ browser, world }) => {
  const home = mkdtempSync(join(tmpdir(), 'keyscope-e2e-review-mute-unreached-'));
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: home });
  try {
    await saved(page, 'honey', CANARY, 'x'.repeat(40), false);
    await page.getByRole('link', { name: 'Review', exact: true }).click();
    await page.getByRole('button', { name: 'Run the review' }).click();
    await page.getByTestId('finding-canary-key').getByRole('link').click();
    await page.getByRole('button', { name: 'Mute…' }).click();
    await page.getByLabel('Reason').fill('our own honeytoken');
    // keyscope ui gets the request and mutes the finding; its answer is lost on the way back.
    await page.route('**/api/review:mute', async (route) => (await route.fetch(), await route.abort('connectionreset')));
    await page.getByRole('button', { name: 'Mute', exact: true }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('keyscope ui could not be reached');
    await expect(alert).toContainText('This page could not get an answer from keyscope ui to review:mute: it may have stopped, or the connection dropped.');
    await expect(alert).not.toContainText('not muted');
    expect(readFileSync(join(home, 'reviews', 'suppressions.json'), 'utf8')).toContain('our own honeytoken');
  } finally {
    await close();
  }
});

test('checking a canary key asks first, and sends only when confirmed', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: mkdtempSync(join(tmpdir(), 'keyscope-e2e-canary-')) });
  await go(page, '#/add');
  await page.getByLabel('Access key id').fill(CANARY);
  await page.getByLabel('Secret access key').fill('x'.repeat(40));
  await page.getByRole('button', { name: 'Check without saving' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('This key belongs to a canary-token account (Thinkst Canarytokens, account 052310077262): using it alerts whoever planted it. Check anyway?');
  await expect(dialog.getByRole('button', { name: 'Do not send' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Do not send' }).click();
  await expect(dialog).toHaveCount(0);

  await page.getByRole('button', { name: 'Check without saving' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Check anyway' }).click();
  // Sent this time: moto does not know the key.
  await expect(page.getByTestId('check-result').getByRole('alert')).toContainText('Not valid');
  await expect(page.getByTestId('check-result')).toContainText('InvalidClientTokenId');
  await close();
});

test('an STS tool signed with a canary key asks first', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: mkdtempSync(join(tmpdir(), 'keyscope-e2e-canary-sts-')) });
  await saved(page, 'honey', CANARY, 'x'.repeat(40), false);
  await page.reload();
  await go(page, '#/tools');
  await page.getByRole('tab', { name: 'Access-key info' }).click();
  await page.getByLabel('Access key id to look up').fill(world.bob.accessKeyId);
  await page.getByRole('button', { name: 'Run' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('(Thinkst Canarytokens, account 052310077262): using it alerts whoever planted it. Sign anyway?');
  await dialog.getByRole('button', { name: 'Sign anyway' }).click();
  // Sent this time: moto does not know the key.
  await expect(page.getByRole('alert')).toContainText('InvalidClientTokenId');
  await close();
});

test('a report file that cannot be read once chosen (deleted since) says so and what to do', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: mkdtempSync(join(tmpdir(), 'keyscope-e2e-review-file-')) });
  try {
    await page.getByRole('link', { name: 'Review', exact: true }).click();
    const path = join(mkdtempSync(join(tmpdir(), 'keyscope-e2e-review-file-')), 'credential-report.csv');
    writeFileSync(path, readReport('thresholds.csv'));
    const held = await chosenThenDeleted(page, path);
    await page.getByLabel('Import a credential report (CSV)').evaluate((field: HTMLInputElement, from) => {
      field.files = (document.querySelector(from) as HTMLInputElement).files;
      field.dispatchEvent(new Event('change', { bubbles: true }));
    }, held);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('credential-report.csv could not be read');
    await expect(alert).toContainText('Choose it again');
    await expect(page.getByText(/Imported: /)).toHaveCount(0);
  } finally {
    await close();
  }
});

test('Run the review clicked twice at once runs one review: one saved, compared with nothing', async ({ browser, world }) => {
  const home = mkdtempSync(join(tmpdir(), 'keyscope-e2e-review-twice-'));
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: home });
  try {
    await saved(page, 'alice', world.alice.accessKeyId, world.alice.secretAccessKey, false);
    await page.getByRole('link', { name: 'Review', exact: true }).click();
    const sent: string[] = [];
    page.on('request', (r) => void (r.url().endsWith('/api/review:run') && sent.push(r.url())));
    // Two clicks in one task, before React has drawn the button held.
    await page.getByRole('button', { name: 'Run the review' }).evaluate((button: HTMLButtonElement) => (button.click(), button.click()));
    await expect(page.getByTestId('review-since')).toContainText('This is the first review: every finding is new.');
    await expect(page.getByRole('button', { name: 'Run the review' })).toBeEnabled();
    expect(sent).toHaveLength(1);
    expect(readdirSync(join(home, 'reviews')).filter((n) => n.startsWith('review-'))).toHaveLength(1);
  } finally {
    await close();
  }
});

test('pasted "ID,SECRET" lines keep only their ids in the box once the review runs: the secrets no longer stay on the page', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: mkdtempSync(join(tmpdir(), 'keyscope-e2e-review-keys-')) });
  try {
    await page.getByRole('link', { name: 'Review', exact: true }).click();
    const box = page.getByLabel('Key ids to analyse (optional), one per line');
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    await box.fill(`AKIAY34FZKBOKMUTVV7A,${secret}\nAKIAY34FZKBOKMUTVV7B\tanother/secretvalue+EXAMPLE\nAKIAY34FZKBOKMUTVV7C`);
    await page.getByRole('button', { name: 'Run the review' }).click();
    await expect(page.getByText(/findings? shown|No findings/).first()).toBeVisible();
    await expect(box).toHaveValue('AKIAY34FZKBOKMUTVV7A\nAKIAY34FZKBOKMUTVV7B\nAKIAY34FZKBOKMUTVV7C');
    await expect(page.getByText('The secrets after 2 key ids were removed from this box: a review reads only the ids.')).toBeVisible();
    expect(await page.content()).not.toContain(secret);
  } finally {
    await close();
  }
});

/**
 * Starts a passive audit with `auditor` alone saved (its one request, GetCallerIdentity, is what takes the fault
 * server's delay) in the Review view of `page`, and waits until it is shown running.
 */
async function auditStarted(page: Page, world: { alice: { accessKeyId: string; secretAccessKey: string } }): Promise<void> {
  await saved(page, 'auditor', world.alice.accessKeyId, world.alice.secretAccessKey, false);
  await page.reload();
  await page.getByRole('link', { name: 'Review', exact: true }).click();
  await page.getByLabel('Offline: send nothing').uncheck();
  await page.getByLabel('Passive audit with').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Run the review' }).click();
  await expect(page.getByTestId('review-progress')).toBeVisible();
}

test('a tab away for longer than keyscope ui keeps its events, while a review ran and ended, says what became of the review and when the last one ran, never "running" for ever (fault-server stand-in: slow answers; the server started alone, its times shortened)', async ({ browser, world }) => {
  test.skip(process.getuid?.() !== 0, '`ss -K` closes another process\'s connections as root only');
  const home = mkdtempSync(join(tmpdir(), 'keyscope-e2e-review-lost-'));
  await withShortTimes(browser, { ...world.harnessEnv, KEYSCOPE_HOME: home }, 1000, async (page, away) => {
    await auditStarted(page, world);
    await expect(page.getByText(/Last review:/)).toHaveCount(0);
    await away(); // the review ends 1 s in: its end went with the page given up
    await expect(page.getByTestId('review-progress')).toHaveCount(0);
    const lost = page.getByTestId('review-lost');
    await expect(lost).toContainText(/out of touch with keyscope for more than 2 seconds/);
    await expect(lost).toContainText('The review went on in keyscope');
    await expect(page.getByRole('button', { name: 'Run the review' })).toBeEnabled();
    // It was saved, and the view read its sources again: "Last review" names it.
    expect(readdirSync(join(home, 'reviews')).filter((n) => n.startsWith('review-'))).toHaveLength(1);
    await expect(page.getByText(/Last review:/)).toBeVisible();
  });
});

test('a review still running when its tab comes back from being given up is shown when it ends: the notice first, then its result (fault-server stand-in: slow answers; the server started alone, its times shortened)', async ({ browser, world }) => {
  test.skip(process.getuid?.() !== 0, '`ss -K` closes another process\'s connections as root only');
  await withShortTimes(browser, { ...world.harnessEnv, KEYSCOPE_HOME: mkdtempSync(join(tmpdir(), 'keyscope-e2e-review-back-')) }, 9000, async (page, away) => {
    await auditStarted(page, world);
    await away(); // the review's one request is answered 9 s in, after the page is back
    await expect(page.getByTestId('review-progress')).toHaveCount(0);
    await expect(page.getByTestId('review-lost')).toContainText(/out of touch with keyscope for more than 2 seconds/);
    await expect(page.getByTestId('review-result')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('review-lost')).toHaveCount(0);
    await expect(page.getByText(/Last review:/)).toBeVisible();
  });
});

test('keyscope ui stopped while a review ran: the page says what became of the review once it has had no events socket for as long as keyscope would keep its events, and asks the stopped server nothing, so no view says "The review cannot run" or calls it a bug (fault-server stand-in: slow answers; the server started alone, its times shortened)', async ({ browser, world }) => {
  await withShortTimes(browser, { ...world.harnessEnv, KEYSCOPE_HOME: mkdtempSync(join(tmpdir(), 'keyscope-e2e-review-stopped-')) }, 3000, async (page, _away, ui) => {
    await auditStarted(page, world);
    await ui.stop();
    const lost = page.getByTestId('review-lost');
    await expect(lost).toContainText('keyscope ui may have stopped: start it again and open the new address it prints', { timeout: 10_000 });
    await expect(page.getByTestId('review-progress')).toHaveCount(0);
    await page.waitForTimeout(1000);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
});

test('a review\'s page with no events socket for as long as keyscope would keep its events says keyscope ui may have stopped; keyscope ui still running, the page is told so once its socket opens again: the review went on, and "Last review" is read again (fault-server stand-in: slow answers; the server started alone, its times shortened; its socket refused by Playwright for a while)', async ({ browser, world }) => {
  test.skip(process.getuid?.() !== 0, '`ss -K` closes another process\'s connections as root only');
  await withShortTimes(browser, { ...world.harnessEnv, KEYSCOPE_HOME: mkdtempSync(join(tmpdir(), 'keyscope-e2e-review-refused-')) }, 9000, async (page, _away, ui) => {
    await auditStarted(page, world);
    // Its events socket dropped, then each one it opens closed at once, while keyscope ui runs on.
    let refused = true;
    await page.routeWebSocket(/\/api\/events/, (ws) => (refused ? ws.close() : ws.connectToServer()));
    expect(spawnSync('ss', ['-K', `dport = :${new URL(ui.url).port}`], { stdio: 'ignore' }).status).toBe(0);
    const lost = page.getByTestId('review-lost');
    await expect(lost).toContainText('keyscope ui may have stopped', { timeout: 10_000 });
    refused = false;
    await expect(lost).toContainText('The review went on in keyscope', { timeout: 15_000 });
    await expect(page.getByText(/Last review:/)).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
});
