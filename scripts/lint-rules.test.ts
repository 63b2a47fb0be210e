/** The architecture rules in eslint.config.mjs fire where they should, and only there. */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const eslint = new ESLint({ cwd: ROOT });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

let probes = 0;

/** Lints `code` as a real file in `dir` (as `npm run lint` finds it), then removes the file. */
async function restrictedInFile(dir: string, code: string, ext = 'ts'): Promise<string[]> {
  probes += 1;
  const file = join(ROOT, dir, `lint-probe-${process.pid}-${probes}.${ext}`);
  writeFileSync(file, code, { flag: 'wx' });
  try {
    const [result] = await eslint.lintFiles([file]);
    return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
  } finally {
    rmSync(file, { force: true });
  }
}

const importing = (from: string) => `import type * as probe from '${from}';\nexport type Probe = typeof probe;\n`;

describe('lint rules', () => {
  it('keeps electron out of the core, the CLI and shared code', async () => {
    for (const file of ['electron/core/aws/new-file.ts', 'electron/cli/new-file.ts', 'shared/new-file.ts']) {
      expect(await restrictedImports(file, "import { app } from 'electron';\nexport const a = app;\n")).toEqual([expect.stringMatching(/plain Node/)]);
    }
  });

  it('lets the main process import electron, and only the two IPC wrappers import ipcMain or ipcRenderer', async () => {
    expect(await restrictedImports('electron/main/new-file.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(await restrictedImports('electron/main/new-file.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n")).toEqual([expect.stringMatching(/touch IPC/)]);
    expect(await restrictedImports('electron/main/index.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n")).toEqual([]);
    expect(await restrictedImports('electron/preload/index.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toEqual([]);
  });

  it('allows one importer each for the signer and the XML parser', async () => {
    expect(await restrictedImports('electron/core/aws/new-file.ts', "import { SignatureV4 } from '@smithy/signature-v4';\nexport const s = SignatureV4;\n")).toHaveLength(1);
    expect(await restrictedImports('electron/core/aws/sign.ts', "import { SignatureV4 } from '@smithy/signature-v4';\nexport const s = SignatureV4;\n")).toEqual([]);
    expect(await restrictedImports('electron/cli/new-file.ts', "import { XMLParser } from 'fast-xml-parser';\nexport const p = XMLParser;\n")).toHaveLength(1);
    expect(await restrictedImports('electron/core/aws/xml.ts', "import { XMLParser } from 'fast-xml-parser';\nexport const p = XMLParser;\n")).toEqual([]);
  });

  it('keeps the rooms apart: each forbidden import fires in its folder', async () => {
    const forbidden: Array<[dir: string, from: string, ext: string, why: RegExp]> = [
      ['electron/core', '../cli/io.js', 'ts', /core serves both fronts/],
      ['electron/core', '../handlers/guards.js', 'ts', /core serves both fronts/],
      ['electron/core', '../main/ipc.js', 'ts', /core serves both fronts/],
      ['electron/core/aws', '../../../renderer/src/format.js', 'ts', /core serves both fronts/],
      ['electron/core', '../../shared/contract.js', 'ts', /contract \(channels\)/],
      ['electron/core/vault', '../verify.js', 'ts', /imports no use case/],
      ['electron/core/vault', '../checks.js', 'ts', /imports no use case/],
      ['electron/core/vault', '../review/findings.js', 'ts', /imports no use case/],
      ['electron/handlers', '../cli/io.js', 'ts', /handlers import no front/],
      ['electron/cli', '../handlers/guards.js', 'ts', /CLI imports no other front/],
      ['renderer/src', '../../electron/core/verify', 'tsx', /renderer imports only shared/],
      ['shared', '../electron/core/verify.js', 'ts', /imports nothing outside shared/],
      ['electron/handlers', 'electron', 'ts', /plain Node/],
    ];
    for (const [dir, from, ext, why] of forbidden) {
      expect({ dir, from, messages: await restrictedInFile(dir, importing(from), ext) }).toEqual({ dir, from, messages: [expect.stringMatching(why)] });
    }
  });

  it('lets each room import what it builds on', async () => {
    const permitted: Array<[dir: string, from: string, ext: string]> = [
      ['electron/core', '../../shared/model.js', 'ts'],
      ['electron/core/vault', '../../../shared/failure.js', 'ts'],
      ['electron/core/vault', './profiles.js', 'ts'],
      ['electron/handlers', '../core/checks.js', 'ts'],
      ['electron/handlers', '../../shared/contract.js', 'ts'],
      ['electron/cli', '../core/checks.js', 'ts'],
      ['renderer/src', '../../shared/contract', 'tsx'],
      ['shared', './model.js', 'ts'],
    ];
    for (const [dir, from, ext] of permitted) {
      expect({ dir, from, messages: await restrictedInFile(dir, importing(from), ext) }).toEqual({ dir, from, messages: [] });
    }
    // A vault test may drive the vault with the real check (linted in place: a real *.test.ts would be collected).
    expect(await restrictedImports('electron/core/vault/new-file.test.ts', importing('../verify.js'))).toEqual([]);
    expect(await restrictedImports('electron/core/vault/new-file.ts', importing('../verify.js'))).toEqual([expect.stringMatching(/imports no use case/)]);
  });
});
