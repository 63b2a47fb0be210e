/**
 * `npm start` after its build (scripts/start.mjs): Electron where its binary is, else one line saying why and the
 * same app in the browser. Electron's binary is pointed elsewhere with its own ELECTRON_OVERRIDE_DIST_PATH, and its
 * download at a closed loopback port with its own ELECTRON_MIRROR, so the test never touches node_modules/electron.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../e2e/fixtures/ports.js';

const ROOT = join(__dirname, '..');
const dirs: string[] = [];
const tempDir = (what: string) => {
  const dir = mkdtempSync(join(tmpdir(), `keyscope-start-${what}-`));
  dirs.push(dir);
  return dir;
};

beforeAll(() => {
  if (!existsSync(join(ROOT, 'out/browser-ui/server.js')) || !existsSync(join(ROOT, 'dist/cli.js'))) execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT });
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function start(env: Record<string, string>) {
  const home = tempDir('home');
  const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], {
    env: { PATH: process.env.PATH ?? '', HOME: home, KEYSCOPE_HOME: join(home, 'store'), electron_config_cache: tempDir('cache'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exit, out: () => stdout, err: () => stderr };
}

describe('npm start', () => {
  it('without Electron and its download: one line saying so, then the app in the browser until Ctrl-C', async () => {
    const run = start({ ELECTRON_OVERRIDE_DIST_PATH: tempDir('no-electron'), ELECTRON_MIRROR: `http://127.0.0.1:${await freePort()}/` });
    const url = new URL(await new Promise<string>((resolve, reject) => {
      createInterface({ input: run.child.stdout }).once('line', resolve);
      void run.exit.then((code) => reject(new Error(`start exited (${code}): ${run.err()}`)));
    }));
    expect((await fetch(url)).status).toBe(200);
    await new Promise<void>((resolve) => {
      const check = () => /no browser to open.*\n/.test(run.err()) && resolve();
      run.child.stderr.on('data', check);
      check();
    });
    const lines = run.err().trimEnd().split('\n');
    expect(lines).toEqual([
      "keyscope: Electron's binary is not here and could not be downloaded (fetch failed): opening the app in your browser instead (keyscope ui).",
      'keyscope: no browser to open (no DISPLAY or WAYLAND_DISPLAY): open the URL above. Serving on 127.0.0.1 until Ctrl-C.',
    ]);
    // Ctrl-C from the terminal reaches the whole group; signalling start alone must stop the server too.
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    expect(run.err()).toMatch(/keyscope: stopped\.\n$/);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('with Electron: launches it on the app folder, passes its exit code on, and serves nothing', async () => {
    const dist = tempDir('electron');
    const seen = join(dist, 'seen');
    writeFileSync(join(dist, 'electron'), `#!/bin/sh\nprintf '%s|%s' "$(pwd)" "$*" > '${seen}'\nexit 7\n`);
    chmodSync(join(dist, 'electron'), 0o755);
    const run = start({ ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(await run.exit).toBe(7);
    expect(readFileSync(seen, 'utf8')).toBe(`${ROOT.replace(/\/$/, '')}|.`);
    expect(run.out()).toBe('');
    expect(run.err()).toBe('');
  });
});
