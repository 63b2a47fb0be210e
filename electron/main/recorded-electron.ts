/**
 * A recorded stand-in of Electron, for tests: no Electron binary here. It records every call made on `app`,
 * `BrowserWindow`, `protocol`, `session`, `ipcMain`, `Menu`, `dialog`, `contextBridge` and `ipcRenderer`, in order,
 * in one log, and keeps the listeners and handlers it is given so a test can drive them as Electron would. It returns
 * only what Electron returns (nothing, a promise, the window or menu asked for), and routes IPC as Electron does:
 * `ipcRenderer.invoke` reaches the `ipcMain.handle` listener with the loaded page as sender frame, and
 * `webContents.send` reaches `ipcRenderer.on` listeners. Test-only: nothing in the app imports it.
 */

/** One recorded call: on what, which method, with what. */
export interface Call {
  readonly on: string;
  readonly method: string;
  readonly args: readonly unknown[];
}

type Listener = (...args: unknown[]) => unknown;

/** What a test reads and drives after running code against the stand-in. */
export interface RecordedElectron {
  /** The object the code under test gets for `require('electron')`. */
  readonly module: Record<string, unknown>;
  readonly calls: Call[];
  /** The calls made on one target (`app`, `protocol`, `ipcMain`, `window`, `webContents`…). */
  callsOn(target: string): Call[];
  /** Calls each listener the target registered for `event`, as Electron would emit it; returns their results. */
  emit(target: string, event: string, ...args: unknown[]): unknown[];
  /** Electron became ready: whenReady() resolves. */
  ready(): void;
  /** The last window's page finished loading (loadURL resolves), or failed with `error` (loadURL rejects with it). */
  loaded(error?: Error): void;
  /** The windows made; `destroy()` closes one for good, after which its methods throw as Electron's do. */
  readonly windows: ReadonlyArray<{ readonly webContents: { readonly windowOpenHandler?: Listener }; destroy(): void }>;
  readonly protocolHandlers: ReadonlyMap<string, (request: Request) => Promise<Response> | Response>;
  readonly ipcHandlers: ReadonlyMap<string, Listener>;
  /** What the preload put in the page's world, by key. */
  readonly mainWorld: ReadonlyMap<string, unknown>;
  readonly session: { permissionRequest?: Listener; permissionCheck?: Listener; headersReceived?: Listener };
}

