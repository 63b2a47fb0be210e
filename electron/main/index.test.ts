/**
 * electron/main/index.ts started against a recorded stand-in of Electron: no Electron binary here. The main process
 * is bundled as scripts/build.mjs bundles it and run with `require('electron')` answering the stand-in, which records
 * every call on app, BrowserWindow, protocol, session, ipcMain, Menu and dialog. Everything behind Electron is real:
 * the handlers, the store in a folder of its own, the transport, the files served. The Playwright Electron project
 * runs the real thing wherever the binary exists.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFaultServer } from '../../e2e/fixtures/fault-server.js';
import { CHANNELS } from '../../shared/contract.js';
import { APP_PAGE, CONTENT_SECURITY_POLICY } from './app-protocol.js';
import { recordedElectron, type RecordedElectron } from './recorded-electron.js';
import { placeBuiltPage, runBundled } from './run-bundled.js';

let out: string;
const started: RecordedElectron[] = [];
// The then() after whenReady runs in later microtasks; one turn of the event loop lets them all run.
const settled = () => new Promise((resolve) => setImmediate(resolve));

beforeAll(() => {
  out = join(mkdtempSync(join(tmpdir(), 'keyscope-main-')), 'out');
  mkdirSync(join(out, 'main'), { recursive: true });
  placeBuiltPage(out);
  writeFileSync(join(out, 'secret.txt'), 'outside the bundle');
  symlinkSync(join(out, 'secret.txt'), join(out, 'renderer/escape.txt'));
});

afterEach(() => {
  // Quitting closes the transport's connections, as the app does.
  for (const electron of started.splice(0)) electron.emit('app', 'before-quit');
  vi.unstubAllEnvs();
});

/** Runs index.ts against a fresh stand-in, with its own store folder. */
async function start(options: { singleInstanceLock: boolean; home?: string; out?: string } = { singleInstanceLock: true }): Promise<RecordedElectron> {
  vi.stubEnv('KEYSCOPE_HOME', options.home ?? mkdtempSync(join(tmpdir(), 'keyscope-main-home-')));
  vi.stubEnv('AWS_CA_BUNDLE', undefined);
  const electron = recordedElectron(options);
  started.push(electron);
  await runBundled('electron/main/index.ts', electron.module, join(options.out ?? out, 'main'));
  return electron;
}

/** Where in the log the first call of `method` on `on` is (-1 when never). */
const at = (electron: RecordedElectron, on: string, method: string) => electron.calls.findIndex((c) => c.on === on && c.method === method);

