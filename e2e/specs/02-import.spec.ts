/** Import from ~/.aws with a preview to tick. */
import { expect, go, test } from './app';

test('previews the AWS profiles, says why some are skipped, and imports the ticked ones', async ({ app }) => {
  await go(app, '#/import');
  await expect(app.getByRole('checkbox', { name: /carol/ })).toBeChecked();
  await expect(app.getByText(/deploy.*role profile/)).toBeVisible();
  await app.getByRole('button', { name: 'Import 1 selected' }).click();
  await expect(app.getByRole('status')).toContainText('Imported 1: carol');
  await go(app, '#/profiles');
  await expect(app.getByTestId('profile-row-carol')).toContainText('never checked');
  await go(app, '#/import');
  await expect(app.getByText(/carol.*already saved as "carol"/)).toBeVisible();
});
