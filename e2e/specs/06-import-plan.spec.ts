/** Import from ~/.aws: aliases, conflicts and a malformed file, shown before the import and done as shown. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness } from '../fixtures/harness';
import { expect, go, test } from './app';

const GOOD = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TYPO = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEx';
const section = (name: string, keyId: string, secret: string) => `[${name}]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n`;

test('one key in two profiles is imported once with its alias named; a key with two secrets is not imported; a malformed file is refused with its line', async ({ browser, world }, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'needs a harness with AWS files of its own');
  const home = mkdtempSync(join(tmpdir(), 'keyscope-e2e-import-'));
  mkdirSync(join(home, '.aws'));
  const credentials = join(home, '.aws', 'credentials');
  const config = join(home, '.aws', 'config');
  writeFileSync(credentials, section('prod', 'AKIAY34FZKBOKMUTVV7E', GOOD) + section('prod-copy', 'AKIAY34FZKBOKMUTVV7E', GOOD) + section('ci-typo', 'AKIAY34FZKBOKMUTVV7F', TYPO) + section('ci', 'AKIAY34FZKBOKMUTVV7F', GOOD));
  writeFileSync(config, '[profile prod]\nregion = eu-west-1\n');
  const harness = await startHarness({ ...world.harnessEnv, HOME: home, KEYSCOPE_HOME: join(home, 'keyscope') });
  try {
    const page = await browser.newPage();
    await page.goto(harness.url);
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
    await page.close();
  } finally {
    await harness.stop();
  }
});
