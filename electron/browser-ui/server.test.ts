/**
 * The browser UI's static files, in process on a real renderer folder: the same rules as app:// over HTTP, asked with
 * raw request lines a browser would have normalised first (`..`, escaped dots and slashes, backslashes, NUL, a very
 * long path, a symlink out of the folder), and a request target that is no path at all.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../main/app-protocol.js';
import { startBrowserUi, type BrowserUi } from './server.js';

const SECRET = 'aws_secret_access_key = outside the bundle';
let base: string;
let ui: BrowserUi;
let url: URL;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'keyscope-ui-files-'));
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><!--harness-api-->');
  writeFileSync(join(root, 'assets/app.js'), 'void 0;');
  writeFileSync(join(base, 'secret.txt'), SECRET);
  symlinkSync(join(base, 'secret.txt'), join(root, 'escape.txt'));
  ui = await startBrowserUi({ env: { KEYSCOPE_HOME: join(base, 'store') }, rendererDir: root });
  url = new URL(ui.url);
});
afterAll(async () => {
  await ui?.close();
  rmSync(base, { recursive: true, force: true });
});

/** One HTTP/1.0 GET (a body without chunks to read) with `target` sent as written in the request line, to the server's own host. */
function get(target: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(`GET ${target} HTTP/1.0\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`));
    let raw = '';
    socket.on('data', (d: Buffer) => (raw += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', ...rest] = raw.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: rest.join('\r\n\r\n') });
    });
  });
}

describe('keyscope ui serving the renderer\'s files', () => {
  it('serves a file of the folder, whatever the query, with its type, nosniff and the CSP', async () => {
    for (const target of ['/assets/app.js', '/assets/app.js?x=1', '/./assets/../assets/app.js']) {
      const r = await get(target);
      expect(r.status, target).toBe(200);
      expect(r.body, target).toContain('void 0;');
      expect(r.headers, target).toContain('content-type: text/javascript');
      expect(r.headers, target).toContain('x-content-type-options: nosniff');
      expect(r.headers, target).toContain(`content-security-policy: ${CONTENT_SECURITY_POLICY.toLowerCase()}`);
    }
  });

  it('refuses every way out of the folder, and what is not a file in it, with 404', async () => {
    const targets = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..\\secret.txt',
      '/%5c..%5csecret.txt',
      '/..%5csecret.txt',
      `${base}/secret.txt`,
      `/${encodeURIComponent(join(base, 'secret.txt'))}`,
      '/escape.txt',
      '/assets/app.js%00.txt',
      `/${'a'.repeat(8000)}`,
      '/%E0%A4%A',
      '/assets',
      '/missing.js',
    ];
    for (const target of targets) {
      const r = await get(target);
      expect(r.status, target.slice(0, 80)).toBe(404);
      expect(r.body, target.slice(0, 80)).not.toContain(SECRET);
      expect(r.headers, target.slice(0, 80)).toContain('content-security-policy:');
    }
  });

  it('answers a request target that is no path 400 in words, not as an internal error', async () => {
    for (const target of ['//', '//:x', '//[/assets/app.js']) {
      const r = await get(target);
      expect(r.status, target).toBe(400);
      expect(r.body, target).toMatch(/^The request names no path on this server\.\n/);
      expect(r.body, target).not.toMatch(/internal/);
    }
    // Still serving.
    expect((await get('/assets/app.js')).status).toBe(200);
  });
});

describe('keyscope ui without its page built', () => {
  it('refuses to start when the renderer has no index.html, naming the build to run (a usage error)', async () => {
    const empty = join(base, 'not-built');
    mkdirSync(empty);
    const started = startBrowserUi({ env: { KEYSCOPE_HOME: join(base, 'store-not-built') }, rendererDir: empty });
    await expect(started).rejects.toMatchObject({ message: expect.stringContaining('index.html'), hint: expect.stringContaining('npm run build'), usage: true });
  });

  it('answers the page 503 in words, not as an internal error, when index.html goes after the start (a build under way)', async () => {
    const root = join(base, 'rebuilt');
    mkdirSync(root);
    writeFileSync(join(root, 'index.html'), '<!doctype html><!--harness-api-->');
    const later = await startBrowserUi({ env: { KEYSCOPE_HOME: join(base, 'store-rebuilt') }, rendererDir: root });
    try {
      rmSync(join(root, 'index.html'));
      const r = await fetch(later.url);
      expect(r.status).toBe(503);
      const body = await r.text();
      expect(body).toMatch(/^keyscope's page is not built/);
      expect(body).toContain('npm run build');
      expect(body).not.toMatch(/internal/);
    } finally {
      await later.close();
    }
  });
});
