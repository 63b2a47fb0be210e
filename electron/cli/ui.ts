/**
 * `keyscope ui`: the desktop app's page in the default browser, for machines without Electron's binary. The page
 * is served on 127.0.0.1 with a random token by the browser UI server (electron/browser-ui), which holds the app's
 * handlers: the CLI imports no other front, so it loads that server's own bundle at run time.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserUi, BrowserUiOptions } from '../browser-ui/server.js';
import { keyscopeHome } from '../core/vault/paths.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { escapeControls } from './output.js';
import { browserOpener, openBrowser, type OpenOutcome } from './ui-open-browser.js';
import { writeOpenPage, type OpenPage } from './ui-open-page.js';

/** Where the browser UI's bundle lies beside dist/cli.js (scripts/build.mjs builds both). */
const SERVER_BUNDLE = join(__dirname, '../out/browser-ui/server.js');

interface ServerModule {
  startBrowserUi(options: BrowserUiOptions): Promise<BrowserUi>;
}

/**
 * How long after the first Ctrl-C another is the same one: the terminal signals the whole group, and npm or
 * `npm start` passes it on too. A later one quits at once.
 */
const SAME_CTRL_C_MS = 1000;

/** Resolves on the first Ctrl-C (or SIGTERM); a second Ctrl-C, past SAME_CTRL_C_MS, ends the process at once. */
function untilInterrupted(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      const absorb = () => undefined;
      process.on('SIGINT', absorb);
      setTimeout(() => process.removeListener('SIGINT', absorb), SAME_CTRL_C_MS).unref();
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** How long the page that opens the browser may stay if the browser never fetches the app (a slow or failed start). */
const OPEN_PAGE_LIFETIME_MS = 60_000;

type Opening = OpenOutcome | { readonly started: false; readonly notWritten: string };

/**
 * Opens the browser on a 0600 page that redirects to `url`, never on `url` itself (its token would be on the
 * opener's and the browser's command lines). The file goes once the app is served with the token, after a minute,
 * or when keyscope stops.
 */
async function openThroughPage(url: string, env: CliIo['env'], pages: Set<OpenPage>): Promise<Opening> {
  const opener = browserOpener(process.platform, env);
  if ('reason' in opener) return { started: false, reason: opener.reason };
  const written = writeOpenPage(keyscopeHome(env), url);
  if (!written.ok) return { started: false, notWritten: written.reason };
  pages.add(written.page);
  setTimeout(() => (written.page.remove(), pages.delete(written.page)), OPEN_PAGE_LIFETIME_MS).unref();
  const opened = await openBrowser(written.page.fileUrl, process.platform, env);
  if (!opened.started) written.page.remove();
  return opened;
}

const removeAll = (pages: Set<OpenPage>) => {
  for (const p of pages) p.remove();
  pages.clear();
};

function loadServer(): ServerModule {
  if (!existsSync(SERVER_BUNDLE)) throw new UsageError('the app is not built yet (keyscope ui serves the built app).', 'run `npm run build` in the keyscope folder first.');
  return createRequire(__filename)(SERVER_BUNDLE) as ServerModule;
}

async function runUi(flags: { port?: string; open: boolean }, io: CliIo): Promise<number> {
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (0–65535), not "${flags.port}".`);
  const { startBrowserUi } = loadServer();
  // Listening for Ctrl-C before anything starts: pressed early, it still stops keyscope cleanly.
  const interrupted = untilInterrupted();
  let ui: BrowserUi;
  const pages = new Set<OpenPage>();
  try {
    // The page with the token has reached a browser: the file that led there has done its work.
    ui = await startBrowserUi({ env: io.env, port, onPageServed: () => removeAll(pages) });
  } catch (e) {
    const hint = (e as { hint?: unknown }).hint;
    // The message may quote a setting (an AWS_CA_BUNDLE path): escaped, so it cannot drive the terminal.
    io.stderr(`keyscope: the app could not start: ${escapeControls((e as Error).message)}\n`);
    if (typeof hint === 'string') io.stderr(`hint: ${escapeControls(hint)}\n`);
    // A setting keyscope cannot work with (AWS_CA_BUNDLE, a proxy variable) is a usage error, exit 2, as for every
    // other command; anything else (the port taken) could not be done: 3.
    return (e as { usage?: unknown }).usage === true ? EXIT.usage : EXIT.undecided;
  }
  // The URL comes first, alone on its line: scripts and the e2e tests read it there.
  io.stdout(`${ui.url}\n`);
  const opened: Opening = flags.open ? await openThroughPage(ui.url, io.env, pages) : { started: false, reason: '--no-open' };
  if (opened.started) {
    io.stderr('keyscope: opening the app in your browser; serving it on 127.0.0.1 until Ctrl-C.\n');
    void opened.failed.then((why) => why && io.stderr(`keyscope: could not open a browser (${why}): open the URL above. Serving until Ctrl-C.\n`));
  } else if ('notWritten' in opened) {
    io.stderr(`keyscope: the browser was not opened: ${escapeControls(opened.notWritten)}. Open the URL above. Serving on 127.0.0.1 until Ctrl-C.\n`);
  } else {
    io.stderr(`keyscope: no browser to open (${opened.reason}): open the URL above. Serving on 127.0.0.1 until Ctrl-C.\n`);
  }
  await interrupted;
  removeAll(pages);
  await ui.close();
  io.stderr('keyscope: stopped.\n');
  // Work the page started (a check waiting on AWS for up to 20 s, a keychain save, a review) may still hold the
  // process: said once it has for a while (the timer holds nothing itself), and a second Ctrl-C quits at once.
  setTimeout(() => io.stderr('keyscope: waiting for the work the page started to end (a check waiting on AWS, a save, a review); Ctrl-C again to quit at once.\n'), SAME_CTRL_C_MS).unref();
  return EXIT.ok;
}

/** Registers `keyscope ui`. */
export function addUiCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('ui')
    .description('the app in your browser: served on 127.0.0.1 with a random token, its URL printed on the first line; Ctrl-C stops it')
    .option('--port <port>', 'serve on this port (default: a free one)')
    .option('--no-open', 'print the URL only; do not open a browser')
    .action(async (flags: { port?: string; open: boolean }) => setExit(await runUi(flags, io)));
}
