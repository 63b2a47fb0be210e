// Builds the command line into one minified file: fast to start, nothing to resolve at run time.
import { build } from 'esbuild';

await build({
  entryPoints: ['electron/cli/index.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // ES module builds first: they tree-shake (@smithy/core drops from 128 KiB to 5 KiB).
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  // keytar is a native module: loaded from node_modules at run time, and only by commands that use the keychain.
  external: ['keytar'],
  logLevel: 'warning',
});
