// Runs @doyensec/electronegativity on electron/ (or the folder given) and fails on any finding not reviewed below.
// electronegativity requires 'commander' without declaring it, and gets this project's commander 14, whose API
// it cannot use; here its require('commander') is pointed at the commander 2 it was written for.
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');

const pkgDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const oldCommander = require.resolve('electronegativity-commander');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'commander' && parent && parent.filename && parent.filename.startsWith(pkgDir)) return oldCommander;
  return resolve.call(this, request, parent, ...rest);
};

const out = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'keyscope-electronegativity-'));
fs.mkdirSync(out, { recursive: true });
const report = path.join(out, 'report.sarif');
const electronVersion = require('electron/package.json').version;
const input = process.argv[2] ?? 'electron';
process.argv = [process.argv[0], 'electronegativity', '-i', input, '-o', report, '-r', '-e', electronVersion];

/**
 * Findings electronegativity marks for manual review, reviewed here. Anything else, and any of these at another
 * place, fails the run.
 */
const REVIEWED = {
  CSP_GLOBAL_CHECK: {
    file: 'main/window.ts',
    review:
      "csp-evaluator notes that script-src 'self' is risky where JSONP, Angular or user uploads are served. The " +
      'renderer is served from its own app://keyscope origin holding only the built bundle: no JSONP, no Angular, no ' +
      'uploads; everything else is default-src none.',
  },
  PRELOAD_JS_CHECK: {
    file: 'main/window.ts',
    review:
      'The preload is the IPC contract\'s narrow API (electron/preload/index.ts): contextBridge, one named function per ' +
      'channel (shared/api-names.ts) and an event subscription; it runs sandboxed with context isolation.',
  },
};
process.on('exit', (code) => {
  if (code !== 0) return;
  let findings;
  try {
    findings = JSON.parse(fs.readFileSync(report, 'utf8')).runs.flatMap((run) =>
      (run.results ?? []).map((r) => ({
        id: r.ruleId,
        file: r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? 'N/A',
        line: r.locations?.[0]?.physicalLocation?.region?.startLine ?? 0,
        message: r.message?.text ?? '',
      })),
    );
  } catch (e) {
    console.error(`electronegativity wrote no readable report: ${e.message}`);
    process.exitCode = 1;
    return;
  }
  const open = findings.filter((f) => {
    const reviewed = REVIEWED[f.id];
    if (reviewed && f.file.endsWith(reviewed.file)) {
      console.log(`electronegativity: ${f.id} at ${reviewed.file}: reviewed: ${reviewed.review}`);
      return false;
    }
    return true;
  });
  if (open.length > 0) {
    console.error(`electronegativity: ${open.length} finding(s):`);
    for (const f of open) console.error(`  ${f.id} ${f.file}:${f.line} ${f.message}`);
    process.exitCode = 1;
  } else {
    console.log(`electronegativity: 0 findings (${findings.length} reviewed)`);
  }
});
require(path.join(pkgDir, 'dist', 'index.js'));
