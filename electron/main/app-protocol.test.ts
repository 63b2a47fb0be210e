/** The app:// protocol on a real folder: what it serves, with which headers, and every way out it refuses. */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_PAGE, CONTENT_SECURITY_POLICY, appPath, serveAppFile } from './app-protocol.js';

const SECRET = 'aws_secret_access_key = outside the bundle';
let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'keyscope-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>keyscope</title>');
  writeFileSync(join(root, 'assets/app.js'), 'void 0;');
  writeFileSync(join(root, 'assets/app.css'), 'body{}');
  writeFileSync(join(root, 'assets/app.js.map'), '{}');
  writeFileSync(join(root, 'assets/LEGAL.txt'), 'MIT');
  writeFileSync(join(root, 'assets/blob.bin'), 'bytes');
  writeFileSync(join(base, 'secret.txt'), SECRET);
  mkdirSync(join(base, 'elsewhere'));
  writeFileSync(join(base, 'elsewhere/secret.txt'), SECRET);
  symlinkSync(join(base, 'secret.txt'), join(root, 'escape.txt'));
  symlinkSync(join(base, 'elsewhere'), join(root, 'linked'));
  symlinkSync(join(root, 'assets/app.js'), join(root, 'alias.js'));
});

describe('serveAppFile', () => {
  it('serves the renderer\'s files with their content type, nosniff and the CSP', async () => {
    const cases: Array<[string, string]> = [
      [APP_PAGE, 'text/html'],
      ['app://keyscope/assets/app.js', 'text/javascript'],
      ['app://keyscope/assets/app.css', 'text/css'],
      ['app://keyscope/assets/app.js.map', 'application/json'],
      ['app://keyscope/assets/LEGAL.txt', 'text/plain'],
      ['app://keyscope/assets/blob.bin', 'application/octet-stream'],
      // A query or fragment does not change the file.
      [`${APP_PAGE}?t=1#/profiles`, 'text/html'],
    ];
    for (const [url, type] of cases) {
      const r = await serveAppFile(root, url);
      expect(r.status, url).toBe(200);
      expect(r.headers.get('content-type'), url).toBe(type);
      expect(r.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(r.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
    expect(await (await serveAppFile(root, APP_PAGE)).text()).toBe('<!doctype html><title>keyscope</title>');
  });

  it('is the only carrier of the policy: the page holds no meta policy (it would stop Chromium\'s preload scanner)', () => {
    const html = readFileSync(join(__dirname, '../../renderer/index.html'), 'utf8');
    expect(html).not.toMatch(/<meta[^>]+http-equiv="Content-Security-Policy"/i);
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self';/);
  });

  it('follows a symlink that stays inside the bundle', async () => {
    const r = await serveAppFile(root, 'app://keyscope/alias.js');
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('void 0;');
  });

  it('refuses every way out of the bundle, and what is not a file in it: 404 with nosniff and the CSP', async () => {
    const urls = [
      'app://keyscope/../secret.txt',
      'app://keyscope/%2e%2e/secret.txt',
      'app://keyscope/%2E%2E/secret.txt',
      'app://keyscope/..%2fsecret.txt',
      'app://keyscope/%2e%2e%2fsecret.txt',
      'app://keyscope/assets/..%2f..%2fsecret.txt',
      'app://keyscope/..%5csecret.txt',
      `app://keyscope/${encodeURIComponent(join(base, 'secret.txt'))}`,
      `app://keyscope/${join(base, 'secret.txt')}`,
      'app://keyscope/escape.txt',
      'app://keyscope/linked/secret.txt',
      'app://keyscope/index.html%00.txt',
      'app://keyscope/%E0%A4%A',
      'app://elsewhere/index.html',
      'file:///etc/passwd',
      'app://keyscope/',
      'app://keyscope/assets',
      'app://keyscope/missing.js',
      'not a url',
    ];
    for (const url of urls) {
      const r = await serveAppFile(root, url);
      expect(r.status, url).toBe(404);
      expect(await r.text(), url).toBe('not found');
      expect(r.headers.get('content-type'), url).toBe('text/plain');
      expect(r.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(r.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });
});

describe('appPath', () => {
  it('names a file inside the root, or nothing', () => {
    expect(appPath(root, 'app://keyscope/assets/app.js')).toBe(join(root, 'assets/app.js'));
    // The URL parser resolves `..` and `%2e%2e` itself: what is left stays inside the root.
    expect(appPath(root, 'app://keyscope/%2e%2e/secret.txt')).toBe(join(root, 'secret.txt'));
    // Escaped slashes are decoded after parsing: refused before the disk is touched.
    expect(appPath(root, 'app://keyscope/..%2fsecret.txt')).toBeNull();
    expect(appPath(root, 'app://keyscope/assets/..%2f..%2f..%2fsecret.txt')).toBeNull();
    expect(appPath(root, 'app://other/index.html')).toBeNull();
  });
});
