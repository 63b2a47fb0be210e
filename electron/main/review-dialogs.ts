/**
 * The Review view's open and save dialogs, shown by main over the app's window: the renderer never names a path,
 * and the file is read (size-capped) or written (atomically) by the handlers in main.
 */
import { dialog, type BrowserWindow } from 'electron';
import type { FileDialogs, FileFilter } from '../handlers/review-dialogs.js';

const filters = (list: readonly FileFilter[]) => list.map((f) => ({ name: f.name, extensions: [...f.extensions] }));

/** Dialogs attached to the window `windowOf` gives (none while it is not open). */
export function reviewDialogs(windowOf: () => BrowserWindow | undefined): FileDialogs {
  return {
    async openFile({ title, filters: list }) {
      const options = { title, filters: filters(list), properties: ['openFile' as const] };
      const window = windowOf();
      const r = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    async saveFile({ title, defaultName, filters: list }) {
      const options = { title, defaultPath: defaultName, filters: filters(list), properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
      const window = windowOf();
      const r = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
  };
}
