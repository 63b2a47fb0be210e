/// <reference lib="dom" />
/** STS tools: temporary credentials, whose they are, countdown, reveal, copy, save; decode; key info; errors. */
import { startFaultServer } from '../fixtures/fault-server';
import { startHarness } from '../fixtures/harness';
import { expect, go, signWith, test } from './app';

test('assume a role: whose credentials came back, counting down, masked until revealed, copied, saved', async ({ app, world }) => {
  await go(app, '#/tools');
  await signWith(app, 'alice');
  await app.getByLabel('Role ARN').fill('arn:aws:iam::123456789012:role/auditor');
  await app.getByLabel('Session name').fill('review');
  await app.getByLabel('Duration in seconds, 900 to 43200 (optional)').fill('900');
  await app.getByRole('button', { name: 'Run' }).click();
  await expect(app.getByTestId('temp-identity')).toHaveText('arn:aws:sts::123456789012:assumed-role/auditor/review');
  const countdown = app.getByTestId('temp-countdown');
  await expect(countdown).toHaveText(/^1[45]:\d\d left$/);
  const first = await countdown.textContent();
  await expect(countdown).not.toHaveText(first as string);
  await expect(app.getByTestId('temp-secret')).toHaveText('•'.repeat(16));
  await app.getByRole('button', { name: 'Reveal' }).click();
  await expect(app.getByTestId('temp-secret')).not.toHaveText('•'.repeat(16));
  await app.getByRole('button', { name: 'Hide' }).click();
  await expect(app.getByTestId('temp-secret')).toHaveText('•'.repeat(16));

  await app.getByRole('button', { name: 'Copy as environment exports' }).click();
  await expect(app.getByText('Copied as environment exports.')).toBeVisible();
  const clip = await app.evaluate(() => navigator.clipboard.readText());
  expect(clip).toMatch(/^export AWS_ACCESS_KEY_ID='ASIA[A-Z0-9]+'\nexport AWS_SECRET_ACCESS_KEY='\S+'\nexport AWS_SESSION_TOKEN='\S+'\n$/);
  await app.getByRole('button', { name: 'Copy as credential_process JSON' }).click();
  await expect(app.getByText('Copied as credential_process JSON.')).toBeVisible();
  expect(JSON.parse(await app.evaluate(() => navigator.clipboard.readText()))).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
  await app.getByRole('button', { name: 'Copy as a credentials-file section' }).click();
  await expect(app.getByText('Copied as a credentials-file section.')).toBeVisible();
  expect(await app.evaluate(() => navigator.clipboard.readText())).toMatch(/^\[keyscope-temp\]\naws_access_key_id = ASIA/);

  await app.getByLabel('Profile name for these credentials').fill('auditor-review');
  await app.getByRole('button', { name: 'Save as profile' }).click();
  await expect(app.getByText('Saved as “auditor-review”.', { exact: false })).toBeVisible();
  await expect(app.getByRole('button', { name: 'Reveal' })).toBeDisabled();
  await go(app, '#/profiles');
  await expect(app.getByTestId('profile-row-auditor-review')).toContainText('n/a');
  expect(await app.content()).not.toContain(world.alice.secretAccessKey);
});

test('a role the key may not assume: the denial in plain words', async ({ app }) => {
  await go(app, '#/tools');
  await signWith(app, 'carol');
  await app.getByLabel('Role ARN').fill('arn:aws:iam::123456789012:role/auditor');
  await app.getByLabel('Session name').fill('nope');
  await app.getByRole('button', { name: 'Run' }).click();
  const alert = app.getByRole('alert');
  await expect(alert).toContainText('its policies do not allow this action');
  await expect(alert).toContainText('AccessDenied (HTTP 403)');
});

test('a parameter outside the limits is refused before anything is sent, naming it', async ({ app }) => {
  await go(app, '#/tools');
  await app.getByLabel('Role ARN').fill('arn:aws:iam::123456789012:role/auditor');
  await app.getByLabel('Session name').fill('x');
  await app.getByRole('button', { name: 'Run' }).click();
  await expect(app.getByRole('alert')).toContainText('RoleSessionName is too short');
});

test('session token and federation token', async ({ app }) => {
  await go(app, '#/tools');
  await app.getByRole('tab', { name: 'Federation token' }).click();
  await signWith(app, 'alice');
  await app.getByLabel('Federated user name').fill('partner');
  await app.getByRole('button', { name: 'Run' }).click();
  await expect(app.getByTestId('temp-identity')).toHaveText(/federated-user\/partner$/);
  await app.getByRole('tab', { name: 'Session token (MFA)' }).click();
  await app.getByLabel('MFA device ARN (optional)').fill('arn:aws:iam::123456789012:mfa/alice');
  await app.getByLabel('MFA code (optional)').fill('12ab');
  await app.getByRole('button', { name: 'Run' }).click();
  await expect(app.getByRole('alert')).toContainText('TokenCode has characters that are not allowed');
  await app.getByLabel('MFA device ARN (optional)').fill('');
  await app.getByLabel('MFA code (optional)').fill('');
  await app.getByRole('button', { name: 'Run' }).click();
  await expect(app.getByTestId('temp-countdown')).toBeVisible();
});

