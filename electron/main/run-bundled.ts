/**
 * Runs an Electron entry point (electron/main/index.ts, electron/preload/index.ts) the way it ships: bundled by
 * esbuild with the options of scripts/build.mjs, `electron` left external, then evaluated as a CommonJS module whose
 * `require('electron')` answers a recorded stand-in. Test-only: no Electron binary here.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { compileFunction } from 'node:vm';
import { reviewWorkerBundle } from '../core/review/test-kit.js';

const ROOT = join(__dirname, '../..');
const bundles = new Map<string, Promise<string>>();

/** The entry's bundle, built once per test file. */
function bundle(entry: string): Promise<string> {
  let code = bundles.get(entry);
  if (!code) {
    code = build({
      entryPoints: [join(ROOT, entry)],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      mainFields: ['module', 'main'],
      external: ['electron', '@napi-rs/keyring'],
      write: false,
      logLevel: 'silent',
    }).then((r) => r.outputFiles[0]?.text ?? '');
    bundles.set(entry, code);
  }
  return code;
}

/** Puts the renderer's page in `out/renderer`, as the build does: main refuses to start without it (pageNotBuilt). */
export function placeBuiltPage(out: string): void {
  mkdirSync(join(out, 'renderer'), { recursive: true });
  copyFileSync(join(ROOT, 'renderer/index.html'), join(out, 'renderer/index.html'));
}

/**
 * Bundles `entry` (relative to the repository) and runs it once, as if it were `<dirname>/index.js`, with `electron`
 * as what `require('electron')` returns. Returns the ids the bundle required (a sandboxed preload may require only
 * 'electron').
 */
export async function runBundled(entry: string, electron: unknown, dirname: string): Promise<string[]> {
  const code = await bundle(entry);
  const filename = join(dirname, 'index.js');
  const realRequire = createRequire(join(ROOT, 'package.json'));
  const required: string[] = [];
  const require = (id: string): unknown => {
    required.push(id);
    return id === 'electron' ? electron : realRequire(id);
  };
  // Main starts the review worker from the bundle beside its own, as scripts/build.mjs lays them out.
  if (entry === 'electron/main/index.ts') {
    mkdirSync(dirname, { recursive: true });
    copyFileSync(reviewWorkerBundle(), join(dirname, 'review-worker.js'));
  }
  const module = { exports: {} };
  compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename })(module.exports, require, module, filename, dirname);
  return required;
}
