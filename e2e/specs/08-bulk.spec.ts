/// <reference lib="dom" />
/**
 * Bulk check (issue #10): pairs pasted, or the console's accessKeys.csv chosen or dropped; results as they come; the
 * ticked ones saved; no secret back in the page once sent.
 */
import type { Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFaultServer, type FaultServer } from '../fixtures/fault-server';
import { startKeyring } from '../fixtures/keyring';
import { mistyped } from '../fixtures/moto';
import { chosenThenDeleted, cutOff, freshHome, open, saved, withShortTimes } from './08-helpers';
import { expect, go, test } from './app';

test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name !== 'chromium', 'runs browser apps of its own'));

test('paste pairs, see each result as it comes, save the ticked ones', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('bulk') });
  await saved(page, 'bob-saved', world.bob.accessKeyId, world.bob.secretAccessKey, false);
  await page.reload();
  await go(page, '#/bulk');
  const typo = mistyped(world.alice.secretAccessKey);
  await page.getByLabel('Key id and secret pairs, one a line').fill(
    [`${world.alice.accessKeyId},${world.alice.secretAccessKey}`, `${world.bob.accessKeyId} ${world.bob.secretAccessKey}`, `AKIAY34FZKBOKMUTVV7F\t${typo}`, 'not a pair', `${world.alice.accessKeyId},"${world.bob.accessKeyId}"`].join('\n'),
  );
  await page.getByRole('button', { name: 'Check all' }).click();
  const results = page.getByTestId('bulk-results');
  await expect(results.getByRole('status').first()).toContainText('Read 4 pairs from the pasted text.');
  await expect(results.getByRole('status').first()).toContainText('Checked 3 of 3.', { timeout: 30_000 });
  await expect(page.getByTestId('bulk-row-1')).toContainText('valid');
  await expect(page.getByTestId('bulk-row-1')).toContainText('user/alice');
  await expect(page.getByTestId('bulk-row-2')).toContainText('already saved as bob-saved');
  await expect(page.getByTestId('bulk-row-3')).toContainText('invalid');
  await expect(page.getByTestId('bulk-row-3')).toContainText('deactivated');
  await expect(page.getByTestId('bulk-row-5')).toContainText('is an access key id, not a secret');
  await expect(page.getByLabel('Lines not read')).toContainText('line 4: no access key id');
  // Only the valid key not saved yet is ticked.
  await expect(page.getByLabel('Save line 1')).toBeChecked();
  await expect(page.getByLabel('Save line 2')).toBeDisabled();
  await expect(page.getByLabel('Save line 3')).not.toBeChecked();
  await expect(page.getByLabel('Key id and secret pairs, one a line')).toHaveValue('');
  expect(await page.content()).not.toContain(world.alice.secretAccessKey);

  await page.getByLabel('Name for line 1').fill('alice-bulk');
  await page.getByRole('button', { name: 'Save 1 ticked' }).click();
  await expect(page.getByTestId('bulk-saved')).toHaveText('Saved 1.');
  await expect(page.getByTestId('bulk-row-1')).toContainText('saved as alice-bulk');
  await go(page, '#/profiles');
  await expect(page.getByTestId('profile-row-alice-bulk')).toContainText('valid');
  await close();
});

test("the console's accessKeys.csv, chosen or dropped", async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('bulk-csv') });
  await go(page, '#/bulk');
  const csv = `\uFEFFAccess key ID,Secret access key\r\n${world.bob.accessKeyId},${world.bob.secretAccessKey}\r\n`;
  await page.getByLabel('Choose accessKeys.csv…').setInputFiles({ name: 'accessKeys.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('bulk-results').getByRole('status').first()).toContainText("Read 1 pair from the console's accessKeys.csv. Checked 1 of 1.", { timeout: 30_000 });
  await expect(page.getByTestId('bulk-row-2')).toContainText('user/bob');

  // Dropped on the form: the same file, read the same way.
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'accessKeys.csv', { type: 'text/csv' }));
    document.querySelector('form.bulk-input')?.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, csv.replace(world.bob.accessKeyId, world.alice.accessKeyId).replace(world.bob.secretAccessKey, world.alice.secretAccessKey));
  await expect(page.getByTestId('bulk-row-2')).toContainText('user/alice', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Save 1 ticked' }).click();
  await expect(page.getByTestId('bulk-saved')).toHaveText('Saved 1.');
  expect(await page.content()).not.toContain(world.alice.secretAccessKey);
  await close();
});

