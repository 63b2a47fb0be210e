/**
 * What the Review view asks of native file dialogs. The Electron main process passes an implementation
 * (electron/main/review-dialogs.ts); the handlers stay plain Node, and where there is none (a browser) the page
 * sends files and downloads exports itself.
 */

/** A filter of a file dialog: "CSV files" and its extensions without dots. */
export interface FileFilter {
  readonly name: string;
  readonly extensions: readonly string[];
}

/** Open and save dialogs; each answers a path, or null when the person cancelled. */
export interface FileDialogs {
  openFile(options: { readonly title: string; readonly filters: readonly FileFilter[] }): Promise<string | null>;
  saveFile(options: { readonly title: string; readonly defaultName: string; readonly filters: readonly FileFilter[] }): Promise<string | null>;
}
