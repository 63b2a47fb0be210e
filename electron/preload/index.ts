/** The preload: one function per contract channel and an event subscription, nothing else. */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, EVENT_CHANNELS, type EventChannel, type Events, type KeyscopeApi } from '../../shared/contract.js';

const api: Record<string, unknown> = {};
for (const channel of CHANNELS) api[channel] = (request: unknown) => ipcRenderer.invoke(channel, request);
api.on = <E extends EventChannel>(event: E, listener: (payload: Events[E]) => void) => {
  if (!(EVENT_CHANNELS as readonly string[]).includes(event)) throw new Error(`unknown event ${String(event)}`);
  const relay = (_e: unknown, payload: Events[E]) => listener(payload);
  ipcRenderer.on(event, relay);
  return () => void ipcRenderer.removeListener(event, relay);
};

contextBridge.exposeInMainWorld('keyscope', api as KeyscopeApi);
