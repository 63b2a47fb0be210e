/// <reference lib="dom" />
/**
 * The Review view in Chromium: key ids pasted one per line ("any secret after an id is dropped"), reviewed online with
 * a loopback server counting what is sent (nothing); and the findings table sorted as its sort list says (most severe
 * first, by check, by resource, new first, oldest data first), on findings whose order differs under each.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { keyIdForAccount, readReport } from '../../electron/core/review/test-kit';
import type { KeyscopeApi } from '../../shared/api-names';
import { freshHome, mask, open } from './08-helpers';
import { expect, test } from './app';

const CANARY = keyIdForAccount('052310077262', 6, 6); // a Thinkst Canarytokens account, made for the test
const OTHER = keyIdForAccount('999988887777', 7, 7);
const OURS = keyIdForAccount('111122223333', 8, 8);
const FIRST = keyIdForAccount('000011112222', 9, 9);
const SECRETS = ['wJalrXUtnFEMIK7MDENGbPxRfiCYe2ePastedONE1', 'wJalrXUtnFEMIK7MDENGbPxRfiCYe2ePastedTWO2', 'wJalrXUtnFEMIK7MDENGbPxRfiCYe2ePastedTRE3'] as const;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

let server: Server;
let endpoint: string;
let requests = 0;

test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name !== 'chromium', 'runs browser apps of its own'));
test.beforeAll(async () => {
  // "AWS" for these apps: it counts what reaches it.
  server = createServer((req, res) => {
    requests += 1;
    req.resume();
    res.writeHead(403, { 'content-type': 'text/xml' }).end('<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>no</Message></Error></ErrorResponse>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
test.afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

/** The findings table's rows as shown, once the answer to its latest filter or sort is in: severity, check, resource and status of each. */
async function rows(page: Page): Promise<Array<{ severity: string; check: string; resource: string; status: string }>> {
  await page.locator('table[aria-labelledby="findings-title"][aria-busy="false"]').waitFor();
  return page.locator('table[aria-labelledby="findings-title"] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = [...tr.querySelectorAll('td, th')].map((c) => (c.textContent ?? '').trim());
      return { severity: cells[0] ?? '', check: cells[2] ?? '', resource: cells[3] ?? '', status: cells[4] ?? '' };
    }),
  );
}

async function sortBy(page: Page, label: string) {
  await page.getByLabel('Sort findings by').selectOption({ label });
}

test('key ids pasted one per line: each reviewed once, every secret dropped, nothing sent, the ids masked', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('review-pasted'), AWS_ENDPOINT_URL: endpoint });
  await page.getByRole('link', { name: 'Review', exact: true }).click();
  await page.getByRole('radio', { name: 'None' }).check();
  await page.getByLabel('Key ids to analyse (optional), one per line').fill([`${OTHER} ${SECRETS[0]}`, `${CANARY},${SECRETS[1]}`, '', `${OURS}\t${SECRETS[2]}`, OTHER].join('\n'));
  await page.getByLabel('Expected accounts (optional)').fill('111122223333');
  // Online: the review may send, and still a pasted secret is never used.
  await page.getByLabel('Offline: send nothing').uncheck();
  requests = 0;
  await page.getByRole('button', { name: 'Run the review' }).click();

  const result = page.getByTestId('review-result');
  await expect(result.getByRole('list', { name: 'Sources' })).toContainText('pasted key ids: 3 keys');
  await expect(result.getByRole('list', { name: 'Notes' })).toContainText('pasted key ids: 3 key ids (3 long-term), 1 repeated; 3 secrets ignored (never kept, never sent).');
  await expect(page.getByRole('status').filter({ hasText: 'shown' })).toHaveText('3 of 3 findings shown');
  expect((await rows(page)).map((r) => `${r.check} ${r.resource}`)).toEqual([
    `canary-key ${mask(CANARY)}, account 052310077262`,
    `unexpected-account ${mask(CANARY)}, account 052310077262`,
    `unexpected-account ${mask(OTHER)}, account 999988887777`,
  ]);
  expect(requests).toBe(0);
  // What the page shows of the review: ids masked, no secret.
  const shown = await result.innerHTML();
  for (const text of [...SECRETS, CANARY, OTHER, OURS]) expect(shown).not.toContain(text);

  // A paste whose line starts with something else is refused by its line number, and the line is not quoted.
  await page.getByLabel('Key ids to analyse (optional), one per line').fill(`${OTHER}\n${SECRETS[0]} ${OURS}`);
  await page.getByRole('button', { name: 'Run the review' }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'Line 2 of pasted key ids does not start with a key id' });
  await expect(refusal).toBeVisible();
  expect(await refusal.innerHTML()).not.toContain(SECRETS[0]);
  expect(requests).toBe(0);
  await close();
});

