/** Opening a URL in the default browser, where there is one to open: xdg-open, open or Windows' URL handler, in a group of its own. */
import { spawn } from 'node:child_process';

type Env = Readonly<Record<string, string | undefined>>;

/** The command that opens a URL here, or why none should be tried (in words that finish "no browser to open: …"). */
export function browserOpener(platform: NodeJS.Platform, env: Env): { command: string; args: string[] } | { reason: string } {
  if (env.CI && env.CI !== 'false' && env.CI !== '0') return { reason: 'CI is set' };
  switch (platform) {
    case 'darwin':
      return { command: 'open', args: [] };
    case 'win32':
      // What `start URL` does, without cmd's quoting rules (its first quoted argument would be a window title).
      return { command: 'rundll32', args: ['url.dll,FileProtocolHandler'] };
    default:
      if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { reason: 'no DISPLAY or WAYLAND_DISPLAY' };
      return { command: 'xdg-open', args: [] };
  }
}

/** What became of an attempt to open a browser. */
export type OpenOutcome = { readonly started: true; readonly failed: Promise<string | null> } | { readonly started: false; readonly reason: string };

/**
 * Starts the opener on `fileUrl`, a file:// page only: every local user can read an opener's command line, so a URL
 * with a token never goes there (ui-open-page.ts writes the page that carries it). `failed` settles with a reason if
 * the opener exits with an error later (xdg-open may wait for the browser it started, so it is not awaited), or null
 * when it exits cleanly.
 */
export function openBrowser(fileUrl: string, platform: NodeJS.Platform, env: Env): Promise<OpenOutcome> {
  if (!fileUrl.startsWith('file:')) throw new Error('openBrowser takes a file:// page, never a URL that may hold a token');
  const opener = browserOpener(platform, env);
  if ('reason' in opener) return Promise.resolve({ started: false, reason: opener.reason });
  return new Promise((resolve) => {
    // detached: Ctrl-C in this terminal stops keyscope, not a browser the opener started in the foreground.
    const child = spawn(opener.command, [...opener.args, fileUrl], { env: env as NodeJS.ProcessEnv, stdio: 'ignore', detached: true, windowsHide: true });
    child.once('error', (e: NodeJS.ErrnoException) => resolve({ started: false, reason: e.code === 'ENOENT' ? `${opener.command} is not installed` : `${opener.command} failed (${e.code ?? e.message})` }));
    child.once('spawn', () => {
      child.unref();
      const failed = new Promise<string | null>((done) => child.once('exit', (code, signal) => done(code === 0 ? null : `${opener.command} ${code === null ? `stopped by ${signal}` : `exited ${code}`}`)));
      resolve({ started: true, failed });
    });
  });
}
