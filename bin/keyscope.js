#!/usr/bin/env node
'use strict';
// The keyscope command line, built by `npm run build` into dist/cli.js.
try {
  require('../dist/cli.js').runProcess();
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('dist/cli.js')) {
    process.stderr.write('keyscope: not built yet.\nhint: run `npm run build` in the keyscope folder first.\n');
    process.exitCode = 2;
  } else {
    throw e;
  }
}
