/**
 * `keyscope ui` as a user runs it: a real process, its URL read from its first line, then what a browser page and a
 * hostile page can and cannot do with it (DNS rebinding, another site, no token, an oversized body), and Ctrl-C.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFaultServer } from '../../e2e/fixtures/fault-server.js';

const ROOT = join(__dirname, '../..');
const dirs: string[] = [];
const tempDir = (what: string) => {
  const dir = mkdtempSync(join(tmpdir(), `keyscope-ui-${what}-`));
  dirs.push(dir);
  return dir;
};

beforeAll(() => {
  if (!existsSync(join(ROOT, 'out/browser-ui/server.js')) || !existsSync(join(ROOT, 'dist/cli.js'))) execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT });
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Running {
  readonly child: ChildProcess;
  readonly url: URL;
  readonly stderr: () => string;
  readonly exit: Promise<number | null>;
}

/** Starts `keyscope ui` with `args` in a bare environment plus `env`; resolves with the URL of its first line. */
async function startUi(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const home = tempDir('home');
  const child = spawn(process.execPath, [join(ROOT, 'bin/keyscope.js'), 'ui', ...args], { env: { PATH: process.env.PATH ?? '', HOME: home, KEYSCOPE_HOME: join(home, 'store'), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    void exit.then((code) => reject(new Error(`keyscope ui exited (${code}): ${stderr}`)));
  });
  return { child, url: new URL(first), stderr: () => stderr, exit };
}

/** One request with headers a browser page could not forge (Host) set by hand. */
function request(url: URL, options: { method?: string; path?: string; headers?: Record<string, string | number>; body?: string | Buffer }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: options.method ?? 'GET', path: options.path ?? `${url.pathname}${url.search}`, headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // A server that answers before reading everything may close under the rest of the body: the answer counts.
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Resolves once the process has written something matching `pattern` to stderr. */
function stderrMatches(ui: Running, pattern: RegExp): Promise<string> {
  return new Promise((resolve) => {
    const check = () => pattern.test(ui.stderr()) && (ui.child.stderr?.off('data', check), resolve(ui.stderr()));
    ui.child.stderr?.on('data', check);
    check();
  });
}

const stopped = async (ui: Running) => {
  if (ui.child.exitCode === null) ui.child.kill('SIGINT');
  return ui.exit;
};

describe('keyscope ui', () => {
  it('prints its URL first, serves the page with the token, refuses what is not its own page, and stops on Ctrl-C with 0', async () => {
    const ui = await startUi([]);
    try {
      expect(ui.url.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const token = ui.url.searchParams.get('t') ?? '';
      expect(token).toMatch(/^[0-9a-f]{48}$/);
      // No DISPLAY in this environment: nothing to open, said in words.
      expect(await stderrMatches(ui, /no browser to open.*\n/)).toMatch(/no browser to open \(no DISPLAY or WAYLAND_DISPLAY\): open the URL above/);

      const page = await fetch(ui.url);
      expect(page.status).toBe(200);
      // The socket key rides on the API script's tag, in the page served to the token only (never in an address).
      expect(await page.text()).toMatch(/<script src="\.\/browser-api\.js" data-socket-key="[0-9a-f]{64}"><\/script>/);
      // The page's policy comes as a header (the page holds none of its own).
      expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self';.*frame-ancestors 'none'/);

      const api = (headers: Record<string, string>, body = '{}') => request(ui.url, { method: 'POST', path: '/api/profiles:list', headers: { 'content-type': 'application/json', ...headers }, body });
      const own = { 'x-keyscope-token': token, origin: ui.url.origin, referer: ui.url.href };
      // The real handlers answer the page: an empty store.
      expect(await api(own)).toEqual({ status: 200, body: JSON.stringify({ ok: true, value: [] }) });
      // A browser set to send no Referer at all (Firefox's network.http.sendRefererHeader = 0) is still the page; one
      // naming another page is not.
      const { referer: _referer, ...unreferred } = own;
      expect(await api(unreferred)).toEqual({ status: 200, body: JSON.stringify({ ok: true, value: [] }) });
      expect(JSON.parse((await api({ ...own, referer: `${ui.url.origin}/index.html` })).body)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/sender is not keyscope's window/) } });

      // DNS rebinding: a name that now points at 127.0.0.1 still arrives as that name.
      const rebound = await request(ui.url, { headers: { host: `attacker.example:${ui.url.port}` } });
      expect(rebound.status).toBe(421);
      expect((await api({ ...own, host: `attacker.example:${ui.url.port}` })).status).toBe(421);
      expect((await api({ ...own, origin: 'http://attacker.example' })).status).toBe(403);
      expect((await api({ ...own, origin: 'null' })).status).toBe(403);

      expect((await request(ui.url, { path: '/' })).status).toBe(403);
      expect((await request(ui.url, { path: `/?t=${'0'.repeat(48)}` })).status).toBe(403);
      const { 'x-keyscope-token': _token, ...tokenless } = own;
      const noToken = await api(tokenless);
      expect(noToken.status).toBe(403);
      expect(JSON.parse(noToken.body)).toMatchObject({ ok: false, error: { category: 'input', message: expect.stringMatching(/token/) } });
      expect((await api({ ...own, 'x-keyscope-token': token.slice(0, -1) + (token.endsWith('0') ? '1' : '0') })).status).toBe(403);
      expect((await request(ui.url, { path: `/api/events?t=${'0'.repeat(48)}` })).status).toBe(403);

      const big = await api(own, JSON.stringify({ padding: 'x'.repeat(1024 * 1024) }));
      expect(big.status).toBe(413);
      expect(JSON.parse(big.body)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/larger than 1 MiB/) } });
      // Still serving after the refusals.
      expect((await api(own)).status).toBe(200);
    } finally {
      ui.child.kill('SIGINT');
    }
    expect(await ui.exit).toBe(0);
    expect(await stderrMatches(ui, /stopped.*\n/)).toMatch(/keyscope: stopped\.\n$/);
  });

  it('takes one Ctrl-C that comes twice at once (the terminal\'s and npm\'s) as one, and stops with 0', async () => {
    const ui = await startUi(['--no-open']);
    await stderrMatches(ui, /no browser to open/);
    ui.child.kill('SIGINT');
    setTimeout(() => ui.child.kill('SIGINT'), 20);
    expect(await ui.exit).toBe(0);
    expect(ui.stderr()).toMatch(/keyscope: stopped\.\n$/);
  });

  it('says what it waits for after Ctrl-C while a check the page started waits on AWS, and quits at once on a second Ctrl-C (fault server stand-in: moto always answers)', async () => {
    const faults = await startFaultServer();
    const ui = await startUi(['--no-open'], { AWS_ENDPOINT_URL: `${faults.url}/slow/` });
    const signal = new Promise<NodeJS.Signals | null>((resolve) => ui.child.once('exit', (_code, s) => resolve(s)));
    try {
      const headers = { 'content-type': 'application/json', 'x-keyscope-token': ui.url.searchParams.get('t') ?? '', origin: ui.url.origin, referer: ui.url.href };
      const started = await request(ui.url, { method: 'POST', path: '/api/bulk:start', headers, body: JSON.stringify({ text: 'AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }) });
      expect(started.status).toBe(200);
      // The check has reached the endpoint, which never answers: it would hold the process for the 20 s read timeout.
      await vi.waitFor(() => expect(faults.requestsTo('/slow/').length).toBeGreaterThan(0));
      ui.child.kill('SIGINT');
      expect(await stderrMatches(ui, /Ctrl-C again.*\n/)).toMatch(
        /keyscope: stopped\.\nkeyscope: waiting for the work the page started to end \(a check waiting on AWS, a save, a review\); Ctrl-C again to quit at once\.\n$/,
      );
      const pressed = Date.now();
      ui.child.kill('SIGINT');
      expect(await signal).toBe('SIGINT');
      expect(Date.now() - pressed).toBeLessThan(2000);
      // Nothing secret was said on the way.
      expect(ui.stderr()).not.toContain('wJalrXUtnFEMI');
    } finally {
      ui.child.kill('SIGKILL');
      await faults.stop();
    }
  });

  /** A stand-in xdg-open: records its argv, the mode of the file it was given and of its folder, and a copy of it. */
  const fakeOpener = (exitCode: number) => {
    const bin = tempDir('bin');
    const seen = join(bin, 'seen');
    writeFileSync(
      join(bin, 'xdg-open'),
      [
        '#!/bin/sh',
        `printf '%s\\n' "$@" > '${seen}.argv'`,
        'f="${1#file://}"',
        `stat -c %a "$f" > '${seen}.mode'`,
        `stat -c %a "$(dirname "$f")" > '${seen}.dirmode'`,
        `cp "$f" '${seen}.html'`,
        `exit ${exitCode}`,
        '',
      ].join('\n'),
    );
    chmodSync(join(bin, 'xdg-open'), 0o755);
    return { PATH: `${bin}:${process.env.PATH ?? ''}`, seen: (what: string) => readFileSync(`${seen}.${what}`, 'utf8').trim() };
  };

  it('hands xdg-open (a stand-in script) a 0600 page in a 0700 folder that redirects to the URL, never the token, and removes it once the app is served', async () => {
    const opener = fakeOpener(0);
    const ui = await startUi([], { PATH: opener.PATH, DISPLAY: ':99' });
    try {
      await stderrMatches(ui, /opening the app in your browser/);
      await vi.waitFor(() => expect(opener.seen('html')).not.toBe(''));
      const token = ui.url.searchParams.get('t') ?? '';
      const argv = opener.seen('argv');
      expect(argv).not.toContain(token);
      expect(argv).toMatch(/^file:\/\/\/.*\/store\/ui-open\/open-[0-9a-f]{24}\.html$/);
      expect(opener.seen('mode')).toBe('600');
      expect(opener.seen('dirmode')).toBe('700');
      const html = opener.seen('html');
      expect(html).toContain(`<meta http-equiv="refresh" content="0;url=${ui.url.href}">`);
      expect(html).toContain(`location.replace(${JSON.stringify(ui.url.href)})`);
      expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/);
      const file = fileURLToPath(argv);
      expect(existsSync(file)).toBe(true);
      // The browser follows the page: once the app is served with the token, the file has done its work.
      expect((await fetch(ui.url)).status).toBe(200);
      expect(existsSync(file)).toBe(false);
    } finally {
      await stopped(ui);
    }
  });

  it('removes the page on Ctrl-C when no browser fetched the app (xdg-open a stand-in script)', async () => {
    const opener = fakeOpener(0);
    const ui = await startUi([], { PATH: opener.PATH, DISPLAY: ':99' });
    let file = '';
    try {
      await vi.waitFor(() => expect(opener.seen('argv')).toMatch(/^file:/));
      file = fileURLToPath(opener.seen('argv'));
      expect(existsSync(file)).toBe(true);
    } finally {
      expect(await stopped(ui)).toBe(0);
    }
    expect(existsSync(file)).toBe(false);
  });

  it('says so when xdg-open (a stand-in script) fails, and serves on', async () => {
    const opener = fakeOpener(3);
    const ui = await startUi([], { PATH: opener.PATH, DISPLAY: ':99' });
    try {
      // The opener's failure is reported once it exits; the server goes on until Ctrl-C.
      await stderrMatches(ui, /could not open a browser.*\n/);
      expect(opener.seen('argv')).not.toContain(ui.url.searchParams.get('t'));
      expect(ui.stderr()).toMatch(/opening the app in your browser/);
      expect(ui.stderr()).toMatch(/could not open a browser \(xdg-open exited 3\): open the URL above/);
      expect((await fetch(ui.url)).status).toBe(200);
    } finally {
      expect(await stopped(ui)).toBe(0);
    }
  });

  it('tightens a ui-open folder it owns that others could read, before writing into it (xdg-open a stand-in script)', async () => {
    const opener = fakeOpener(0);
    const home = tempDir('loose');
    mkdirSync(join(home, 'ui-open'), { recursive: true });
    chmodSync(join(home, 'ui-open'), 0o777);
    const ui = await startUi([], { PATH: opener.PATH, DISPLAY: ':99', KEYSCOPE_HOME: home });
    try {
      await vi.waitFor(() => expect(opener.seen('dirmode')).toBe('700'));
      expect(statSync(join(home, 'ui-open')).mode & 0o777).toBe(0o700);
    } finally {
      await stopped(ui);
    }
  });

  const refusedFolders: [string, (dir: string) => void, RegExp][] = [
    ['a symbolic link', (dir) => symlinkSync(tempDir('elsewhere'), dir), /ui-open is a symbolic link, .*: remove the link\. Open the URL above\./],
    ['a file', (dir) => writeFileSync(dir, ''), /ui-open is not a folder: remove it\. Open the URL above\./],
    // The store refuses such a KEYSCOPE_HOME (store-owner.ts): from it another user could swap the page's folder.
    ['in a KEYSCOPE_HOME every user may write', (dir) => chmodSync(dirname(dir), 0o777), /browser was not opened: the page that opens the app was not written: .* can be written by every user \(mode 0777\) and is not sticky: .*files\. Open the URL above\./],
  ];
  // Another user's folder can be made only by root.
  if (process.getuid?.() === 0) refusedFolders.push(['another user\'s folder', (dir) => (mkdirSync(dir, { mode: 0o700 }), chownSync(dir, 65534, 65534)), /ui-open belongs to another user \(uid 65534\): remove it\./]);
  it.each(refusedFolders)('opens no browser when ui-open is %s, says why, and puts no token on a command line (xdg-open a stand-in script)', async (_what, make, said) => {
    const opener = fakeOpener(0);
    const home = tempDir('refused');
    make(join(home, 'ui-open'));
    const ui = await startUi([], { PATH: opener.PATH, DISPLAY: ':99', KEYSCOPE_HOME: home });
    try {
      expect(await stderrMatches(ui, /browser was not opened.*\n|opening the app/)).toMatch(said);
      expect((await fetch(ui.url)).status).toBe(200);
    } finally {
      await stopped(ui);
    }
    expect(() => opener.seen('argv')).toThrow(/ENOENT/);
  });

  it('answers an unknown API channel 404 with an input failure naming it, quoted short and sanitised', async () => {
    const ui = await startUi(['--no-open']);
    try {
      const headers = { 'content-type': 'application/json', 'x-keyscope-token': ui.url.searchParams.get('t') ?? '', origin: ui.url.origin, referer: ui.url.href };
      const ask = (channel: string) => request(ui.url, { method: 'POST', path: `/api/${channel}`, headers, body: '{}' });
      const r = await ask('profiles:nope');
      expect(r.status).toBe(404);
      expect(JSON.parse(r.body)).toEqual({ ok: false, error: { kind: 'input', category: 'input', message: 'The API has no channel "profiles:nope".', hint: expect.not.stringMatching(/--debug/) } });
      const long = await ask(`x%1B[31m<b>${'y'.repeat(200)}`);
      expect(long.status).toBe(404);
      const message = (JSON.parse(long.body) as { error: { message: string } }).error.message;
      // The URL parser has already escaped '<' and '>' (%3C, %3E); '%' and '[' are not in a channel name.
      expect(message).toBe(`The API has no channel "x?1B?31m?3Cb?3E${'y'.repeat(25)}…".`);
    } finally {
      await stopped(ui);
    }
  });

  it('opens nothing under CI or with --no-open, even with a display', async () => {
    const bin = tempDir('bin');
    const seen = join(bin, 'seen');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\ntouch '${seen}'\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    for (const [args, env, reason] of [[[], { CI: 'true' }, 'CI is set'], [['--no-open'], {}, '--no-open']] as const) {
      const ui = await startUi([...args], { PATH: `${bin}:${process.env.PATH ?? ''}`, DISPLAY: ':99', ...env });
      expect(await stderrMatches(ui, /no browser to open.*\n/)).toContain(`no browser to open (${reason})`);
      expect(await stopped(ui)).toBe(0);
      expect(existsSync(seen)).toBe(false);
    }
  });

  it('says why it cannot start (an AWS_CA_BUNDLE that is not there) and exits 2, a usage error as for every command, printing no URL', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/keyscope.js'), 'ui', '--no-open'], { env: { PATH: process.env.PATH ?? '', HOME: tempDir('home'), AWS_CA_BUNDLE: '/nonexistent/ca.pem' }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('keyscope: the app could not start: AWS_CA_BUNDLE: the file /nonexistent/ca.pem does not exist.\nhint: Point AWS_CA_BUNDLE at a PEM file of CA certificates (at most 1 MiB), or unset it.\n');
  });

  // Only root can run keyscope as another user, one for whom ports below 1024 are privileged.
  // Root without the capability to bind low ports (setpriv drops it from the bounding set before node starts): another
  // user would need to read this checkout, which a clone in a 0700 folder (mktemp -d) does not allow.
  const lowPortsPrivileged = (() => {
    try {
      return Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8')) > 80;
    } catch {
      return false;
    }
  })();
  it.runIf(process.getuid?.() === 0 && lowPortsPrivileged)('refuses a privileged port the user may not use, in words with what to do, with exit 3 (root without CAP_NET_BIND_SERVICE)', () => {
    const r = spawnSync('setpriv', ['--bounding-set=-net_bind_service', process.execPath, join(ROOT, 'bin/keyscope.js'), 'ui', '--no-open', '--port', '80'], { env: { PATH: process.env.PATH ?? '', HOME: tempDir('home') }, encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('keyscope: the app could not start: This user may not serve on port 80 of 127.0.0.1 (ports below 1024 need privileges).\nhint: Choose a port above 1023 with --port, or leave it out to use a free one.\n');
  });

  // A port of 1024 or more the system refuses (a sandbox, a raised ip_unprivileged_port_start): provoked in a network
  // namespace of its own, whose first unprivileged port is set to 9000, so nothing else on the machine sees the change.
  const ownNetwork = process.getuid?.() === 0 && spawnSync('unshare', ['--net', 'true']).status === 0;
  it.runIf(ownNetwork)('refuses a port of 1024 or more the system will not let it use, without saying that ports below 1024 need privileges', () => {
    const script = `echo 9000 > /proc/sys/net/ipv4/ip_unprivileged_port_start && exec setpriv --bounding-set=-net_bind_service "$0" "$1" ui --no-open --port 8080`;
    const r = spawnSync('unshare', ['--net', 'sh', '-c', script, process.execPath, join(ROOT, 'bin/keyscope.js')], { env: { PATH: process.env.PATH ?? '', HOME: tempDir('home') }, encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stderr).toBe('keyscope: the app could not start: The system does not let this user serve on port 8080 of 127.0.0.1 (EACCES).\nhint: Choose another port with --port, or leave it out to use a free one; a sandbox (SELinux, a snap) may allow only some ports.\n');
  });

  it('refuses a port that is taken, in words, with exit 3', async () => {
    const first = await startUi(['--no-open']);
    const second = spawn(process.execPath, [join(ROOT, 'bin/keyscope.js'), 'ui', '--no-open', '--port', first.url.port], { env: { PATH: process.env.PATH ?? '', HOME: tempDir('home') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    second.stdout.on('data', (d: Buffer) => (out += d.toString()));
    second.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(3);
    expect(out).toMatch(new RegExp(`Port ${first.url.port} on 127\\.0\\.0\\.1 is already in use\\.\\nhint: Choose another with --port`));
    expect(await stopped(first)).toBe(0);
  });
});
