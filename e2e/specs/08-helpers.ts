/// <reference lib="dom" />
/** What the issue-10 specs share: a browser app on a store of its own, and profiles saved through the page's API. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import type { KeyscopeApi } from '../../shared/api-names';
import { startFaultServer } from '../fixtures/fault-server';
import { startHarness, startHarnessWithTimes, type Harness } from '../fixtures/harness';

export const mask = (id: string) => `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;

/** A fresh store (KEYSCOPE_HOME) under the world's environment. */
export const freshHome = (tag: string) => mkdtempSync(join(tmpdir(), `keyscope-e2e-${tag}-`));

/**
 * Collects `page`'s script errors: a script error blanks the app, so every test of these specs fails on one. The
 * function returned throws if there was one (call it once the page is closed).
 */
function scriptErrors(page: Page): () => void {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return () => {
    if (errors.length > 0) throw new Error(`the page threw: ${errors.join('; ')}`);
  };
}

/** Opens `keyscope ui` on `env` in a new page that may use the clipboard; both are closed by `close`. */
export async function open(browser: Browser, env: Record<string, string>, viewport = { width: 1024, height: 720 }): Promise<{ page: Page; harness: Harness; close: () => Promise<void> }> {
  const harness = await startHarness(env);
  const context = await browser.newContext({ viewport, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const threw = scriptErrors(page);
  await page.goto(harness.url);
  const close = async () => {
    await context.close();
    await harness.stop();
    threw();
  };
  return { page, harness, close };
}

/** Saves a profile through the page's API (setup, not what is under test), checked once unless `check` is false. */
export async function saved(page: Page, name: string, accessKeyId: string, secretAccessKey: string, check = true): Promise<string> {
  return page.evaluate(
    async ([n, k, s, c]) => {
      const api = (window as unknown as { keyscope: KeyscopeApi }).keyscope;
      const added = await api.addProfile({ name: n as string, accessKeyId: k as string, secretAccessKey: s as string });
      if (!added.ok) throw new Error(added.error.message);
      if (c) await api.verifyProfile({ id: added.value.id });
      return added.value.id;
    },
    [name, accessKeyId, secretAccessKey, check] as const,
  );
}

/** Goes to Add and types a key id and secret there (and the name to save it as, if given). */
export async function typedInAdd(page: Page, key: { readonly accessKeyId: string; readonly secretAccessKey: string }, name?: string): Promise<void> {
  await page.evaluate(() => (location.hash = '#/add'));
  await page.getByLabel('Access key id').fill(key.accessKeyId);
  await page.getByLabel('Secret access key').fill(key.secretAccessKey);
  if (name !== undefined) await page.getByLabel('Save as').fill(name);
}

/** Temporary credentials from AssumeRole (15 minutes) saved as `name`: a profile that expires within the hour. */
export async function savedTemporary(page: Page, name: string, profileId: string): Promise<void> {
  await page.evaluate(
    async ([n, id]) => {
      const api = (window as unknown as { keyscope: KeyscopeApi }).keyscope;
      const creds = await api.assumeRole({ profileId: id as string, roleArn: 'arn:aws:iam::123456789012:role/auditor', sessionName: 'e2e', durationSeconds: 900 });
      if (!creds.ok) throw new Error(creds.error.message);
      const done = await api.saveTemporaryCredentials({ handle: creds.value.handle, name: n as string });
      if (!done.ok) throw new Error(done.error.message);
    },
    [name, profileId] as const,
  );
}

/** Whether the page can scroll sideways, and which main regions hold more than they show across. */
export async function cutOff(page: Page): Promise<{ pageScrolls: boolean; regions: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const regions = [...document.querySelectorAll<HTMLElement>('header, nav, main, main > section, main > article, main form, .table-wrap, main table, dialog[open]')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${el.className}` : ''} ${el.scrollWidth}>${el.clientWidth}`);
    // What sticks out past the window's right edge, when the page scrolls: named, to fix it.
    const wide = root.scrollWidth > root.clientWidth ? [...document.querySelectorAll<HTMLElement>('body *')].filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1).slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${el.className} right ${Math.round(el.getBoundingClientRect().right)}`) : [];
    return { pageScrolls: root.scrollWidth > root.clientWidth, regions: [...regions, ...wide] };
  });
}

/**
 * A File the page holds whose file on disk is gone: `path` chosen in a field of its own (a view's field reads at
 * once), then deleted. Returns the field's selector; hand its `files` to the field under test.
 */
export async function chosenThenDeleted(page: Page, path: string): Promise<string> {
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'elsewhere';
    document.body.append(input);
  });
  await page.locator('#elsewhere').setInputFiles(path);
  unlinkSync(path);
  return '#elsewhere';
}

/** A page gone after 0.5 s without an events socket, and given up after 2 s (5 s and 2 minutes in `keyscope ui`). */
const SHORT_TIMES = { pageGraceMs: 500, missedKeptMs: 2000 };

/**
 * Runs `body` on a page of a server of its own (`ui`) on `env` with `times` (SHORT_TIMES unless given), its checks
 * answered `delayMs` late (fault server); `away()` keeps the page away for 4 s, longer than the server keeps what a
 * page missed with SHORT_TIMES, as a sleeping tab is: its scripts held (a debugger's pause) while its connections drop
 * (`ss -K`), so it opens its events socket again only after.
 */
export async function withShortTimes(
  browser: Browser,
  env: Record<string, string>,
  delayMs: number,
  body: (page: Page, away: () => Promise<void>, ui: Harness) => Promise<void>,
  times: Parameters<typeof startHarnessWithTimes>[1] = SHORT_TIMES,
): Promise<void> {
  const faults = await startFaultServer();
  const ui = await startHarnessWithTimes({ ...env, AWS_ENDPOINT_URL: `${faults.url}/delay/${delayMs}/` }, times);
  const context = await browser.newContext();
  let threw = () => {};
  try {
    const page = await context.newPage();
    threw = scriptErrors(page);
    await page.goto(ui.url);
    const away = async () => {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Debugger.enable');
      await cdp.send('Debugger.pause');
      expect(spawnSync('ss', ['-K', `dport = :${new URL(ui.url).port}`], { stdio: 'ignore' }).status).toBe(0);
      await new Promise((r) => setTimeout(r, 4000));
      await cdp.send('Debugger.resume');
    };
    await body(page, away, ui);
  } finally {
    await context.close();
    await ui.stop();
    await faults.stop();
  }
  threw();
}
