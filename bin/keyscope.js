#!/usr/bin/env node
'use strict';
// The keyscope command line, built by `npm run build` into dist/ (cli.js and the pieces it loads on demand), loaded
// with the code cache the build made for it (load-piece.js).
const { join } = require('node:path');
const { loadPiece } = require('./load-piece.js');

const CLI = join(__dirname, '../dist/cli.js');
let cli;
try {
  cli = loadPiece(CLI);
} catch (e) {
  if (e && e.code === 'ENOENT' && e.path === CLI) {
    process.stderr.write('keyscope: not built yet.\nhint: run `npm run build` in the keyscope folder first.\n');
    process.exitCode = 2;
  } else {
    throw e;
  }
}
if (cli) cli.runProcess();
