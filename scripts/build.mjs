// Builds everything with esbuild: the CLI (dist/cli.js), and the desktop app in out/: the Electron main process,
// a single-file preload, the Preact renderer with its page and styles, and the browser UI server (`keyscope ui`).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
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

// The CLI in pieces, so a cold `keyscope verify` reads and compiles only what it runs (each piece is a file Node parses
// whole): dist/cli.js holds the hot commands (verify and sts get-caller-identity with the environment's key, no
// commander); dist/cli-commands.js the whole program on commander, loaded for any other command line;
// dist/cli-xml.js fast-xml-parser, loaded by the first answer the fast XML reader does not take; and
// dist/cli-profile.js the AWS files' reader, loaded by a hot command only when one of those files exists. Each piece is
// bundled whole (duplicated core code costs disk, not time: a process loads the commands piece only on that path).
const CLI_PIECES = [
  // [importer (a file, or any), specifier, the piece it becomes]
  ['electron/cli/index.ts', './program.js', './cli-commands.js'],
  ['electron/cli/hot.ts', '../core/credentials/loaded-profile.js', './cli-profile.js'],
  [null, 'fast-xml-parser', './cli-xml.js'],
];
const cliPieces = {
  name: 'cli-pieces',
  setup(b) {
    for (const [importer, specifier, piece] of CLI_PIECES) {
      const filter = new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
      b.onResolve({ filter }, (args) => (importer === null || args.importer.endsWith(importer) ? { path: piece, external: true } : undefined));
    }
  },
};
// @smithy/core's serde helpers load Node's crypto at import for a UUID helper that signing never calls: the import
// of node:crypto, and `v4 = bindV4(...)`, whose `typeof crypto` check builds the global WebCrypto. Either costs a cold
// start over plain http (where nothing else needs crypto) a few ms; here both wait for first use. Should smithy
// change those lines, the replace finds nothing and only the saving is lost.
const SMITHY_SERDE = /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]serde[\\/]index\.js$/;
const lazyCryptoForSmithy = {
  name: 'lazy-crypto-for-smithy',
  setup(b) {
    b.onResolve({ filter: /^node:crypto$/ }, (args) => (/[\\/]@smithy[\\/]core[\\/]/.test(args.importer) ? { path: 'lazy-crypto', namespace: 'lazy-crypto' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-crypto' }, () => ({
      contents: `const c = () => require('node:crypto');
export const getRandomValues = (a) => c().getRandomValues(a);
export const createHash = (...a) => c().createHash(...a);
export const createHmac = (...a) => c().createHmac(...a);`,
      loader: 'js',
    }));
    b.onLoad({ filter: SMITHY_SERDE }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace('export const v4 = bindV4(_getRandomValues);', 'let bound; export const v4 = () => (bound ??= bindV4(_getRandomValues))();'),
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};
const cli = {
  ...common,
  minify: true,
  // `import()` of a piece becomes require(): loading a CommonJS file through the ES module loader costs more.
  supported: { 'dynamic-import': false },
  plugins: [cliPieces, lazyCryptoForSmithy],
  // The keychain binding is a native module: loaded from node_modules at run time, only by commands that use the keychain.
  external: ['@napi-rs/keyring'],
};

const jobs = [
  build({ ...cli, entryPoints: ['electron/cli/index.ts'], outfile: 'dist/cli.js' }),
  build({ ...cli, entryPoints: ['electron/cli/program.ts'], outfile: 'dist/cli-commands.js' }),
  build({ ...cli, entryPoints: ['electron/core/credentials/loaded-profile.ts'], outfile: 'dist/cli-profile.js' }),
  build({ ...cli, plugins: [], stdin: { contents: "module.exports = require('fast-xml-parser');", resolveDir: '.', loader: 'js' }, outfile: 'dist/cli-xml.js' }),
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
      // Preact itself, without its React compatibility layer (issue 11): a tenth of react-dom's code to load and run
      // before the first paint, and compat's 6 KB more would take the script past 35 KiB gzipped.
      jsxImportSource: 'preact',
      minify: true,
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.css': 'css' },
    }),
    build({ ...common, platform: 'browser', entryPoints: { app: 'renderer/src/styles.css' }, outdir: 'out/renderer/assets', minify: true }),
    // The app in a browser (`keyscope ui`, and the e2e tests): the renderer with the real handlers behind it over
    // loopback HTTP. Its own bundle, loaded by the CLI at run time: the CLI itself holds no handlers.
    build({ ...common, entryPoints: ['electron/browser-ui/server.ts'], outfile: 'out/browser-ui/server.js', external: ['@napi-rs/keyring'] }),
    // A review's reading, finding and saving run in a worker thread (electron/handlers/review-job.ts), whose bundle
    // lies beside each of the two bundles that start one.
    ...['out/main', 'out/browser-ui'].map((dir) => build({ ...common, entryPoints: ['electron/handlers/review-worker.ts'], outfile: `${dir}/review-worker.js` })),
  );
  mkdirSync('out/renderer', { recursive: true });
  copyFileSync('renderer/index.html', 'out/renderer/index.html');
}
await Promise.all(jobs);
// The CLI's code cache, in a child: it runs the pieces as the binary does, and V8 takes the cache only from this Node
// with the same flags as the process that made it.
execFileSync(process.execPath, ['scripts/build-cli-cache.mjs'], { stdio: 'inherit' });