test('access-key info tells the owning account; decode explains when the service refuses', async ({ app, world }) => {
  await go(app, '#/tools');
  await app.getByRole('tab', { name: 'Access-key info' }).click();
  await signWith(app, 'alice');
  await app.getByLabel('Access key id to look up').fill(world.bob.accessKeyId);
  await app.getByRole('button', { name: 'Run' }).click();
  await expect(app.getByTestId('key-info')).toContainText('123456789012');
  // moto has no DecodeAuthorizationMessage: the error comes back in plain words with its code.
  await app.getByRole('tab', { name: 'Decode a message' }).click();
  await app.getByLabel('Encoded authorization message').fill('AbCdEf0123');
  await app.getByRole('button', { name: 'Run' }).click();
  await expect(app.getByRole('alert')).toBeVisible();
});

test('web identity, unsigned, against a moto without authentication', async ({ browser, world }, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'needs a second harness pointed at the open moto');
  const harness = await startHarness({ ...world.harnessEnv, AWS_ENDPOINT_URL: world.openMotoUrl });
  const page = await browser.newPage();
  await page.goto(harness.url);
  await go(page, '#/tools');
  await page.getByRole('tab', { name: 'Web identity' }).click();
  await expect(page.getByText('Sent unsigned, as AWS requires')).toBeVisible();
  await page.getByLabel('Role ARN').fill('arn:aws:iam::123456789012:role/web');
  await page.getByLabel('Session name').fill('oidc');
  await page.getByLabel('Web identity token (OIDC)').fill('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0.');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('temp-identity')).toHaveText(/assumed-role\/web\/oidc$/);
  // SAML with an assertion that is not one: the failure in plain words.
  await page.getByRole('tab', { name: 'SAML' }).click();
  await page.getByLabel('Role ARN').fill('arn:aws:iam::123456789012:role/saml');
  await page.getByLabel('SAML provider ARN').fill('arn:aws:iam::123456789012:saml-provider/idp');
  await page.getByLabel('SAML assertion (base64)').fill('bm90IGEgU0FNTCByZXNwb25zZQ==');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.close();
  await harness.stop();
});

test('decode an authorization message into a readable tree (fault-server stand-in: moto has no such call)', async ({ browser, world }, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'needs a harness pointed at the fault server');
  const faults = await startFaultServer();
  const harness = await startHarness({ ...world.harnessEnv, AWS_ENDPOINT_URL: `${faults.url}/ok/` });
  const page = await browser.newPage();
  await page.goto(harness.url);
  await go(page, '#/tools');
  await page.getByRole('tab', { name: 'Decode a message' }).click();
  const message = { allowed: false, explicitDeny: false, context: { principal: { arn: 'arn:aws:iam::123456789012:user/alice' }, action: 'ec2:RunInstances' } };
  await page.getByLabel('Encoded authorization message').fill(Buffer.from(JSON.stringify(message)).toString('base64'));
  await page.getByRole('button', { name: 'Run' }).click();
  const tree = page.getByTestId('decoded');
  await expect(tree).toContainText('allowed');
  await expect(tree).toContainText('"ec2:RunInstances"');
  await expect(tree.locator('summary', { hasText: 'context' })).toBeVisible();
  await page.close();
  await harness.stop();
  await faults.stop();
});

test('a decoded message nested too deep to draw is shown as text, and the page goes on (fault-server stand-in)', async ({ browser, world }, testInfo) => {
  test.skip(testInfo.project.name !== 'chromium', 'needs a harness pointed at the fault server');
  const faults = await startFaultServer();
  const harness = await startHarness({ ...world.harnessEnv, AWS_ENDPOINT_URL: `${faults.url}/ok/` });
  const page = await browser.newPage();
  const crashes: string[] = [];
  page.on('pageerror', (e) => crashes.push(e.message));
  await page.goto(harness.url);
  await go(page, '#/tools');
  await page.getByRole('tab', { name: 'Decode a message' }).click();
  if (await page.getByLabel('Signing access key id').isVisible()) {
    await page.getByLabel('Signing access key id').fill(world.alice.accessKeyId);
    await page.getByLabel('Signing secret access key').fill(world.alice.secretAccessKey);
    await page.getByRole('button', { name: 'Use this key' }).click();
  }
  // 3,800 arrays inside each other: as deep as the 10,240 characters of an encoded message allow here.
  const deep = `${'['.repeat(3800)}"end"${']'.repeat(3800)}`;
  await page.getByLabel('Encoded authorization message').fill(Buffer.from(deep).toString('base64'));
  await page.getByRole('button', { name: 'Run' }).click();
  const shown = page.getByTestId('decoded');
  await expect(shown).toContainText('too deep to draw as a tree');
  await expect(shown.locator('pre')).toContainText('[[[[');
  expect(crashes).toEqual([]);
  // The page still answers: another tab opens.
  await page.getByRole('tab', { name: 'Access-key info' }).click();
  await expect(page.getByRole('tab', { name: 'Access-key info' })).toHaveAttribute('aria-selected', 'true');
  await page.close();
  await harness.stop();
  await faults.stop();
});

