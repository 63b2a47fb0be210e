/** The electronegativity gate: clean on electron/, and it does fail on an insecure window. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const run = (dir?: string) => spawnSync('node', [join(ROOT, 'scripts/electronegativity.cjs'), ...(dir ? [dir] : [])], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

describe('electronegativity', () => {
  it('finds nothing unreviewed in electron/', () => {
    const r = run();
    expect(r.stdout).toMatch(/electronegativity: 0 findings/);
    expect(r.status).toBe(0);
  }, 120_000);

  it('fails on a window without isolation or sandbox, and on an app without navigation limits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-insecure-'));
    mkdirSync(join(dir, 'main'));
    writeFileSync(join(dir, 'main', 'index.js'), "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n");
    const r = run(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/SANDBOX_JS_CHECK/);
    expect(r.stderr).toMatch(/CONTEXT_ISOLATION_JS_CHECK/);
    expect(r.stderr).toMatch(/LIMIT_NAVIGATION_GLOBAL_CHECK/);
  }, 120_000);
});
