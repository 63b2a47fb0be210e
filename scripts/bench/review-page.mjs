// The Review view's page at scale, measured (not a test): `keyscope ui` on a fresh store, a credential report of N
// users (two findings each) imported and reviewed in headless Debian Chromium, as a person would. Prints one JSON line:
// the time from "Run the review" to the first rows listed, the page's JS heap after a garbage collection with the
// review shown, and the same after "Mute…" on a finding (scope: its check everywhere).
//
//   npm run build && node scripts/bench/review-page.mjs 100000
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const users = Number(process.argv[2] ?? 100_000);
const header = readFileSync('test-vectors/credential-reports/thresholds.csv', 'utf8').split('\n')[0];
const rows = Array.from({ length: users }, (_, i) => `u${i},arn:aws:iam::111122223333:user/u${i},2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-03-02T00:00:00+00:00,2025-05-01T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`);
const csv = Buffer.from([header, ...rows, ''].join('\n'));

const home = mkdtempSync(join(tmpdir(), 'keyscope-review-page-'));
const child = spawn(process.execPath, ['bin/keyscope.js', 'ui', '--no-open'], { env: { PATH: process.env.PATH, KEYSCOPE_HOME: home, HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  createInterface({ input: child.stdout }).once('line', (line) => resolve(line.trim()));
  child.once('exit', (code) => reject(new Error(`keyscope ui exited (${code})`)));
});
const browser = await chromium.launch({ executablePath: process.env.KEYSCOPE_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  const heapMB = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return Math.round(usedSize / 2 ** 20);
  };
  await page.goto(url);
  await page.getByRole('link', { name: 'Review', exact: true }).click();
  await page.getByRole('radio', { name: 'None' }).check();
  const before = await heapMB();
  await page.getByLabel('Import a credential report (CSV)').setInputFiles({ name: 'large.csv', mimeType: 'text/csv', buffer: csv });
  await page.getByText(`large.csv: ${users} keys read.`).waitFor({ timeout: 120_000 });
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Run the review' }).click();
  const listed = page.locator('table[aria-labelledby="findings-title"] tbody tr');
  await listed.first().waitFor({ timeout: 300_000 });
  const shownMs = Date.now() - t0;
  const shown = await heapMB();
  await listed.first().getByRole('link').click();
  await page.getByRole('button', { name: 'Mute…' }).click();
  await page.getByLabel('Reason').fill('measured');
  await page.getByLabel('Applies to').selectOption({ index: 2 });
  const t1 = Date.now();
  await page.getByRole('button', { name: 'Mute', exact: true }).click();
  await page.getByTestId('finding-muted').waitFor({ timeout: 120_000 });
  const muteMs = Date.now() - t1;
  await page.getByRole('link', { name: '← All findings' }).click();
  await listed.first().waitFor();
  const afterMute = await heapMB();
  console.log(JSON.stringify({ users, heapBeforeMB: before, runToRowsMs: shownMs, heapShownMB: shown, muteMs, heapAfterMuteMB: afterMute }));
} finally {
  await browser.close();
  child.kill('SIGTERM');
}
