/** The packaging configuration points at files that exist and packs only what the app needs at run time. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const config = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };

describe('packaging', () => {
  it('has a 1024x1024 PNG icon', () => {
    const png = readFileSync(join(ROOT, 'build/icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
    expect(config).toMatch(/^icon: build\/icon\.png$/m);
  });

  it('targets AppImage and deb, dmg, and nsis', () => {
    expect(config).toMatch(/target: \[AppImage, deb\]/);
    expect(config).toMatch(/target: dmg/);
    expect(config).toMatch(/target: nsis/);
  });

  it('starts from the built main process and keeps the keychain binding outside the archive', () => {
    expect(pkg.main).toBe('out/main/index.js');
    expect(pkg.dependencies['@napi-rs/keyring']).toBeDefined();
    expect(pkg.dependencies.keytar).toBeUndefined();
    expect(config).toMatch(/asarUnpack:\n {2}- '\*\*\/node_modules\/@napi-rs\/keyring\*\/\*\*'/);
    expect(existsSync(join(ROOT, 'scripts/build.mjs'))).toBe(true);
  });

  it('packs an app whose Electron fuses are set for the security checklist, each fuse one electron-builder knows', () => {
    // The fuses are what the installed electron-builder checks its configuration against (app-builder-lib's schema).
    const fuses = /^electronFuses:\n((?: {2}\w+: (?:true|false)\n)+)/m.exec(config)?.[1] ?? '';
    const set = Object.fromEntries([...fuses.matchAll(/^ {2}(\w+): (true|false)$/gm)].map((m) => [m[1], m[2] === 'true']));
    expect(set).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as { definitions: { FuseOptionsV1: { properties: Record<string, unknown> } } };
    for (const fuse of Object.keys(set)) expect(scheme.definitions.FuseOptionsV1.properties, fuse).toHaveProperty(fuse);
  });
});
