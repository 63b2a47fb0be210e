/**
 * `keyscope ui` open in many tabs of one browser. A browser opens at most six HTTP/1.1 connections to one host for
 * all its tabs' requests; each tab's events come over a connection that must not be one of those.
 */
import type { KeyscopeApi } from '../../shared/api-names';
import { freshHome, open } from './08-helpers';
import { expect, go, test } from './app';

test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name !== 'chromium', 'runs browser apps of its own'));

test('seven tabs of one browser each load and are answered, and events reach each: six tabs\' events held every connection the browser opens to the server, and the seventh never loaded', async ({ browser, world }) => {
  const { page, harness, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('tabs') });
  try {
    const tabs = [page];
    for (let i = 1; i < 7; i++) {
      const tab = await page.context().newPage();
      await tab.goto(harness.url, { timeout: 10_000 });
      tabs.push(tab);
    }
    for (const [i, tab] of tabs.entries()) {
      const answer = await tab.evaluate(() =>
        Promise.race([
          (window as unknown as { keyscope: KeyscopeApi }).keyscope.listProfiles({}).then((r) => (r.ok ? 'answered' : r.error.message)),
          new Promise((resolve) => setTimeout(() => resolve('no answer in 5 s'), 5000)),
        ]),
      );
      expect(answer, `tab ${i + 1}`).toBe('answered');
    }
    // A bulk check's results come as events: they reach the seventh tab.
    const last = tabs[6] ?? page;
    await go(last, '#/bulk');
    await last.getByLabel('Key id and secret pairs, one a line').fill(`${world.alice.accessKeyId},${world.alice.secretAccessKey}`);
    await last.getByRole('button', { name: 'Check all' }).click();
    await expect(last.getByTestId('bulk-results').getByRole('status').first()).toContainText('Checked 1 of 1.', { timeout: 20_000 });
  } finally {
    await close();
  }
});
