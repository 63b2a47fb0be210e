/** The page that opens `keyscope ui` in a browser: what it holds, where and how it is written, and a full disk. */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openPageHtml, writeOpenPage } from './ui-open-page.js';

const URL_ = 'http://127.0.0.1:4242/?t=00ff';
const dirs: string[] = [];
const home = () => {
  const d = mkdtempSync(join(tmpdir(), 'keyscope-open-page-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('openPageHtml', () => {
  it('redirects by meta refresh and location.replace, allowing that one script by its hash', () => {
    const html = openPageHtml(URL_);
    expect(html).toContain(`<meta http-equiv="refresh" content="0;url=${URL_}">`);
    const script = /<script>(.*)<\/script>/.exec(html)?.[1] ?? '';
    expect(script).toBe(`location.replace("${URL_}");`);
    const hash = createHash('sha256').update(script).digest('base64');
    expect(html).toContain(`content="default-src 'none'; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'"`);
  });

  it('escapes what could leave the attribute or the script', () => {
    const html = openPageHtml('http://127.0.0.1:1/?t="></script><b>&');
    expect(html).not.toContain('<b>');
    expect(html).toContain('content="0;url=http://127.0.0.1:1/?t=&#34;&#62;&#60;/script&#62;&#60;b&#62;&#38;"');
    expect(html).toContain('location.replace("http://127.0.0.1:1/?t=\\">\\u003c/script>\\u003cb>&");');
  });
});

describe('writeOpenPage', () => {
  it('writes a new 0600 file in a 0700 ui-open folder, and removes it', () => {
    const h = home();
    const r = writeOpenPage(h, URL_);
    if (!r.ok) throw new Error(r.reason);
    const file = fileURLToPath(r.page.fileUrl);
    expect(file).toBe(r.page.file);
    expect(statSync(join(h, 'ui-open')).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(openPageHtml(URL_));
    r.page.remove();
    r.page.remove();
    expect(() => statSync(file)).toThrow(/ENOENT/);
  });

  it('on a full disk (a real 256 KiB tmpfs, filled) says why in words and leaves no file', () => {
    if (process.getuid?.() !== 0) throw new Error('this test needs root: it mounts a tmpfs');
    const h = home();
    const dir = join(h, 'ui-open');
    mkdirSync(dir, { mode: 0o700 });
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', dir], { encoding: 'utf8' });
    if (mounted.status !== 0) throw new Error(`mount: ${mounted.stderr}`);
    try {
      spawnSync('dd', ['if=/dev/zero', `of=${join(dir, 'fill')}`, 'bs=512', 'count=1000']); // stops at "no space left"
      const full = writeOpenPage(h, URL_);
      // It said "(ENOSPC, the disk is full)" in words of its own, where every other file failure says "ENOSPC: …".
      expect(full).toEqual({ ok: false, reason: `could not write the page that opens the app in ${dir} (ENOSPC: the disk is full)` });
      expect(readdirSync(dir)).toEqual(['fill']);
    } finally {
      spawnSync('umount', [dir]);
    }
  });

  it('a write that stops short (a stand-in for a nearly full disk) is taken as the full disk and leaves no file', () => {
    const h = home();
    const short = writeOpenPage(h, URL_, { writeSync: () => 10 });
    expect(short).toEqual({ ok: false, reason: `could not write the page that opens the app in ${join(h, 'ui-open')} (ENOSPC: the disk is full)` });
    expect(readdirSync(join(h, 'ui-open'))).toEqual([]);
  });

  it("removes the pages a killed keyscope ui left (over a minute old), and nothing else of the folder's", () => {
    const h = home();
    const dir = join(h, 'ui-open');
    mkdirSync(dir, { mode: 0o700 });
    const old = new Date(Date.now() - 5 * 60_000);
    const left = join(dir, `open-${'a'.repeat(24)}.html`);
    const recent = join(dir, `open-${'b'.repeat(24)}.html`);
    const other = join(dir, 'notes.html');
    for (const f of [left, recent, other]) writeFileSync(f, 'x', { mode: 0o600 });
    for (const f of [left, other]) utimesSync(f, old, old);
    const r = writeOpenPage(h, URL_);
    if (!r.ok) throw new Error(r.reason);
    expect(readdirSync(dir).sort()).toEqual([basename(r.page.file), basename(recent), 'notes.html'].sort());
  });
});