test('the findings table sorts as its list says: most severe first, by check, by resource, new first, oldest data first', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('review-sort'), AWS_ENDPOINT_URL: endpoint });
  await page.getByRole('link', { name: 'Review', exact: true }).click();
  await page.getByRole('radio', { name: 'None' }).check();
  // A credential report as of 2025-06-30 (critical, medium, low) and pasted ids as of now (high).
  await page.getByLabel('Import a credential report (CSV)').setInputFiles({ name: 'thresholds.csv', mimeType: 'text/csv', buffer: Buffer.from(readReport('thresholds.csv')) });
  await expect(page.getByText(/thresholds\.csv: \d+ keys read\./)).toBeVisible();
  await page.getByLabel("Reports' data as of (optional)").fill('2025-06-30');
  const keys = page.getByLabel('Key ids to analyse (optional), one per line');
  await keys.fill(`${OTHER}\n${CANARY}`);
  await page.getByLabel('Expected accounts (optional)').fill('111122223333');
  await page.getByRole('button', { name: 'Run the review' }).click();
  await expect(page.getByTestId('review-since')).toContainText('This is the first review');

  // The default: severity, most severe first.
  await expect(page.getByLabel('Sort findings by')).toHaveValue('severity');
  const bySeverity = await rows(page);
  expect(bySeverity.length).toBeGreaterThan(6);
  const rank = bySeverity.map((r) => SEVERITIES.indexOf(r.severity));
  expect(rank).toEqual([...rank].sort((a, b) => a - b));
  expect(bySeverity.map((r) => r.severity)).toEqual(expect.arrayContaining(['critical', 'high', 'medium', 'low']));
  expect(bySeverity[0]?.severity).toBe('critical');

  // By check: alphabetical, which is not the severity order here.
  await sortBy(page, 'check');
  const byCheck = (await rows(page)).map((r) => r.check);
  expect(byCheck).toEqual([...byCheck].sort((a, b) => a.localeCompare(b)));
  expect(byCheck).not.toEqual(bySeverity.map((r) => r.check));
  expect(byCheck.slice().sort()).toEqual(bySeverity.map((r) => r.check).sort());

  // By resource: as each row names it.
  await sortBy(page, 'resource');
  const byResource = (await rows(page)).map((r) => r.resource);
  expect(byResource).toEqual([...byResource].sort((a, b) => a.localeCompare(b)));
  expect(byResource).not.toEqual(bySeverity.map((r) => r.resource));

  // Oldest data first: the report's findings (2025-06-30) before the pasted ids' (now), each part most severe first.
  await sortBy(page, 'data age (oldest first)');
  const byAge = await rows(page);
  const pasted = (r: { resource: string }) => r.resource.includes(mask(OTHER)) || r.resource.includes(mask(CANARY));
  const firstPasted = byAge.findIndex(pasted);
  expect(firstPasted).toBeGreaterThan(0);
  expect(byAge.slice(firstPasted).every(pasted)).toBe(true);
  expect(byAge.slice(0, firstPasted).map((r) => r.severity)).toEqual(bySeverity.filter((r) => !pasted(r)).map((r) => r.severity));
  expect(byAge.map((r) => r.severity)).not.toEqual(bySeverity.map((r) => r.severity));

  // New first: a second review with one more id; its finding is the only new one and comes first.
  await sortBy(page, 'severity (most severe first)');
  await keys.fill(`${OTHER}\n${CANARY}\n${FIRST}`);
  await page.getByRole('button', { name: 'Run the review' }).click();
  await expect(page.getByTestId('review-since')).toContainText(/: 1 new, \d+ unchanged, 0 resolved\./);
  const second = await rows(page);
  expect(second[0]?.status).toBe('unchanged');
  await sortBy(page, 'new first');
  const byNew = await rows(page);
  expect(byNew[0]).toMatchObject({ status: 'new', check: 'unexpected-account', resource: `${mask(FIRST)}, account 000011112222` });
  expect(byNew.slice(1).every((r) => r.status === 'unchanged')).toBe(true);
  await close();
});

