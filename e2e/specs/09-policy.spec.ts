/**
 * The page's Content-Security-Policy, sent as a header by whatever serves the page (the page holds no meta policy:
 * it would stop Chromium's preload scanner): a script or a style the app did not ship never applies.
 */
import { expect, test } from './app';

test('the policy holds without a meta tag: an inline script and an inline style are refused, the app\'s own files load', async ({ app }) => {
  await expect(app.getByRole('heading', { name: 'keyscope', level: 1 })).toBeVisible();
  expect(await app.locator('meta[http-equiv="Content-Security-Policy" i]').count()).toBe(0);
  const refused = await app.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const seen: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) => {
          seen.push(e.effectiveDirective);
          if (seen.length === 2) resolve(seen);
        });
        const script = document.createElement('script');
        script.textContent = 'window.ranInline = true;';
        document.body.append(script);
        const style = document.createElement('style');
        style.textContent = 'body { visibility: hidden; }';
        document.head.append(style);
        setTimeout(() => resolve(seen), 5000);
      }),
  );
  expect(refused.sort()).toEqual(['script-src-elem', 'style-src-elem']);
  expect(await app.evaluate(() => (window as unknown as { ranInline?: boolean }).ranInline)).toBeUndefined();
  await expect(app.locator('body')).toBeVisible();
});