test('Cancel stops the check: the button says so at once, and rows never checked say "not checked", not "waiting…" (fault-server stand-in: slow answers moto cannot give)', async ({ browser, world }) => {
  const faults = await startFaultServer();
  // Each answer 1.5 s late: four checks at a time, so Cancel comes while most of the twelve wait.
  const { page, close } = await open(browser, { ...world.harnessEnv, AWS_ENDPOINT_URL: `${faults.url}/delay/1500/`, KEYSCOPE_HOME: freshHome('bulk-cancel') });
  try {
    await go(page, '#/bulk');
    const ids = Array.from({ length: 12 }, (_, i) => `AKIAY34FZKBOKMUTVV${String.fromCharCode(65 + i)}Q`);
    await page.getByLabel('Key id and secret pairs, one a line').fill(ids.map((id) => `${id},wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY`).join('\n'));
    await page.getByRole('button', { name: 'Check all' }).click();
    const status = page.getByTestId('bulk-results').getByRole('status').first();
    await expect(status).toContainText('Checking 0 of 12…');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('button', { name: 'Cancelling…' })).toBeDisabled();
    await expect(status).toContainText(/Cancelled after [1-8] of 12\./, { timeout: 20_000 });
    const checked = Number(/Cancelled after (\d+)/.exec((await status.textContent()) ?? '')?.[1]);
    await expect(page.getByRole('cell', { name: 'not checked' })).toHaveCount(12 - checked);
    await expect(page.getByText('waiting…')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Cancel/ })).toHaveCount(0);
  } finally {
    await close();
    await faults.stop();
  }
});

/** The key ids of `ids` that reached the fault server, once it has had no request for longer than one check takes. */
async function sentOnceQuiet(faults: FaultServer, ids: readonly string[]): Promise<string[]> {
  for (let seen = -1; seen !== faults.requests.length; ) {
    seen = faults.requests.length;
    await new Promise((r) => setTimeout(r, 4000));
  }
  return ids.filter((id) => faults.requests.some((r) => String(r.headers.authorization).includes(`Credential=${id}/`)));
}
/** Twelve key ids of their own, by `tag`. */
const pairs = (tag: string) => Array.from({ length: 12 }, (_, i) => `AKIAY34FZKBOKMUTV${tag}${String.fromCharCode(65 + i)}Q`);

/** Checks `ids` (each with the same made-up secret) in the Bulk check view `page` shows, and waits until they are read. */
async function checkAll(page: Page, ids: readonly string[]): Promise<void> {
  await page.getByLabel('Key id and secret pairs, one a line').fill(ids.map((id) => `${id},wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY`).join('\n'));
  await page.getByRole('button', { name: 'Check all' }).click();
  await expect(page.getByTestId('bulk-results').getByRole('status').first()).toContainText(`Read ${ids.length} pair`);
}

test('leaving the view, or checking another list, cancels the check under way: its keys were all still sent, unseen, with no Cancel to press (fault-server stand-in: slow answers)', async ({ browser, world }) => {
  const faults = await startFaultServer();
  const { page, close } = await open(browser, { ...world.harnessEnv, AWS_ENDPOINT_URL: `${faults.url}/delay/1500/`, KEYSCOPE_HOME: freshHome('bulk-leave') });
  try {
    await go(page, '#/bulk');
    const left = pairs('A');
    await checkAll(page, left);
    await go(page, '#/profiles');
    expect((await sentOnceQuiet(faults, left)).length).toBeLessThanOrEqual(8); // the four under way, at most four more
    await go(page, '#/bulk');
    const replaced = pairs('B');
    await checkAll(page, replaced);
    await checkAll(page, ['AKIAY34FZKBOKMUTVVZZQ']);
    await expect(page.getByTestId('bulk-results').getByRole('status').first()).toContainText('Checked 1 of 1.', { timeout: 20_000 });
    expect((await sentOnceQuiet(faults, replaced)).length).toBeLessThanOrEqual(8);
  } finally {
    await close();
    await faults.stop();
  }
});

