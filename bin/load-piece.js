'use strict';
/**
 * Loads a built piece of the command line (dist/cli.js, and the pieces it requires: dist/cli-*.js) as require()
 * would, but with the V8 code cache the build made beside it (dist/*.js.cache, scripts/build-cli-cache.mjs).
 * Compiling the bundle and the functions a first run calls is most of what keyscope adds to a cold start, and Node 20
 * has no compile cache of its own. A cache made for another build of the file (its size or time differ), or by
 * another Node or other V8 flags (V8 refuses it), is not used: the file then compiles as usual.
 */
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire } = require('node:module');

const MAGIC = 'keyscope-code-cache';

/** The pieces loaded in this process, by path: their module, and the script the build turns into a cache. */
const pieces = new Map();

/** The function text Node's CommonJS loader compiles for a module; the cache is made for exactly this text. */
function wrap(source) {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
}

/**
 * What ties a cache to one build of its file: a rebuild or an edit changes the size or the modification time; and to
 * its place (V8 keeps the file name the cache was made with, for stack traces).
 */
function fingerprint(file) {
  const stat = fs.statSync(file);
  return Buffer.from(`${MAGIC} ${stat.size} ${stat.mtimeMs} ${file}\n`);
}

/** V8's data from `file`.cache when it was made for this build of `file`, else undefined. */
function cachedDataFor(file) {
  let data;
  try {
    data = fs.readFileSync(`${file}.cache`);
  } catch {
    return undefined; // no cache (not built yet, or removed): compiled as usual
  }
  const header = fingerprint(file);
  return data.subarray(0, header.length).equals(header) ? data.subarray(header.length) : undefined;
}

/** Loads `file` (an absolute path) once, as a CommonJS module; its `./cli-*.js` requires load the same way. */
function loadPiece(file) {
  const known = pieces.get(file);
  if (known) return known.module.exports;
  const source = fs.readFileSync(file, 'utf8');
  const cachedData = cachedDataFor(file);
  const script = new vm.Script(wrap(source), { filename: file, cachedData });
  const module = { exports: {}, id: file, filename: file, loaded: false };
  pieces.set(file, { module, script, cached: cachedData !== undefined && !script.cachedDataRejected });
  const dir = path.dirname(file);
  const nodeRequire = createRequire(file);
  const pieceRequire = (id) => (/^\.\/cli-[\w-]+\.js$/.test(id) ? loadPiece(path.join(dir, id)) : nodeRequire(id));
  pieceRequire.resolve = nodeRequire.resolve;
  pieceRequire.cache = nodeRequire.cache;
  script.runInThisContext().call(module.exports, module.exports, pieceRequire, module, file, dir);
  module.loaded = true;
  return module.exports;
}

/** Writes the code cache of every piece loaded so far (the build calls this after a warm-up run). */
function writeCaches() {
  for (const [file, { script }] of pieces) {
    fs.writeFileSync(`${file}.cache`, Buffer.concat([fingerprint(file), script.createCachedData()]));
  }
  return [...pieces.keys()];
}

/** The pieces loaded so far, and whether each was compiled from its cache. */
function loadedPieces() {
  return [...pieces].map(([file, { cached }]) => ({ file, cached }));
}

// eslint's globals for plain .js files leave out CommonJS's module object.
// eslint-disable-next-line no-undef
module.exports = { loadPiece, loadedPieces, writeCaches };
