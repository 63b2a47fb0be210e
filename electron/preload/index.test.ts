/**
 * The preload run against a recorded stand-in of Electron (no Electron binary here), with the main process on the
 * same stand-in: the page gets one named function per channel and `on`, nothing else, and each function reaches its
 * own channel's real handler through ipcMain.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_NAMES, EARLY_CHANNELS } from '../../shared/api-names.js';
import { CHANNELS } from '../../shared/contract.js';
import { recordedElectron, type RecordedElectron } from '../main/recorded-electron.js';
import { placeBuiltPage, runBundled } from '../main/run-bundled.js';

let electron: RecordedElectron;
let required: string[];
let api: Record<string, (...args: unknown[]) => unknown>;

beforeAll(async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'keyscope-preload-')), 'out');
  placeBuiltPage(out);
  vi.stubEnv('KEYSCOPE_HOME', mkdtempSync(join(tmpdir(), 'keyscope-preload-home-')));
  vi.stubEnv('AWS_CA_BUNDLE', undefined);
  electron = recordedElectron({ singleInstanceLock: true });
  await runBundled('electron/main/index.ts', electron.module, join(out, 'main'));
  electron.ready();
  await new Promise((resolve) => setImmediate(resolve));
  required = await runBundled('electron/preload/index.ts', electron.module, join(out, 'preload'));
  api = electron.mainWorld.get('keyscope') as typeof api;
});
afterAll(() => {
  electron?.emit('app', 'before-quit');
  vi.unstubAllEnvs();
});

describe('API_NAMES', () => {
  it('gives every channel its own name, a plain identifier that is not `on`', () => {
    const names = CHANNELS.map((c) => API_NAMES[c]);
    expect(new Set(names).size).toBe(CHANNELS.length);
    for (const name of names) expect(name).toMatch(/^[a-z][A-Za-z]+$/);
    expect(names).not.toContain('on');
  });
});

describe('the preload, against a recorded stand-in of Electron', () => {
  it('puts only named functions and `on` in the page\'s world, through contextBridge, and requires only electron', () => {
    expect(electron.callsOn('contextBridge').map((c) => [c.method, c.args[0]])).toEqual([['exposeInMainWorld', 'keyscope']]);
    expect(Object.keys(api).sort()).toEqual([...CHANNELS.map((c) => API_NAMES[c]), 'on'].sort());
    for (const [name, value] of Object.entries(api)) expect(typeof value, name).toBe('function');
    expect(api).not.toHaveProperty('invoke');
    expect(Object.values(api)).not.toContain(electron.module.ipcRenderer);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('asks the app\'s first questions as it runs, and hands each answer to the first call asking the same', async () => {
    const asked = () => electron.callsOn('ipcRenderer').filter((c) => c.method === 'invoke').map((c) => c.args);
    expect(asked()).toEqual(EARLY_CHANNELS.map((c) => [c, {}]));
    const list = await api.listProfiles?.({});
    expect(list).toMatchObject({ ok: true, value: [] });
    expect(asked()).toHaveLength(EARLY_CHANNELS.length);
    // The answer is used once: a later call asks main again.
    await api.listProfiles?.({});
    expect(asked().at(-1)).toEqual(['profiles:list', {}]);
    expect(asked()).toHaveLength(EARLY_CHANNELS.length + 1);
  });

  it('sends each named function on its own channel, with exactly its one argument', async () => {
    for (const channel of CHANNELS) {
      await api[API_NAMES[channel]]?.({ probe: channel });
      expect(electron.callsOn('ipcRenderer').at(-1)?.args, channel).toEqual([channel, { probe: channel }]);
    }
  });

  it('reaches the real handler: inspectKey answers for the page', async () => {
    await expect(api.inspectKey?.({ keyId: 'AKIAIOSFODNN7EXAMPLE' })).resolves.toMatchObject({ ok: true, value: { type: 'long-term', wellFormed: true }  });
  });

  it('relays main\'s events to `on` listeners until they unsubscribe, and refuses an unknown event', () => {
    const seen: unknown[] = [];
    const off = api.on?.('recheck:done', (payload: unknown) => seen.push(payload)) as () => void;
    const window = electron.windows[0] as unknown as { webContents: { send: (channel: string, payload: unknown) => void } };
    window.webContents.send('recheck:done', { jobId: 'j1' });
    off();
    window.webContents.send('recheck:done', { jobId: 'j2' });
    expect(seen).toEqual([{ jobId: 'j1' }]);
    expect(() => api.on?.('profiles:list', () => undefined)).toThrow(/unknown event profiles:list/);
  });
});
