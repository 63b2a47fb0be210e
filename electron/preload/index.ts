/**
 * The preload: one named function per contract channel (names from shared/api-names.ts) and an event subscription,
 * handed to the page through contextBridge. Nothing else crosses: never ipcRenderer, never a generic invoke.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_NAMES, type KeyscopeApi } from '../../shared/api-names.js';
import { CHANNELS, EVENT_CHANNELS, type EventChannel, type Events } from '../../shared/contract.js';

const api: Record<string, unknown> = {};
// Each function sends exactly one argument on its own channel; main checks the sender and narrows the argument.
for (const channel of CHANNELS) api[API_NAMES[channel]] = (request: unknown) => ipcRenderer.invoke(channel, request);
api.on = <E extends EventChannel>(event: E, listener: (payload: Events[E]) => void) => {
  if (!(EVENT_CHANNELS as readonly string[]).includes(event)) throw new Error(`unknown event ${String(event)}`);
  const relay = (_e: unknown, payload: Events[E]) => listener(payload);
  ipcRenderer.on(event, relay);
  return () => void ipcRenderer.removeListener(event, relay);
};

contextBridge.exposeInMainWorld('keyscope', api as KeyscopeApi);
