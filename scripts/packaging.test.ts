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
});
