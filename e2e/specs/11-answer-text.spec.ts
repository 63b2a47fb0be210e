/// <reference lib="dom" />
/**
 * Text from outside keyscope as the page shows it (fault-server stand-in: moto answers only well-formed names): an
 * answer's right-to-left override, isolates and control characters are shown as visible escapes (`\u202e`, `\x1b`),
 * as the command line prints them, in every place that shows them (a check's result, the list, a profile's page, its
 * history, the STS tools, error boxes, the review); copy buttons still copy the exact value.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { SPOOFED, startFaultServer, type FaultServer } from '../fixtures/fault-server';
import { freshHome, open, saved } from './08-helpers';
import { expect, go, test } from './app';

const KEY = { id: 'AKIAY34FZKBOKMUTVV7A', secret: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
// The characters the command line escapes (electron/core/safe-text.ts): C0, DEL, C1 and the bidi controls.
// eslint-disable-next-line no-control-regex -- these are what must not reach the page raw
const RAW = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// The same but for the line breaks of text shown on its lines (pretty-printed JSON in a <pre>).
// eslint-disable-next-line no-control-regex -- as above
const RAW_BUT_LINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// SPOOFED's values as the command line prints them.
const SHOWN = {
  Arn: 'arn:aws:iam::012345678901:user/\\u202etoor\\u202c',
  UserId: 'AIDASPOOFED\\u2066EXAMPLE\\u2069',
  UserName: 'ops\\u202enimda\\x1b[8m',
  ServiceName: 's3\\x85',
  Region: 'eu-west-1\\u200f',
  AssumedRoleArn: 'arn:aws:sts::012345678901:assumed-role/r/\\u202es',
  FederatedUserArn: 'arn:aws:sts::012345678901:federated-user/\\u2067bob',
};

/** The text and every title (tooltip) in an element: what a person reads there. */
const shownIn = (where: Locator) => where.evaluate((el) => [el.textContent ?? '', ...[el, ...el.querySelectorAll('[title]')].map((e) => e.getAttribute('title') ?? '')].join(' '));

/**
 * Expects `where` to show each of `texts`, and no raw bidi or control character at all (not even in a tooltip), but
 * for the line breaks of text shown on its lines when `lines`.
 */
async function showsEscaped(where: Locator, texts: readonly string[], lines = false): Promise<void> {
  for (const t of texts) await expect(where).toContainText(t);
  expect(await shownIn(where), 'a raw bidi or control character').not.toMatch(lines ? RAW_BUT_LINES : RAW);
}

let faults: FaultServer;
test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name !== 'chromium', 'runs browser apps of its own, pointed at the fault server'));
test.beforeAll(async () => {
  faults = await startFaultServer();
});
test.afterAll(async () => {
  await faults?.stop();
});

const spoofed = (browser: Parameters<typeof open>[0], env: Record<string, string>, path: string, tag: string) => open(browser, { ...env, AWS_ENDPOINT_URL: `${faults.url}${path}`, KEYSCOPE_HOME: freshHome(tag) });

async function checkKey(page: Page): Promise<Locator> {
  await go(page, '#/add');
  await page.getByLabel('Access key id').fill(KEY.id);
  await page.getByLabel('Secret access key').fill(KEY.secret);
  await page.getByRole('button', { name: 'Check without saving' }).click();
  return page.getByTestId('check-result');
}

