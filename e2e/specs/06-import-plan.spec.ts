/** Import from ~/.aws: aliases, conflicts, a malformed file and files not read at all, shown before the import and done as shown. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startHarness } from '../fixtures/harness';
import { expect, go, test } from './app';

const GOOD = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TYPO = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEx';
const section = (name: string, keyId: string, secret: string) => `[${name}]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n`;

/** A new HOME with an empty ~/.aws, and where its two files go. */
function awsHome() {
  const home = mkdtempSync(join(tmpdir(), 'keyscope-e2e-import-'));
  mkdirSync(join(home, '.aws'));
  return { home, credentials: join(home, '.aws', 'credentials'), config: join(home, '.aws', 'config') };
}

type AwsFiles = ReturnType<typeof awsHome>;

/** Writes the AWS files of a new HOME, starts a harness on it, runs `body` on a page open at the app, then cleans up. */
async function withAwsFiles(browser: Browser, harnessEnv: NodeJS.ProcessEnv, write: (files: AwsFiles) => void, body: (page: Page, files: AwsFiles) => Promise<void>) {
  const files = awsHome();
  write(files);
  const harness = await startHarness({ ...harnessEnv, HOME: files.home, KEYSCOPE_HOME: join(files.home, 'keyscope') });
  try {
    const page = await browser.newPage();
    await page.goto(harness.url);
    await body(page, files);
    await page.close();
  } finally {
    await harness.stop();
    rmSync(files.home, { recursive: true, force: true });
  }
}

test('one key in two profiles is imported once with its alias named; a key with two secrets is not imported; a malformed file is refused with its line', async ({ browser, world }, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'needs a harness with AWS files of its own');
  await withAwsFiles(
    browser,
    world.harnessEnv,
    ({ credentials, config }) => {
      writeFileSync(credentials, section('prod', 'AKIAY34FZKBOKMUTVV7E', GOOD) + section('prod-copy', 'AKIAY34FZKBOKMUTVV7E', GOOD) + section('ci-typo', 'AKIAY34FZKBOKMUTVV7F', TYPO) + section('ci', 'AKIAY34FZKBOKMUTVV7F', GOOD));
      writeFileSync(config, '[profile prod]\nregion = eu-west-1\n');
    },
    async (page, { config }) => {
      await go(page, '#/import');
      await expect(page.getByRole('checkbox', { name: /prod/ })).toBeChecked();
      await expect(page.getByText('also in prod-copy (same key and secret, saved once)')).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Conflicts: nothing imported for these keys' })).toBeVisible();
      await expect(page.getByText(/ci-typo, ci: the key AKIA\*+VV7F has different secrets in profiles ci-typo and ci: none of them is imported/)).toBeVisible();
      await expect(page.getByRole('checkbox')).toHaveCount(1); // what the preview offers is one key, not four profiles
      await page.getByRole('button', { name: 'Import 1 selected' }).click();
      await expect(page.getByRole('status')).toHaveText('Imported 1: prod (also in prod-copy).');
      await go(page, '#/profiles');
      await expect(page.getByTestId('profile-row-prod')).toBeVisible();
      await expect(page.getByTestId('profile-row-ci')).toHaveCount(0);
      await expect(page.getByTestId('profile-row-ci-typo')).toHaveCount(0);

      // A line the AWS CLI would refuse: the whole file is not read, and the line is named.
      writeFileSync(config, `[profile prod]\nregion = eu-west-1\n${GOOD}\n${section('profile dave', 'AKIAY34FZKBOKMUTVV7G', GOOD)}`);
      await go(page, '#/import');
      await expect(page.getByRole('alert')).toContainText('Not read: the AWS CLI would refuse this file too');
      await expect(page.getByRole('alert')).toContainText(`${config} line 3: is neither a [section] header`);
      await expect(page.getByText(/^dave: not read: /)).toBeVisible();
      await expect(page.getByText(GOOD)).toHaveCount(0);
    },
  );
});

test('a file refused for no line of its own (over 1 MiB, a FIFO) is "Not read" with its reason, not one the AWS CLI would refuse, and nothing in it is imported', async ({ browser, world }, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'needs a harness with AWS files of its own');
  await withAwsFiles(
    browser,
    world.harnessEnv,
    ({ credentials, config }) => {
      // Every line is one the AWS CLI reads: only the size (over read-bounded.ts's 1 MiB) refuses it.
      const padding = '# padding\n'.repeat(Math.ceil((1 << 20) / 10) + 1);
      writeFileSync(credentials, section('big', 'AKIAY34FZKBOKMUTVV7H', GOOD) + padding);
      writeFileSync(config, section('profile ok', 'AKIAY34FZKBOKMUTVV7J', GOOD));
    },
    async (page, { credentials, config }) => {
      await go(page, '#/import');
      const alert = page.getByRole('alert');
      await expect(alert.locator('strong')).toHaveText('Not read');
      await expect(alert).not.toContainText('AWS CLI');
      await expect(alert).toContainText(`Nothing in ${credentials} is imported. It was not read:`);
      await expect(alert).not.toContainText('Fix these lines');
      await expect(alert.getByRole('listitem')).toHaveText([`${credentials} is larger than 1 MiB`]);
      await expect(page.getByRole('checkbox')).toHaveCount(1); // ok, from the config file; not big
      await expect(page.getByRole('checkbox', { name: /ok/ })).toBeChecked();
      await expect(page.getByText(/VV7H/)).toHaveCount(0);
      await page.getByRole('button', { name: 'Import 1 selected' }).click();
      await expect(page.getByRole('status')).toHaveText('Imported 1: ok.');
      await go(page, '#/profiles');
      await expect(page.getByTestId('profile-row-ok')).toBeVisible();
      await expect(page.getByTestId('profile-row-big')).toHaveCount(0);

      // A FIFO beside a malformed file: one of the two is not one the AWS CLI refuses, so neither is the heading's claim.
      rmSync(credentials);
      execFileSync('mkfifo', [credentials]);
      writeFileSync(config, `[profile ok]\n${GOOD}\n`);
      await go(page, '#/import');
      await expect(alert.locator('strong')).toHaveText('Not read');
      await expect(alert).toContainText(`Nothing in ${credentials} is imported. It was not read:`);
      await expect(alert).toContainText(`${credentials} is a FIFO (named pipe), not a regular file`);
      await expect(alert).toContainText(`Nothing in ${config} is imported. Fix these lines, then reload:`);
      await expect(alert).toContainText(`${config} line 2: is neither a [section] header`);
      await expect(page.getByText('No profile with a static key is waiting to be imported.')).toBeVisible();
    },
  );
});

