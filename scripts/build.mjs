// Builds everything with esbuild: the CLI (dist/cli.js), and the desktop app in out/: the Electron main process,
// a single-file preload, the React renderer with its page and styles, and the browser UI server (`keyscope ui`).
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const only = process.argv[2]; // "cli" builds just the command line
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // ES module builds first: they tree-shake (@smithy/core drops from 128 KiB to 5 KiB).
  mainFields: ['module', 'main'],
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
};

const jobs = [
  build({
    ...common,
    entryPoints: ['electron/cli/index.ts'],
    outfile: 'dist/cli.js',
    minify: true,
    // The keychain binding is a native module: loaded from node_modules at run time, only by commands that use the keychain.
    external: ['@napi-rs/keyring'],
  }),
];

if (only !== 'cli') {
  jobs.push(
    build({ ...common, entryPoints: ['electron/main/index.ts'], outfile: 'out/main/index.js', external: ['electron', '@napi-rs/keyring'] }),
    // A sandboxed preload may require only 'electron': everything else is bundled into this one file.
    build({ ...common, entryPoints: ['electron/preload/index.ts'], outfile: 'out/preload/index.js', external: ['electron'] }),
    build({
      ...common,
      platform: 'browser',
      target: ['chrome120'],
      format: 'iife',
      entryPoints: { app: 'renderer/src/main.tsx' },
      outdir: 'out/renderer/assets',
      jsx: 'automatic',
      minify: true,
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.css': 'css' },
    }),
    build({ ...common, platform: 'browser', entryPoints: { app: 'renderer/src/styles.css' }, outdir: 'out/renderer/assets', minify: true }),
    // The app in a browser (`keyscope ui`, and the e2e tests): the renderer with the real handlers behind it over
    // loopback HTTP. Its own bundle, loaded by the CLI at run time: the CLI itself holds no handlers.
    build({ ...common, entryPoints: ['electron/browser-ui/server.ts'], outfile: 'out/browser-ui/server.js', external: ['@napi-rs/keyring'] }),
  );
  mkdirSync('out/renderer', { recursive: true });
  copyFileSync('renderer/index.html', 'out/renderer/index.html');
}
await Promise.all(jobs);