test('closing or reloading the tab cancels the check under way, as leaving the view does: the page that would show it is gone (fault-server stand-in: slow answers)', async ({ browser, world }) => {
  const faults = await startFaultServer();
  const { page, close } = await open(browser, { ...world.harnessEnv, AWS_ENDPOINT_URL: `${faults.url}/delay/1500/`, KEYSCOPE_HOME: freshHome('bulk-tab') });
  try {
    await go(page, '#/bulk');
    const reloaded = pairs('C');
    await checkAll(page, reloaded);
    await page.reload();
    expect((await sentOnceQuiet(faults, reloaded)).length).toBeLessThanOrEqual(8); // the four under way, at most four more
    // A second tab on the same server: closing it cancels its own check, not the first tab's.
    const kept = pairs('E');
    await checkAll(page, kept);
    const other = await page.context().newPage();
    await other.goto(page.url());
    await go(other, '#/bulk');
    const closed = pairs('D');
    await checkAll(other, closed);
    await other.close();
    expect((await sentOnceQuiet(faults, closed)).length).toBeLessThanOrEqual(8);
    await expect(page.getByTestId('bulk-results').getByRole('status').first()).toContainText('Checked 12 of 12.', { timeout: 20_000 });
  } finally {
    await close();
    await faults.stop();
  }
});

test('the events connection dropped under the page (`ss -K`, as root) cancels nothing: the page opens it again, and the check under way and one started after end, said so (fault-server stand-in: slow answers)', async ({ browser, world }) => {
  test.skip(process.getuid?.() !== 0, '`ss -K` closes another process\'s connections as root only');
  const faults = await startFaultServer();
  const { page, harness, close } = await open(browser, { ...world.harnessEnv, AWS_ENDPOINT_URL: `${faults.url}/delay/1500/`, KEYSCOPE_HOME: freshHome('bulk-dropped') });
  /** Ends every connection to the server, the page's events socket among them, as a dropped connection ends. */
  const drop = () => expect(spawnSync('ss', ['-K', `dport = :${new URL(harness.url).port}`], { stdio: 'ignore' }).status).toBe(0);
  try {
    await go(page, '#/bulk');
    const status = page.getByTestId('bulk-results').getByRole('status').first();
    await checkAll(page, pairs('F').slice(0, 8));
    await expect(status).toContainText('Checking');
    drop();
    await expect(status).toContainText('Checked 8 of 8.', { timeout: 20_000 });
    drop();
    await checkAll(page, ['AKIAY34FZKBOKMUTVVZYQ']);
    await expect(status).toContainText('Checked 1 of 1.', { timeout: 20_000 });
  } finally {
    await close();
    await faults.stop();
  }
});

test('a tab away for longer than keyscope ui keeps its events (its scripts held, as a sleeping tab\'s are, while its connection dropped) is told so when it comes back: its bulk check reads stopped, never "Checking…" for ever (fault-server stand-in: slow answers; the server started alone, its times shortened)', async ({ browser, world }) => {
  test.skip(process.getuid?.() !== 0, '`ss -K` closes another process\'s connections as root only');
  await withShortTimes(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('bulk-given-up') }, 1500, async (page, away) => {
    await go(page, '#/bulk');
    const status = page.getByTestId('bulk-results').getByRole('status').first();
    await checkAll(page, pairs('G'));
    await expect(status).toContainText('Checking');
    await away();
    await expect(status).toContainText(/Stopped after \d+ of 12 reached this page: it was out of touch with keyscope for more than 2 seconds/);
    await expect(status).not.toContainText('Checking');
    await expect(page.getByRole('button', { name: /^Cancel/ })).toHaveCount(0);
    await expect(page.getByText('waiting…')).toHaveCount(0);
    const reached = Number(/Stopped after (\d+)/.exec((await status.textContent()) ?? '')?.[1]);
    await expect(page.getByRole('cell', { name: 'result not received' })).toHaveCount(12 - reached);
    // Back, the page is a page again: a check it starts now runs to its end.
    await checkAll(page, ['AKIAY34FZKBOKMUTVVZXQ']);
    await expect(status).toContainText('Checked 1 of 1.', { timeout: 20_000 });
  });
});