/** A fresh stand-in; `singleInstanceLock` is what app.requestSingleInstanceLock() answers (false: another instance runs). */
export function recordedElectron(options: { readonly singleInstanceLock: boolean }): RecordedElectron {
  const calls: Call[] = [];
  const listeners = new Map<string, Listener[]>();
  const record = (on: string, method: string, args: readonly unknown[]): void => void calls.push({ on, method, args });
  const listen = (on: string, method: string, event: string, listener: Listener): void => {
    record(on, method, [event, listener]);
    listeners.set(`${on} ${event}`, [...(listeners.get(`${on} ${event}`) ?? []), listener]);
  };
  const emit = (target: string, event: string, ...args: unknown[]): unknown[] => (listeners.get(`${target} ${event}`) ?? []).map((l) => l(...args));
  const emitter = <T extends object>(on: string, self: T) =>
    Object.assign(self, {
      on: (event: string, listener: Listener) => (listen(on, 'on', event, listener), self),
      once: (event: string, listener: Listener) => (listen(on, 'once', event, listener), self),
    });

  let becomeReady: () => void = () => undefined;
  const whenReady = new Promise<void>((resolve) => (becomeReady = resolve));
  const app = emitter('app', {
    requestSingleInstanceLock: (...args: unknown[]) => (record('app', 'requestSingleInstanceLock', args), options.singleInstanceLock),
    quit: (...args: unknown[]) => record('app', 'quit', args),
    whenReady: () => (record('app', 'whenReady', []), whenReady),
  });

  const windows: Array<{ webContents: { windowOpenHandler?: Listener; url: string }; destroy(): void }> = [];
  // loadURL's promise stays pending until a test says how the load ended, as Electron's does until the page loads or fails.
  let endLoad: (error?: Error) => void = () => undefined;
  class BrowserWindow {
    readonly webContents = emitter('webContents', {
      url: '',
      windowOpenHandler: undefined as Listener | undefined,
      setWindowOpenHandler: (handler: Listener) => (record('webContents', 'setWindowOpenHandler', [handler]), (this.webContents.windowOpenHandler = handler)),
      send: (channel: string, ...args: unknown[]) => (record('webContents', 'send', [channel, ...args]), emit('ipcRenderer', channel, {}, ...args)),
    });
    constructor(windowOptions: unknown) {
      record('BrowserWindow', 'new', [windowOptions]);
      emitter('window', this);
      windows.push(this);
      // Electron announces every new web contents on app.
      emit('app', 'web-contents-created', {}, this.webContents);
    }
    loadURL(url: string): Promise<void> {
      record('window', 'loadURL', [url]);
      this.webContents.url = url;
      return new Promise((resolve, reject) => (endLoad = (error) => (error ? reject(error) : resolve())));
    }
    private destroyed = false;
    /** Electron's words for any method but isDestroyed called on a destroyed window. */
    private alive(): void {
      if (this.destroyed) throw new TypeError('Object has been destroyed');
    }
    show = (...args: unknown[]) => (this.alive(), record('window', 'show', args));
    focus = (...args: unknown[]) => (this.alive(), record('window', 'focus', args));
    restore = (...args: unknown[]) => (this.alive(), record('window', 'restore', args));
    // A window just created is not minimised.
    isMinimized = () => (this.alive(), false);
    isDestroyed = () => this.destroyed;
    destroy = () => (record('window', 'destroy', []), (this.destroyed = true));
  }

  const protocolHandlers = new Map<string, (request: Request) => Promise<Response> | Response>();
  const protocol = {
    registerSchemesAsPrivileged: (...args: unknown[]) => record('protocol', 'registerSchemesAsPrivileged', args),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => (record('protocol', 'handle', [scheme, handler]), void protocolHandlers.set(scheme, handler)),
  };

  const sessionHandlers: RecordedElectron['session'] = {};
  const defaultSession = {
    setPermissionRequestHandler: (h: Listener) => (record('session', 'setPermissionRequestHandler', [h]), (sessionHandlers.permissionRequest = h)),
    setPermissionCheckHandler: (h: Listener) => (record('session', 'setPermissionCheckHandler', [h]), (sessionHandlers.permissionCheck = h)),
    webRequest: { onHeadersReceived: (h: Listener) => (record('session', 'webRequest.onHeadersReceived', [h]), (sessionHandlers.headersReceived = h)) },
  };

  const ipcHandlers = new Map<string, Listener>();
  const ipcMain = { handle: (channel: string, listener: Listener) => (record('ipcMain', 'handle', [channel, listener]), void ipcHandlers.set(channel, listener)) };
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]): Promise<unknown> => {
      record('ipcRenderer', 'invoke', [channel, ...args]);
      const handler = ipcHandlers.get(channel);
      if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
      return handler({ senderFrame: { url: windows.at(-1)?.webContents.url ?? '' } }, ...args);
    },
    on: (event: string, listener: Listener) => listen('ipcRenderer', 'on', event, listener),
    removeListener: (event: string, listener: Listener) => {
      record('ipcRenderer', 'removeListener', [event, listener]);
      listeners.set(`ipcRenderer ${event}`, (listeners.get(`ipcRenderer ${event}`) ?? []).filter((l) => l !== listener));
    },
  };

  const mainWorld = new Map<string, unknown>();
  const module = {
    app,
    BrowserWindow,
    protocol,
    session: { defaultSession },
    ipcMain,
    ipcRenderer,
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (record('contextBridge', 'exposeInMainWorld', [key, api]), void mainWorld.set(key, api)) },
    Menu: {
      buildFromTemplate: (template: unknown) => (record('Menu', 'buildFromTemplate', [template]), { template }),
      setApplicationMenu: (menu: unknown) => record('Menu', 'setApplicationMenu', [menu]),
    },
    dialog: { showErrorBox: (title: string, content: string) => record('dialog', 'showErrorBox', [title, content]) },
  };

  return {
    module,
    calls,
    callsOn: (target) => calls.filter((c) => c.on === target),
    emit,
    ready: () => (record('electron', 'ready', []), becomeReady()),
    loaded: (error) => (record('electron', 'loaded', error ? [error] : []), endLoad(error)),
    windows,
    protocolHandlers,
    ipcHandlers,
    mainWorld,
    session: sessionHandlers,
  };
}
