// `npm start` (after the build): the desktop app in Electron. Electron's npm package holds no binary; it is
// downloaded at first launch. Where it is missing and cannot be downloaded (no network to GitHub, as in some
// workplaces), this says so in one line and serves the same app to the default browser instead (`keyscope ui`).
// Arguments after `npm start --` go to `keyscope ui` (--port, --no-open).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ELECTRON = join(ROOT, 'node_modules/electron');

/** Electron's binary as its own index.js finds it (path.txt, ELECTRON_OVERRIDE_DIST_PATH), or null when absent. */
function electronBinary() {
  let rel = '';
  try {
    rel = readFileSync(join(ELECTRON, 'path.txt'), 'utf8').trim();
  } catch {
    // No path.txt: the binary was never downloaded.
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const bin = override ? join(override, rel || 'electron') : rel ? join(ELECTRON, 'dist', rel) : null;
  return bin && existsSync(bin) ? bin : null;
}

/** Runs Electron's own installer (the download); resolves null when it worked, else the reason in a few words. */
function download() {
  if (!existsSync(join(ELECTRON, 'install.js'))) return Promise.resolve('the electron package is not installed; run npm ci');
  return new Promise((resolve) => {
    // A real download (about 100 MB) takes a while: say so only then, so a quick failure (no route, refused) stays
    // one line. @electron/get draws its own progress bar on a terminal after 30 s; its output is kept for the reason.
    const slow = setTimeout(() => process.stderr.write("keyscope: downloading Electron's binary (first launch only)…\n"), 10_000);
    const child = spawn(process.execPath, [join(ELECTRON, 'install.js')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const done = (why) => {
      clearTimeout(slow);
      resolve(why);
    };
    child.once('error', (e) => done(e.message));
    child.once('exit', (code) => {
      if (code === 0 && electronBinary()) return done(null);
      // The installer prints a stack; its first line says what failed ("TypeError: fetch failed").
      const first = stderr.split('\n').find((l) => l.trim()) ?? `the installer exited ${code}`;
      done(first.replace(/^\w*Error: /, '').trim().slice(0, 160));
    });
  });
}

/** Runs `command` in the foreground; Ctrl-C reaches it (and is not fatal here), and its exit code becomes ours. */
function run(command, args) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.once('error', (e) => {
    process.stderr.write(`keyscope: could not start ${command}: ${e.message}\n`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

let bin = electronBinary();
const why = bin ? null : await download();
bin = bin ?? electronBinary();
if (bin) {
  run(bin, ['.']);
} else {
  process.stderr.write(`keyscope: Electron's binary is not here and could not be downloaded (${why}): opening the app in your browser instead (keyscope ui).\n`);
  run(process.execPath, [join(ROOT, 'bin/keyscope.js'), 'ui', ...process.argv.slice(2)]);
}