/** Saves alice and bob unchecked, then clicks Recheck all, and waits until the recheck is shown running. */
async function recheckStarted(page: Page, world: { alice: { accessKeyId: string; secretAccessKey: string }; bob: { accessKeyId: string; secretAccessKey: string } }): Promise<void> {
  await saved(page, 'alice', world.alice.accessKeyId, world.alice.secretAccessKey, false);
  await saved(page, 'bob', world.bob.accessKeyId, world.bob.secretAccessKey, false);
  await page.reload();
  await expect(page.getByTestId('profile-row-alice')).toContainText('never checked');
  await page.getByRole('button', { name: 'Recheck all' }).click();
  await expect(page.getByText('Rechecking 0 of 2…')).toBeVisible();
}

test('a tab away for longer than keyscope ui keeps its events, while a recheck ran and ended, reads the list again and says so, never "Rechecking…" for ever (fault-server stand-in: slow answers; the server started alone, its times shortened)', async ({ browser, world }) => {
  test.skip(process.getuid?.() !== 0, '`ss -K` closes another process\'s connections as root only');
  await withShortTimes(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('recheck-given-up') }, 1000, async (page, away) => {
    await recheckStarted(page, world);
    await away(); // the recheck ends 2 s in (two requests a check): its events went with the page given up
    await expect(page.getByText(/Recheck: 0 of 2 results reached this page, then it was out of touch with keyscope for more than 2 seconds/)).toBeVisible();
    await expect(page.getByText(/Rechecking/)).toHaveCount(0);
    for (const name of ['alice', 'bob']) await expect(page.getByTestId(`profile-row-${name}`)).toContainText('valid');
    await expect(page.getByRole('button', { name: 'Recheck all' })).toBeEnabled();
  });
});