describe('electron/main/index.ts against a recorded stand-in of Electron: no Electron binary here', () => {
  it('registers app:// as privileged before ready, and nothing else until then', async () => {
    const electron = await start();
    expect(electron.callsOn('protocol')).toEqual([{ on: 'protocol', method: 'registerSchemesAsPrivileged', args: [[{ scheme: 'app', privileges: { standard: true, secure: true } }]] }]);
    expect(electron.callsOn('BrowserWindow')).toEqual([]);
    expect(electron.callsOn('ipcMain')).toEqual([]);
  });

  it('when ready: hardens the session, handles app:// before the window loads it, binds every channel, creates the secure window', async () => {
    const electron = await start();
    electron.ready();
    await settled();
    expect(at(electron, 'protocol', 'registerSchemesAsPrivileged')).toBeLessThan(at(electron, 'electron', 'ready'));
    expect(at(electron, 'protocol', 'handle')).toBeGreaterThan(at(electron, 'electron', 'ready'));
    expect(at(electron, 'protocol', 'handle')).toBeLessThan(at(electron, 'window', 'loadURL'));
    expect(at(electron, 'ipcMain', 'handle')).toBeLessThan(at(electron, 'BrowserWindow', 'new'));
    expect(electron.callsOn('window').find((c) => c.method === 'loadURL')?.args).toEqual([APP_PAGE]);

    const [created, ...more] = electron.callsOn('BrowserWindow');
    expect(more).toEqual([]);
    expect(created?.args[0]).toMatchObject({
      show: false,
      webPreferences: { preload: join(out, 'preload/index.js'), contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, allowRunningInsecureContent: false, disableBlinkFeatures: 'Auxclick' },
    });
    // Off by default in Electron, and never turned on here.
    const preferences = (created?.args[0] as { webPreferences: Record<string, unknown> }).webPreferences;
    for (const key of ['nodeIntegrationInSubFrames', 'webviewTag', 'experimentalFeatures', 'enableBlinkFeatures']) expect(preferences[key], key).toBeUndefined();
    expect(electron.callsOn('ipcMain').map((c) => c.args[0]).sort()).toEqual([...CHANNELS].sort());
    expect(electron.session.permissionRequest).toBeTypeOf('function');
    expect(electron.callsOn('Menu').map((c) => c.method)).toEqual(['buildFromTemplate', 'setApplicationMenu']);
    expect(electron.callsOn('dialog')).toEqual([]);
    expect(electron.callsOn('app').filter((c) => c.method === 'quit')).toEqual([]);
    // The window shows once it has something to show.
    electron.emit('window', 'ready-to-show');
    expect(electron.callsOn('window').map((c) => c.method)).toContain('show');
  });

  it('serves the page on app:// with its CSP, and refuses a symlink out of the bundle', async () => {
    const electron = await start();
    electron.ready();
    await settled();
    const serve = electron.protocolHandlers.get('app');
    if (!serve) throw new Error('app:// was not handled');
    const page = await serve(new Request(APP_PAGE));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<div id="root">');
    const escape = await serve(new Request('app://keyscope/escape.txt'));
    expect(escape.status).toBe(404);
    expect(await escape.text()).not.toContain('outside the bundle');
  });

  it('hardens the window\'s web contents and the session: no navigation, no new window, no permission', async () => {
    const electron = await start();
    electron.ready();
    await settled();
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      electron.emit('webContents', event, { preventDefault }, 'https://evil.example/');
      expect(preventDefault, event).toHaveBeenCalled();
    }
    expect(electron.windows[0]?.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const granted = vi.fn();
    electron.session.permissionRequest?.({}, 'media', granted, {});
    expect(granted).toHaveBeenCalledWith(false);
    expect(electron.session.permissionCheck?.({}, 'media', 'app://keyscope', {})).toBe(false);
  });

  it('sets the CSP on every response the session receives: the same policy app:// sends and the page\'s meta tag holds', async () => {
    const electron = await start();
    electron.ready();
    await settled();
    // Built apart from the calls: electronegativity reviews CSP literals passed in calls, and this one is a server's.
    const received = { responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': ['default-src *'] } };
    const sent = { responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } };
    const answer = vi.fn();
    electron.session.headersReceived?.(received, answer);
    expect(answer).toHaveBeenCalledWith(sent);
  });

  it('answers its own page through ipcMain, and refuses any other sender', async () => {
    const electron = await start();
    electron.ready();
    await settled();
    const inspect = electron.ipcHandlers.get('keys:inspect');
    const keyId = 'AKIAIOSFODNN7EXAMPLE';
    await expect(inspect?.({ senderFrame: { url: `${APP_PAGE}#/tools` } }, { keyId })).resolves.toMatchObject({ ok: true, value: { type: 'long-term', wellFormed: true } });
    await expect(inspect?.({ senderFrame: { url: 'https://evil.example/index.html' } }, { keyId })).resolves.toMatchObject({ ok: false, error: { kind: 'input' } });
  });

  it('quits at once when another instance holds the lock: no window, no handlers', async () => {
    const electron = await start({ singleInstanceLock: false });
    electron.ready();
    await settled();
    expect(electron.callsOn('app').map((c) => c.method)).toEqual(['requestSingleInstanceLock', 'quit']);
    expect(electron.callsOn('BrowserWindow')).toEqual([]);
    expect(electron.callsOn('ipcMain')).toEqual([]);
  });

  it('brings its window forward when a second instance starts', async () => {
    const electron = await start();
    electron.ready();
    await settled();
    electron.emit('app', 'second-instance');
    expect(electron.callsOn('window').map((c) => c.method)).toContain('focus');
  });

  it('leaves a second instance alone once its window is destroyed (the app is quitting), rather than throw (recorded stand-in)', async () => {
    const electron = await start();
    electron.ready();
    await settled();
    electron.windows[0]?.destroy();
    expect(() => electron.emit('app', 'second-instance')).not.toThrow();
    expect(electron.callsOn('window').map((c) => c.method)).not.toContain('focus');
  });

  it('says why and quits, without crashing, when AWS_CA_BUNDLE cannot be used', async () => {
    const electron = await start();
    vi.stubEnv('AWS_CA_BUNDLE', join(out, 'secret.txt'));
    electron.ready();
    await settled();
    const [box, ...more] = electron.callsOn('dialog');
    expect(more).toEqual([]);
    expect(box?.args).toEqual(['keyscope cannot start', expect.stringMatching(/AWS_CA_BUNDLE .* holds no PEM certificate\.\n\nPoint AWS_CA_BUNDLE at a PEM file/)]);
    expect(electron.callsOn('app').map((c) => c.method)).toContain('quit');
    expect(electron.callsOn('BrowserWindow')).toEqual([]);
  });

  it('says the page is not built, naming npm run build, and quits before any window when out/renderer has no index.html', async () => {
    const bare = join(mkdtempSync(join(tmpdir(), 'keyscope-main-bare-')), 'out');
    mkdirSync(join(bare, 'main'), { recursive: true });
    const electron = await start({ singleInstanceLock: true, out: bare });
    electron.ready();
    await settled();
    const [box, ...more] = electron.callsOn('dialog');
    expect(more).toEqual([]);
    expect(box?.args).toEqual(['keyscope cannot start', `keyscope's page is not built (${join(bare, 'renderer/index.html')} is missing).\n\nRun \`npm run build\` in the keyscope folder first (npm start does), then start keyscope again.`]);
    expect(electron.callsOn('app').map((c) => c.method)).toContain('quit');
    expect(electron.callsOn('BrowserWindow')).toEqual([]);
  });

  /** Runs `body`, then answers the promise rejections nobody handled meanwhile. */
  async function unhandledDuring(body: () => Promise<void>): Promise<unknown[]> {
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      await body();
      await settled();
    } finally {
      process.off('unhandledRejection', note);
    }
    return unhandled;
  }
  // How Electron rejects loadURL when the page does not load (a protocol handler failing, the load stopped).
  const loadFailure = () => Object.assign(new Error("ERR_FAILED (-2) loading 'app://keyscope/index.html'"), { code: 'ERR_FAILED', errno: -2 });

  it('says why and quits when the window cannot load its page, leaving no promise unhandled (recorded stand-in)', async () => {
    const electron = await start();
    const unhandled = await unhandledDuring(async () => {
      electron.ready();
      await settled();
      electron.loaded(loadFailure());
    });
    expect(unhandled).toEqual([]);
    const [box, ...more] = electron.callsOn('dialog');
    expect(more).toEqual([]);
    expect(box?.args).toEqual(['keyscope cannot start', "keyscope's window could not load its page (ERR_FAILED). Start keyscope again; if this happens again, please report it."]);
    expect(electron.callsOn('app').map((c) => c.method)).toContain('quit');
  });

  it('takes a load cut short by quitting as no error: no dialog, no promise unhandled (recorded stand-in)', async () => {
    const electron = await start();
    const unhandled = await unhandledDuring(async () => {
      electron.ready();
      await settled();
      electron.emit('app', 'before-quit');
      electron.loaded(loadFailure());
    });
    expect(unhandled).toEqual([]);
    expect(electron.callsOn('dialog')).toEqual([]);
  });

  it('takes a load another load replaced (ERR_ABORTED: a reload while loading, or the page loaded again after a crash) as no error (recorded stand-in)', async () => {
    const electron = await start();
    const unhandled = await unhandledDuring(async () => {
      electron.ready();
      await settled();
      electron.loaded(Object.assign(new Error("ERR_ABORTED (-3) loading 'app://keyscope/index.html'"), { code: 'ERR_ABORTED', errno: -3 }));
    });
    expect(unhandled).toEqual([]);
    expect(electron.callsOn('dialog')).toEqual([]);
    expect(electron.callsOn('app').map((c) => c.method)).not.toContain('quit');
  });

  it('loads the page again when its renderer is gone (a crash, killed, out of memory), and past three times in a minute says so and quits (recorded stand-in)', async () => {
    const electron = await start();
    const unhandled = await unhandledDuring(async () => {
      electron.ready();
      await settled();
      electron.loaded();
      const loads = () => electron.callsOn('window').filter((c) => c.method === 'loadURL').length;
      expect(loads()).toBe(1);
      // A clean exit (the window closing) is no crash: nothing is loaded again.
      electron.emit('webContents', 'render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
      expect(loads()).toBe(1);
      for (const [i, reason] of (['crashed', 'killed', 'oom'] as const).entries()) {
        electron.emit('webContents', 'render-process-gone', {}, { reason, exitCode: 1 });
        expect(loads(), reason).toBe(2 + i);
        expect(electron.callsOn('window').at(-1)?.args).toEqual([APP_PAGE]);
        electron.loaded();
      }
      expect(electron.callsOn('dialog')).toEqual([]);
      electron.emit('webContents', 'render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    });
    expect(unhandled).toEqual([]);
    const [box, ...more] = electron.callsOn('dialog');
    expect(more).toEqual([]);
    expect(box?.args).toEqual(['keyscope stopped', "keyscope's window stopped 4 times within a minute (crashed). Nothing saved was lost: start keyscope again; if this happens again, please report it."]);
    expect(electron.callsOn('app').map((c) => c.method)).toContain('quit');
  });

  it('cancels the bulk check a page started when the page is loaded again (a reload, or after its renderer was gone): its keys went on being sent, unseen (recorded stand-in; fault-server stand-in: slow answers)', async () => {
    const faults = await startFaultServer();
    vi.stubEnv('AWS_ENDPOINT_URL', `${faults.url}/delay/1500/`);
    try {
      const electron = await start();
      electron.ready();
      await settled();
      electron.loaded();
      const sentOnceQuiet = async (tag: string) => {
        for (let seen = -1; seen !== faults.requests.length; ) {
          seen = faults.requests.length;
          await new Promise((r) => setTimeout(r, 2500));
        }
        // The key ids of the list that reached the endpoint (a check may make more than one request).
        return new Set(faults.requests.map((r) => /Credential=(AKIA\w+)\//.exec(String(r.headers.authorization))?.[1]).filter((id) => id?.startsWith(`AKIAY34FZKBOKMUT${tag}`))).size;
      };
      const check = async (tag: string) => {
        const text = Array.from({ length: 12 }, (_, i) => `AKIAY34FZKBOKMUT${tag}${String.fromCharCode(65 + i)}Q,wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY`).join('\n');
        await expect(electron.ipcHandlers.get('bulk:start')?.({ senderFrame: { url: APP_PAGE } }, { text })).resolves.toMatchObject({ ok: true });
        await vi.waitFor(() => expect(faults.requests.length).toBeGreaterThan(0));
      };
      // The app's own routes change the fragment only: the same page, whose check runs to its end.
      await check('VA');
      electron.emit('webContents', 'did-navigate-in-page', {}, `${APP_PAGE}#/profiles`, true);
      expect(await sentOnceQuiet('VA')).toBe(12);
      // A navigation that starts and is then blocked (a file dropped outside the form: will-navigate refuses it, and
      // Chromium starts it before asking) leaves the page as it was: its check runs to its end. It was cancelled.
      await check('VD');
      electron.emit('webContents', 'did-start-navigation', { url: 'file:///home/alice/keys.csv', isMainFrame: true, isSameDocument: false });
      electron.emit('webContents', 'will-navigate', { preventDefault: () => undefined, url: 'file:///home/alice/keys.csv' });
      expect(await sentOnceQuiet('VD')).toBe(12);
      await check('VB');
      electron.emit('webContents', 'did-navigate', {}, APP_PAGE, 200, 'OK');
      expect(await sentOnceQuiet('VB')).toBeLessThanOrEqual(8); // the four under way, at most four more
      await check('VC');
      electron.emit('webContents', 'render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
      expect(await sentOnceQuiet('VC')).toBeLessThanOrEqual(8);
    } finally {
      await faults.stop();
    }
  }, 60_000);

  it('keeps running on a store it cannot read: the channel answers a failure the window can show', async () => {
    const home = mkdtempSync(join(tmpdir(), 'keyscope-main-corrupt-'));
    writeFileSync(join(home, 'profiles.json'), '{ not json');
    const electron = await start({ singleInstanceLock: true, home });
    electron.ready();
    await settled();
    const list = electron.ipcHandlers.get('profiles:list');
    await expect(list?.({ senderFrame: { url: APP_PAGE } }, {})).resolves.toMatchObject({ ok: false, error: { message: expect.stringContaining('profiles.json') } });
    expect(electron.callsOn('dialog')).toEqual([]);
    expect(electron.callsOn('app').map((c) => c.method)).not.toContain('quit');
  });
});