test("an answer's ARN, user id, last-used service and region are shown escaped in the check, the list, the profile's page and its history; Copy copies them exact", async ({ browser, world }) => {
  const { page, close } = await spoofed(browser, world.harnessEnv, '/spoofed/', 'spoofed-identity');
  try {
    const result = await checkKey(page);
    await expect(result).toContainText('Valid');
    await showsEscaped(result, [SHOWN.Arn, SHOWN.UserId, SHOWN.ServiceName, SHOWN.Region]);
    await result.getByRole('button', { name: 'Copy the ARN' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(SPOOFED.Arn);

    await page.getByLabel('Save as').fill('spoofed');
    await page.getByRole('button', { name: 'Save to keychain' }).click();
    await expect(page.getByTestId('detail-arn')).toBeVisible();
    await showsEscaped(page.getByTestId('detail-arn'), [SHOWN.Arn]);
    await showsEscaped(page.getByTestId('detail-user-id'), [SHOWN.UserId]);
    await showsEscaped(page.getByTestId('detail-last-used'), [SHOWN.ServiceName, SHOWN.Region]);
    await showsEscaped(page.getByTestId('check-history'), [SHOWN.Arn]);
    await page.getByRole('button', { name: 'Copy the user id' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(SPOOFED.UserId);

    await go(page, '#/profiles');
    await showsEscaped(page.getByTestId('profile-owner-spoofed'), ['user/\\u202etoor\\u202c']);
  } finally {
    await close();
  }
});

test("the STS tools show the answer's ARNs escaped: whose the temporary credentials are, and all their details", async ({ browser, world }) => {
  const { page, close } = await spoofed(browser, world.harnessEnv, '/spoofed/', 'spoofed-tools');
  try {
    await saved(page, 'signer', KEY.id, KEY.secret);
    await page.reload();
    await go(page, '#/tools');
    await page.getByLabel('Role ARN').fill('arn:aws:iam::012345678901:role/r');
    await page.getByLabel('Session name').fill('e2e');
    await page.getByRole('button', { name: 'Run' }).click();
    const creds = page.getByRole('region', { name: 'Temporary credentials' });
    await showsEscaped(creds.getByTestId('temp-identity'), [SHOWN.Arn]);
    await creds.getByText('All details').click();
    await showsEscaped(creds, [SHOWN.AssumedRoleArn], true);

    await page.getByRole('tab', { name: 'Federation token' }).click();
    await page.getByLabel('Federated user name').fill('bob');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('region', { name: 'Temporary credentials' }).getByText('All details').click();
    await showsEscaped(page.getByRole('region', { name: 'Temporary credentials' }), [SHOWN.FederatedUserArn], true);
  } finally {
    await close();
  }
});

test("a decoded message's text is shown escaped, in its summary, its tree and as text, line breaks kept", async ({ browser, world }) => {
  const { page, close } = await spoofed(browser, world.harnessEnv, '/ok/', 'spoofed-decode');
  try {
    await saved(page, 'signer', KEY.id, KEY.secret, false);
    await page.reload();
    await go(page, '#/tools');
    await page.getByRole('tab', { name: 'Decode a message' }).click();
    const action = 'ec2:\u202eRunInstances';
    const resource = 'arn:aws:ec2:::instance/\u2066i-1\u2069';
    const message = { allowed: false, explicitDeny: true, context: { principal: { arn: SPOOFED.Arn }, action, resource, 'key\u200f': 'value\u0085' } };
    await page.getByLabel('Encoded authorization message').fill(Buffer.from(JSON.stringify(message)).toString('base64'));
    await page.getByRole('button', { name: 'Run' }).click();
    await showsEscaped(page.getByTestId('decoded-summary'), [SHOWN.Arn, 'ec2:\\u202eRunInstances', 'instance/\\u2066i-1\\u2069']);
    await showsEscaped(page.getByTestId('decoded'), ['key\\u200f', '"value\\u0085"']);

    // Not JSON: the text itself, pretty-printed, its lines and tabs as they are.
    const text = 'Denied\tby \u202eyciloP\nsecond line\u001b[2J';
    await page.getByLabel('Encoded authorization message').fill(Buffer.from(text).toString('base64'));
    await page.getByRole('button', { name: 'Run' }).click();
    const pre = page.getByTestId('decoded').locator('pre');
    await expect(pre).toHaveText('Denied\tby \\u202eyciloP\nsecond line\\x1b[2J');
  } finally {
    await close();
  }
});

test("a server's error code and message are shown escaped in the error box, the profile's page, its history and the list", async ({ browser, world }) => {
  const { page, close } = await spoofed(browser, world.harnessEnv, '/hostile-error/', 'spoofed-error');
  try {
    const result = await checkKey(page);
    await expect(result.getByRole('alert')).toBeVisible();
    await showsEscaped(result, ['Odd\\x1b[31mCode', '\\x1b]0;pwned\\x07\\x1b[2J', 'forged line \\u202eright-to-left']);

    const id = await saved(page, 'failing', KEY.id, KEY.secret);
    await page.reload();
    await go(page, `#/profile/${id}`);
    await expect(page.getByTestId('check-history')).toBeVisible();
    await showsEscaped(page.getByRole('alert').first(), ['forged line \\u202eright-to-left']);
    await showsEscaped(page.getByTestId('check-history'), ['Odd\\x1b[31mCode', 'forged line \\u202eright-to-left']);
    await go(page, '#/profiles');
    await showsEscaped(page.getByTestId('profile-row-failing'), ['could not check']);
  } finally {
    await close();
  }
});

test("a review of a profile whose answers held bidi and control characters shows its user escaped, in the table and on the finding's page", async ({ browser, world }) => {
  const { page, close } = await spoofed(browser, world.harnessEnv, '/spoofed/', 'spoofed-review');
  try {
    await saved(page, 'spoofed', KEY.id, KEY.secret);
    await page.reload();
    await go(page, '#/review');
    // Its last use (2026-11-01, from /spoofed/) is old enough for a finding naming its user and where it was used.
    await page.getByLabel('Unused after (days)').fill('1');
    await page.getByRole('button', { name: 'Run the review' }).click();
    const table = page.getByRole('table', { name: 'Findings' });
    await expect(table).toBeVisible();
    await showsEscaped(table, [`user ${SHOWN.UserName}`]);
    await table.getByRole('link').first().click();
    await showsEscaped(page.getByRole('article'), [SHOWN.UserName, SHOWN.ServiceName, SHOWN.Region]);
  } finally {
    await close();
  }
});

test("a bulk check shows each answer's ARN and account escaped, in the row and its tooltip", async ({ browser, world }) => {
  const { page, close } = await spoofed(browser, world.harnessEnv, '/spoofed/', 'spoofed-bulk');
  try {
    await go(page, '#/bulk');
    await page.getByLabel('Key id and secret pairs, one a line').fill(`${KEY.id},${KEY.secret}`);
    await page.getByRole('button', { name: 'Check all' }).click();
    await expect(page.getByTestId('bulk-row-1')).toContainText('valid');
    await showsEscaped(page.getByTestId('bulk-row-1'), ['user/\\u202etoor\\u202c']);
  } finally {
    await close();
  }
});

test("names from the AWS files are shown escaped when imported: the candidate's alias, and the notes the import writes with it", async ({ browser, world }) => {
  const home = freshHome('spoofed-import');
  mkdirSync(join(home, '.aws'));
  // One key in two profiles: the second's name (the alias) holds a right-to-left override and a C1 control.
  const section = (name: string) => `[${name}]\naws_access_key_id = ${KEY.id}\naws_secret_access_key = ${KEY.secret}\n`;
  writeFileSync(join(home, '.aws', 'credentials'), section('prod') + section('ops\u202etset\u0085'));
  const { page, close } = await open(browser, { ...world.harnessEnv, HOME: home, KEYSCOPE_HOME: join(home, 'keyscope') });
  try {
    await go(page, '#/import');
    const candidate = page.getByRole('group', { name: 'Profiles with static keys' });
    await showsEscaped(candidate, ['also in ops\\u202etset\\x85']);
    await page.getByRole('button', { name: 'Import 1 selected' }).click();
    await expect(page.getByRole('status')).toContainText('Imported 1: prod (also in ops\\u202etset\\x85)');
    await go(page, '#/profiles');
    await showsEscaped(page.getByTestId('profile-row-prod'), ['ops\\u202etset\\x85']);
    await page.getByRole('link', { name: 'prod' }).click();
    await showsEscaped(page.getByTestId('detail-notes'), ['the same key is also in profile ops\\u202etset\\x85.']);
  } finally {
    await close();
  }
});