test('a review of many findings lists them 500 at a time, with the rest a button away; filters and sorts cover them all', async ({ browser, world }) => {
  // 1,500 users, each with one active key never used since 2020: 3,000 findings (never used, not rotated).
  const header = readReport('thresholds.csv').split('\n')[0] as string;
  const users = Array.from({ length: 1500 }, (_, i) => `u${i},arn:aws:iam::111122223333:user/u${i},2020-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2020-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`);
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('review-many'), AWS_ENDPOINT_URL: endpoint });
  try {
    await page.getByRole('link', { name: 'Review', exact: true }).click();
    await page.getByRole('radio', { name: 'None' }).check();
    await page.getByLabel('Import a credential report (CSV)').setInputFiles({ name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...users].join('\n')) });
    await expect(page.getByText('many.csv: 1500 keys read.')).toBeVisible();
    await page.getByRole('button', { name: 'Run the review' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'shown' })).toHaveText('3000 of 3000 findings shown');
    const listed = page.locator('table[aria-labelledby="findings-title"] tbody tr');
    await expect(listed).toHaveCount(500);
    await page.getByRole('button', { name: 'List 500 more (500 of 3000 listed)' }).click();
    await expect(listed).toHaveCount(1000);
    // Sorted by resource over all 3,000, not the 1,000 listed: u999's come after u1499's.
    await sortBy(page, 'resource');
    const byResource = (await rows(page)).map((r) => r.resource);
    expect(byResource).toHaveLength(500);
    expect(byResource).toEqual([...byResource].sort((a, b) => a.localeCompare(b)));
    expect(byResource[0]).toBe('user u0, access_key_1, account 111122223333');
    expect(byResource.at(-1)).toBe('user u1221, access_key_1, account 111122223333');
    await page.getByLabel('Filter by check').selectOption('access-key-never-used');
    await expect(page.getByRole('status').filter({ hasText: 'shown' })).toHaveText('1500 of 3000 findings shown');
    await expect(listed).toHaveCount(500);
  } finally {
    await close();
  }
});

test('a sort whose findings cannot be listed (the review let go: five more ran since) lists nothing, says why, and offers to try again', async ({ browser, world }) => {
  const { page, close } = await open(browser, { ...world.harnessEnv, KEYSCOPE_HOME: freshHome('review-gone'), AWS_ENDPOINT_URL: endpoint });
  try {
    await page.getByRole('link', { name: 'Review', exact: true }).click();
    await page.getByRole('radio', { name: 'None' }).check();
    await page.getByLabel('Key ids to analyse (optional), one per line').fill(`${OTHER}\n${CANARY}`);
    await page.getByLabel('Expected accounts (optional)').fill('111122223333');
    await page.getByRole('button', { name: 'Run the review' }).click();
    expect((await rows(page)).length).toBeGreaterThan(1);
    // Five reviews more, run through the page's API (setup, not what is under test): the app holds five, and lets
    // the one shown go.
    await page.evaluate(async (key) => {
      const api = (window as unknown as { keyscope: KeyscopeApi }).keyscope;
      for (let i = 0; i < 5; i += 1) {
        const ended = new Promise<void>((resolve) => {
          const off = api.on('review:done', () => (off(), resolve()));
        });
        const started = await api.runReview({ offline: true, keys: key });
        if (!started.ok) throw new Error(started.error.message);
        await ended;
      }
    }, OURS);

    await sortBy(page, 'check');
    // The rows sorted by severity stayed under "Sort findings by: check", and the status said "Listing findings…"
    // with nothing asked.
    await expect(page.getByRole('alert')).toContainText('The findings could not be listed');
    await expect(page.getByRole('alert')).toContainText('That review is no longer held');
    await expect(page.getByRole('status').filter({ hasText: 'findings' })).toHaveText('No findings listed.');
    await expect(page.locator('table[aria-labelledby="findings-title"] tbody tr')).toHaveCount(0);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('alert')).toContainText('That review is no longer held');
    await expect(page.getByRole('status').filter({ hasText: 'findings' })).toHaveText('No findings listed.');

    // Run again, as the failure says: listed in the sort shown.
    await page.getByRole('button', { name: 'Run the review' }).click();
    const byCheck = (await rows(page)).map((r) => r.check);
    expect(byCheck.length).toBeGreaterThan(1);
    expect(byCheck).toEqual([...byCheck].sort((a, b) => a.localeCompare(b)));
    await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  } finally {
    await close();
  }
});
