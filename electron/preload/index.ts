/**
 * The preload: one named function per contract channel (names from shared/api-names.ts) and an event subscription,
 * handed to the page through contextBridge. Nothing else crosses: never ipcRenderer, never a generic invoke.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_NAMES, EARLY_CHANNELS, type KeyscopeApi } from '../../shared/api-names.js';
import { CHANNELS, EVENT_CHANNELS, type EventChannel, type Events } from '../../shared/contract.js';

const api: Record<string, unknown> = {};
// Each function sends exactly one argument on its own channel; main checks the sender and narrows the argument.
for (const channel of CHANNELS) api[API_NAMES[channel]] = (request: unknown) => ipcRenderer.invoke(channel, request);
// The app's first questions (EARLY_CHANNELS) are asked now, while the page's script loads; the first call asking the
// same gets that answer, later ones ask again. The catch only marks the promise handled: the caller sees a failure.
for (const channel of EARLY_CHANNELS) {
  let early: Promise<unknown> | null = ipcRenderer.invoke(channel, {});
  early.catch(() => undefined);
  api[API_NAMES[channel]] = (request: unknown) => {
    const answer = early && isEmpty(request) ? early : ipcRenderer.invoke(channel, request);
    early = null;
    return answer;
  };
}

function isEmpty(request: unknown): boolean {
  return typeof request === 'object' && request !== null && !Array.isArray(request) && Object.keys(request).length === 0;
}
api.on = <E extends EventChannel>(event: E, listener: (payload: Events[E]) => void) => {
  if (!(EVENT_CHANNELS as readonly string[]).includes(event)) throw new Error(`unknown event ${String(event)}`);
  const relay = (_e: unknown, payload: Events[E]) => listener(payload);
  ipcRenderer.on(event, relay);
  return () => void ipcRenderer.removeListener(event, relay);
};

contextBridge.exposeInMainWorld('keyscope', api as KeyscopeApi);