test('a double click on Import imports once and says so: the second click does not report the profiles it just saved as not imported', async ({ browser, world }, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'needs a harness with AWS files of its own');
  await withAwsFiles(
    browser,
    world.harnessEnv,
    ({ credentials }) => {
      writeFileSync(credentials, section('one', 'AKIAY34FZKBOKMUTVV7K', GOOD) + section('two', 'AKIAY34FZKBOKMUTVV7L', GOOD));
    },
    async (page) => {
      await go(page, '#/import');
      await expect(page.getByRole('checkbox')).toHaveCount(2);
      const runs: string[] = [];
      page.on('request', (r) => void (r.url().includes('/api/import:run') && runs.push(r.url())));
      await page.getByRole('button', { name: 'Import 2 selected' }).dblclick();
      await expect(page.getByText('No profile with a static key is waiting to be imported.')).toBeVisible();
      await expect(page.getByRole('status')).toHaveText('Imported 2: one, two.');
      expect(runs).toHaveLength(1);
    },
  );
});

test('a binary file is "Not read" in one sentence, with no profiles named with its bytes; a file of 100,000 problems lists its first 10 and how many more', async ({ browser, world }, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'needs a harness with AWS files of its own');
  await withAwsFiles(
    browser,
    world.harnessEnv,
    ({ credentials, config }) => {
      // Headers among bytes of every value: each "[…]" was listed as a skipped profile, under ~400 problems.
      writeFileSync(credentials, Buffer.concat(Array.from({ length: 400 }, (_, i) => Buffer.concat([Buffer.from(`\n[p${i}]\n`), Buffer.from(Array.from({ length: 400 }, (_, j) => (i * 31 + j * 7) % 256))]))));
      writeFileSync(config, '[default]\n'.repeat(100_000)); // 1,000,000 bytes: within the 1 MiB read
    },
    async (page, { credentials, config }) => {
      await go(page, '#/import');
      const alert = page.getByRole('alert');
      await expect(alert).toContainText(`Nothing in ${credentials} is imported. It was not read:`);
      const repeated = (n: number) => `${config} line ${n}: the section [default] appears a second time (first on line 1)`;
      await expect(alert.getByRole('listitem')).toHaveText([
        `${credentials} is not a text file: it holds NUL bytes (a binary file, or text saved as UTF-16: save it as UTF-8)`,
        ...Array.from({ length: 10 }, (_, i) => repeated(i + 2)),
        'and 99,989 more problems in this file',
      ]);
      await expect(page.getByRole('heading', { name: 'Not imported' })).toBeVisible();
      await expect(page.getByRole('listitem').filter({ hasText: /^default: not read: / })).toHaveCount(1);
      await expect(page.getByText(/^p\d+/)).toHaveCount(0);
    },
  );
});

test('a refused file of 100,000 sections shows its first 10 profiles as not imported, then how many more (each was listed, repeating the first problem: 24 MB sent to the page)', async ({ browser, world }, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'needs a harness with AWS files of its own');
  await withAwsFiles(
    browser,
    world.harnessEnv,
    ({ credentials, config }) => {
      writeFileSync(credentials, `oops\n${Array.from({ length: 100_000 }, (_, i) => `[p${i}]\n`).join('')}`);
      writeFileSync(config, section('profile kim', 'AKIAY34FZKBOKMUTVV7M', GOOD));
    },
    async (page, { credentials }) => {
      const preview = page.waitForResponse((r) => r.url().includes('/api/import:preview'));
      await go(page, '#/import');
      expect((await (await preview).body()).length).toBeLessThan(10_000);
      await expect(page.getByRole('checkbox', { name: /kim/ })).toBeChecked();
      const notRead = `not read: ${credentials} (line 1: a line comes before any [section] header), where it is defined, cannot be used`;
      const list = page.getByRole('list').filter({ has: page.getByText(`p0: ${notRead}`) });
      await expect(list.getByRole('listitem')).toHaveText([...Array.from({ length: 10 }, (_, i) => `p${i}: ${notRead}`), `and 99,990 more profiles defined in ${credentials}, not read for the same reason`]);
    },
  );
});
