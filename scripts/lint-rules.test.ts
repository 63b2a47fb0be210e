/** The architecture rules in eslint.config.mjs fire where they should, and only there. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: `${__dirname}/..` });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

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
});