test('a recheck\'s page with no events socket for as long as keyscope would keep its events says keyscope ui may have stopped; keyscope ui still running, the page is told so once its socket opens again: the recheck bar then says the recheck went on there, and the list is read again (fault-server stand-in: slow answers; the server started alone, its times shortened; its socket refused by Playwright for a while)', async ({ browser, world }) => {
  test.skip(process.getuid?.() !== 0, '`ss -K` closes another process\'s connections as root only');
  await withShortTimes(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('recheck-refused') }, 1000, async (page, _away, ui) => {
    await recheckStarted(page, world);
    // Its events socket dropped, then each one it opens closed at once, while keyscope ui runs on.
    let refused = true;
    await page.routeWebSocket(/\/api\/events/, (ws) => (refused ? ws.close() : ws.connectToServer()));
    expect(spawnSync('ss', ['-K', `dport = :${new URL(ui.url).port}`], { stdio: 'ignore' }).status).toBe(0);
    const bar = page.getByText(/^Recheck: /);
    await expect(bar).toContainText('it has had no connection to keyscope for more than 2 seconds, so keyscope ui may have stopped', { timeout: 10_000 });
    await page.waitForTimeout(1500); // the recheck ends 2 s in (two requests a check): its end went with the page given up
    refused = false;
    await expect(bar).toContainText(/Recheck: \d of 2 results reached this page, then it was out of touch with keyscope for more than 2 seconds \(its connection dropped, or the tab slept\)\. The recheck went on there, saving each result: the list shows each profile's last saved one\./, { timeout: 15_000 });
    await expect(bar).not.toContainText('may have stopped');
    for (const name of ['alice', 'bob']) await expect(page.getByTestId(`profile-row-${name}`)).toContainText('valid');
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
});

test('more events than keyscope ui keeps for a page came while it was away (its scripts held while its connection dropped): the check ends saying how many were checked, and the rows whose result did not reach the page say so, never "not checked" (fault-server stand-in: slow answers; the server started alone, keeping 3 events a page)', async ({ browser, world }) => {
  test.skip(process.getuid?.() !== 0, '`ss -K` closes another process\'s connections as root only');
  const times = { pageGraceMs: 30_000, missedKeptMs: 30_000, missedMax: 3 };
  await withShortTimes(
    browser,
    { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('bulk-overflow') },
    400,
    async (page, away) => {
      await go(page, '#/bulk');
      const status = page.getByTestId('bulk-results').getByRole('status').first();
      await checkAll(page, pairs('H'));
      await expect(status).toContainText('Checking');
      await away(); // the twelve checks end meanwhile (two requests of 0.4 s each, four at a time): 3 results kept
      await expect(status).toContainText(/Checked 12 of 12\. The results of \d+ did not reach this page/);
      const missing = Number(/The results of (\d+)/.exec((await status.textContent()) ?? '')?.[1]);
      expect(missing).toBeGreaterThan(0);
      await expect(page.getByRole('cell', { name: 'result not received' })).toHaveCount(missing);
      await expect(page.getByRole('cell', { name: 'not checked' })).toHaveCount(0);
      // Back, the page hears everything again: a check it starts now is counted whole.
      await checkAll(page, ['AKIAY34FZKBOKMUTVVZWQ']);
      await expect(status).toHaveText(/Checked 1 of 1\.$/, { timeout: 20_000 });
    },
    times,
  );
});

test('keyscope ui stopped under a page: once the page has had no events socket for as long as keyscope would keep its events, its bulk check reads stopped and says to start keyscope ui again and open the address it prints (a reload finds no server: a new port and token each start), never "Checking…" for ever, and no view calls it a bug by asking the stopped server again (fault-server stand-in: slow answers; the server started alone, its times shortened)', async ({ browser, world }) => {
  await withShortTimes(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('bulk-stopped') }, 1500, async (page, _away, ui) => {
    await go(page, '#/bulk');
    const status = page.getByTestId('bulk-results').getByRole('status').first();
    await checkAll(page, pairs('I'));
    await expect(status).toContainText('Checking');
    await ui.stop();
    await expect(status).toContainText(/Stopped after \d+ of 12 reached this page: it has had no connection to keyscope for more than 2 seconds/, { timeout: 10_000 });
    await expect(status).toContainText('keyscope ui may have stopped: start it again and open the new address it prints');
    await expect(status).not.toContainText('reload');
    await expect(status).not.toContainText('Checking');
    await expect(page.getByRole('button', { name: /^Cancel/ })).toHaveCount(0);
    await expect(page.getByText('waiting…')).toHaveCount(0);
    // The profile list is not asked again of a server that is gone: its failure read "keyscope hit a bug" above every view.
    await page.waitForTimeout(1000);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
});

test('keyscope ui stopped under a page: a click that asks it something (Check all, opening Review) says that keyscope ui could not be reached, whatever the view would title its failure, and to start it again and open the new address it prints; it read "keyscope hit a bug: nothing was decided" (the server started alone)', async ({ browser, world }) => {
  await withShortTimes(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('bulk-unreached') }, 0, async (page, _away, ui) => {
    await go(page, '#/bulk');
    await expect(page.getByRole('button', { name: 'Check all' })).toBeVisible();
    await ui.stop();
    await page.getByLabel('Key id and secret pairs, one a line').fill(`${pairs('U')[0]},wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY`);
    await page.getByRole('button', { name: 'Check all' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('keyscope ui could not be reached');
    await expect(alert).toContainText('This page could not get an answer from keyscope ui to bulk:start: it may have stopped, or the connection dropped.');
    await expect(alert).toContainText('If keyscope ui stopped, start it again and open the new address it prints; otherwise try again.');
    await expect(alert).not.toContainText('bug');
    await go(page, '#/review');
    await expect(alert).toContainText('keyscope ui could not be reached');
    await expect(alert).not.toContainText('The review cannot run');
    await expect(alert).toContainText('could not get an answer from keyscope ui to review:sources');
    await expect(alert).not.toContainText('bug');
  });
});

/** Long enough that a page whose keyscope ui stopped is not given up (and its Cancel hidden) before the click. */
const LONG_TIMES = { pageGraceMs: 30_000, missedKeptMs: 30_000 };

test('keyscope ui stopped under a running bulk check: Cancel says keyscope ui could not be reached and to start it again, and goes back to Cancel; it stayed "Cancelling…" with no word until the page gave up 2 minutes later (fault-server stand-in: slow answers; the server started alone)', async ({ browser, world }) => {
  await withShortTimes(
    browser,
    { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('bulk-cancel-unreached') },
    5000,
    async (page, _away, ui) => {
      await go(page, '#/bulk');
      const status = page.getByTestId('bulk-results').getByRole('status').first();
      await checkAll(page, pairs('C'));
      await expect(status).toContainText('Checking 0 of 12…');
      await ui.stop();
      await page.getByRole('button', { name: 'Cancel' }).click();
      const alert = page.getByTestId('bulk-results').getByRole('alert');
      await expect(alert).toContainText('keyscope ui could not be reached');
      await expect(alert).toContainText('This page could not get an answer from keyscope ui to bulk:cancel');
      await expect(alert).toContainText('If keyscope ui stopped, start it again and open the new address it prints');
      await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toBeEnabled();
      await expect(page.getByRole('button', { name: 'Cancelling…' })).toHaveCount(0);
      await expect(status).toContainText('Checking 0 of 12…');
      await expect(status).not.toContainText('Cancelled');
    },
    LONG_TIMES,
  );
});

test('keyscope ui stopped under a running recheck: its Cancel says keyscope ui could not be reached and to start it again, and the recheck does not read cancelled; the click showed nothing (fault-server stand-in: slow answers; the server started alone)', async ({ browser, world }) => {
  await withShortTimes(
    browser,
    { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('recheck-cancel-unreached') },
    5000,
    async (page, _away, ui) => {
      await recheckStarted(page, world);
      await ui.stop();
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      const alert = page.getByRole('alert');
      await expect(alert).toContainText('keyscope ui could not be reached');
      await expect(alert).toContainText('This page could not get an answer from keyscope ui to profiles:recheck-cancel');
      await expect(alert).toContainText('If keyscope ui stopped, start it again and open the new address it prints');
      await expect(page.getByText('Rechecking 0 of 2…')).toBeVisible();
      await expect(page.getByText(/cancelled/)).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toBeEnabled();
    },
    LONG_TIMES,
  );
});

test('one key id with two secrets (one a typo): the second waits 5 s after the first check, and its row says so (fault-server stand-in: it stamps each request as it arrives)', async ({ browser, world }) => {
  const faults = await startFaultServer();
  const { page, close } = await open(browser, { ...world.harnessEnv, AWS_ENDPOINT_URL: `${faults.url}/ok/`, KEYSCOPE_HOME: freshHome('bulk-spacing') }, { width: 800, height: 600 });
  try {
    await go(page, '#/bulk');
    const id = 'AKIAY34FZKBOKMUTVW7F';
    const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    await page.getByLabel('Key id and secret pairs, one a line').fill(`${id},${secret}\n${id},${mistyped(secret)}`);
    await page.getByRole('button', { name: 'Check all' }).click();
    // The row waiting its turn says why, where every row not checked yet said "waiting…".
    await expect(page.getByTestId('bulk-row-2')).toContainText('waiting 5 s: this key id was just checked');
    expect(await cutOff(page)).toEqual({ pageScrolls: false, regions: [] });
    await expect(page.getByTestId('bulk-results').getByRole('status').first()).toContainText('Checked 2 of 2.', { timeout: 20_000 });
    await expect(page.getByTestId('bulk-row-2')).toContainText('valid');
    const sent = faults.requests.filter((r) => String(r.headers.authorization).includes(`Credential=${id}/`));
    expect(sent).toHaveLength(4);
    // Each check's two requests go at once: the second check's first came at least 5 s after the first check's last.
    expect((sent[2]?.receivedAt ?? 0) - (sent[1]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(5_000);
  } finally {
    await close();
    await faults.stop();
  }
});

test('saving while the keychain is locked shows what to do, as every failure does: the row said only the message', async ({ browser, world }) => {
  const keyring = await startKeyring();
  try {
    const { page, close } = await open(browser, { ...world.harnessEnv, ...keyring.env, KEYSCOPE_HOME: freshHome('bulk-locked') }, { width: 800, height: 600 });
    try {
      await go(page, '#/bulk');
      await page.getByLabel('Key id and secret pairs, one a line').fill(`${world.alice.accessKeyId},${world.alice.secretAccessKey}`);
      await page.getByRole('button', { name: 'Check all' }).click();
      await expect(page.getByTestId('bulk-results').getByRole('status').first()).toContainText('Checked 1 of 1.', { timeout: 30_000 });
      // secret-tool may crash after locking here (exit 139); the lock happens, and the page shows it.
      spawnSync('secret-tool', ['lock', '--collection=login'], { env: { ...process.env, ...keyring.env }, stdio: 'ignore' });
      await page.getByRole('button', { name: 'Save 1 ticked' }).click();
      await expect(page.getByTestId('bulk-saved')).toHaveText('Saved 0; 1 not saved (see their rows).');
      const row = page.getByTestId('bulk-row-1').getByRole('alert');
      await expect(row).toContainText('The keychain is locked');
      await expect(row).toContainText('Unlock your login keychain, then retry');
      expect(await cutOff(page)).toEqual({ pageScrolls: false, regions: [] });
    } finally {
      await close();
    }
  } finally {
    keyring.stop();
  }
});

test('the paste limit is what keyscope ui accepts, in bytes: a multi-byte paste under 900,000 characters is refused by the page, saying so; 1 MiB as sent is taken', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('bulk-bytes') });
  try {
    await go(page, '#/bulk');
    const sent: string[] = [];
    page.on('request', (r) => void (r.url().includes('/api/bulk:start') && sent.push(r.postData() ?? '')));
    const box = page.getByLabel('Key id and secret pairs, one a line');
    // 400,000 characters, 1,200,000 bytes: under the page's 900,000 characters, over the server's 1 MiB.
    await box.fill(`${world.alice.accessKeyId},${world.alice.secretAccessKey}\n${'€'.repeat(400_000)}`);
    await page.getByRole('button', { name: 'Check all' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('a bulk check takes at most 1,048,576 bytes (1 MiB)');
    await expect(alert).toContainText('A character outside ASCII takes 2 to 4 bytes');
    expect(sent).toEqual([]);

    // 1 MiB as sent, to the byte (the request is {"text":"…"}): the server takes it and the pair in it is checked.
    const pair = `${world.alice.accessKeyId},${world.alice.secretAccessKey}\n`;
    const whole = pair + 'x'.repeat((1 << 20) - Buffer.byteLength(JSON.stringify({ text: pair })));
    expect(Buffer.byteLength(JSON.stringify({ text: whole }))).toBe(1 << 20);
    await box.fill(`${whole}x`);
    await page.getByRole('button', { name: 'Check all' }).click();
    await expect(alert).toContainText('That list is 1,048,577 bytes once sent');
    expect(sent).toEqual([]);
    await box.fill(whole);
    await page.getByRole('button', { name: 'Check all' }).click();
    await expect(page.getByTestId('bulk-results').getByRole('status').first()).toContainText('Read 1 pair from the pasted text. Checked 1 of 1.', { timeout: 30_000 });
    expect(sent.map((b) => Buffer.byteLength(b))).toEqual([1 << 20]);
  } finally {
    await close();
  }
});

test('a file larger than a bulk check takes is refused by its size, unread; one that cannot be read says so and what to do (a spy on Blob.prototype.text counts the page\'s reads)', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('bulk-file') });
  try {
    await page.evaluate(() => {
      const read: number[] = [];
      (window as unknown as { reads: number[] }).reads = read;
      const text = Blob.prototype.text;
      Blob.prototype.text = function (this: Blob) {
        read.push(this.size);
        return text.call(this);
      };
    });
    await go(page, '#/bulk');
    // 2 MiB: read whole before its length was looked at (a file of some GB the same way, into the page's memory).
    await page.getByLabel('Choose accessKeys.csv…').setInputFiles({ name: 'accessKeys.csv', mimeType: 'text/csv', buffer: Buffer.alloc(2 << 20, 'AKIA,x\n') });
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('accessKeys.csv is 2,097,152 bytes; a bulk check takes at most 1,048,576 bytes (1 MiB).');
    await expect(alert).toContainText('Split the list and check it in parts');
    expect(await page.evaluate(() => (window as unknown as { reads: number[] }).reads)).toEqual([]);

    // A file deleted after it was chosen cannot be read: the failure was only logged to the console.
    const path = join(mkdtempSync(join(tmpdir(), 'keyscope-e2e-bulk-file-')), 'accessKeys.csv');
    writeFileSync(path, `Access key ID,Secret access key\n${world.bob.accessKeyId},${world.bob.secretAccessKey}\n`);
    const elsewhere = await chosenThenDeleted(page, path);
    await page.evaluate((selector) => {
      const data = new DataTransfer();
      data.items.add((document.querySelector(selector) as HTMLInputElement).files?.[0] as File);
      document.querySelector('form.bulk-input')?.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, elsewhere);
    await expect(alert).toContainText('accessKeys.csv could not be read');
    await expect(alert).toContainText('Choose or drop it again');
    await expect(page.getByTestId('bulk-results')).toHaveCount(0);
  } finally {
    await close();
  }
});
