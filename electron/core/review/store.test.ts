/** Saved reviews and the finding-id key: made once, owner-only, and the same for processes that race to make it. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureIdKey, latestReview, saveReview } from './store.js';

const root = mkdtempSync(join(tmpdir(), 'keyscope-review-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const fresh = (): string => mkdtempSync(join(root, 'home-'));

/** store.ts bundled, for other processes to run. */
function bundled(): string {
  const bundle = join(root, 'store.cjs');
  buildSync({ entryPoints: [join(__dirname, 'store.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'silent' });
  return bundle;
}

/** Runs ensureIdKey in `n` processes started together; returns what each printed. */
async function race(home: string, n: number): Promise<string[]> {
  const bundle = bundled();
  const script = `const s = require(${JSON.stringify(bundle)}); const r = s.ensureIdKey(process.argv[1]); process.stdout.write(r.ok ? r.value : 'ERR ' + r.error.message);`;
  return Promise.all(
    Array.from({ length: n }, () => new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ['-e', script, home], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', () => resolve(out)); // 'close', not 'exit': exit can come before the last of stdout is read
    })),
  );
}

describe('the finding-id key', () => {
  it('is made once: 64 hex characters, mode 0600, the same on every later call', () => {
    const home = fresh();
    const first = ensureIdKey(home);
    expect(first.ok && first.value).toMatch(/^[0-9a-f]{64}$/);
    const file = join(home, 'reviews', '.id-key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ensureIdKey(home)).toEqual(first);
    expect(ensureIdKey(fresh())).not.toEqual(first);
  });

  it('is the same for twelve processes racing to make it, and no temporary file is left', async () => {
    const home = fresh();
    const keys = await race(home, 12);
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(keys.filter((k) => k !== keys[0])).toEqual([]); // every process printed the same key (an error would show here)
    expect(readFileSync(join(home, 'reviews', '.id-key'), 'utf8').trim()).toBe(keys[0]);
    expect(readdirSync(join(home, 'reviews'))).toEqual(['.id-key']);
  });

  it('refuses a damaged key instead of replacing it (ids would all change)', () => {
    const home = fresh();
    mkdirSync(join(home, 'reviews'));
    writeFileSync(join(home, 'reviews', '.id-key'), 'not a key\n');
    const r = ensureIdKey(home);
    expect(!r.ok && r.error).toMatchObject({ kind: 'storage', problem: 'corrupt' });
    expect(readFileSync(join(home, 'reviews', '.id-key'), 'utf8')).toBe('not a key\n');
  });

  it('says so, naming the folder, when it cannot be made (a file stands where it should be)', () => {
    const home = fresh();
    writeFileSync(join(home, 'reviews'), 'a file');
    const r = ensureIdKey(home);
    expect(!r.ok && r.error).toMatchObject({ kind: 'storage', problem: 'io' });
    expect(!r.ok && r.error.message).toContain(join(home, 'reviews'));
    expect(!r.ok && r.error.hint).toContain('writable');
  });
});

describe('saved reviews', () => {
  it('keeps each review and gives back the newest', () => {
    const home = fresh();
    expect(latestReview(home)).toEqual({ ok: true, value: null });
    const a = saveReview(home, '{"a":1}', '2025-06-01T00:00:00Z');
    const b = saveReview(home, '{"b":2}', '2025-06-02T00:00:00Z');
    expect(a.ok && b.ok).toBe(true);
    const latest = latestReview(home);
    expect(latest.ok && latest.value && readFileSync(latest.value, 'utf8')).toBe('{"b":2}');
    expect(b.ok && statSync(b.value).mode & 0o777).toBe(0o600);
  });
});

describe('what a killed writer leaves in reviews/ (killed by strace at the system call that puts the file in place)', () => {
  /** Runs `call` (ensureIdKey or saveReview) on `home` in a process strace kills with SIGKILL at `syscalls`. */
  function killedAt(syscalls: string, home: string, call: string): void {
    const script = `const s = require(${JSON.stringify(bundled())}); s.${call};`;
    const r = spawnSync('strace', ['-f', '-qq', '-o', '/dev/null', `-e`, `inject=${syscalls}:signal=KILL`, process.execPath, '-e', script, home], { encoding: 'utf8' });
    if (r.error) throw new Error(`these tests need strace (.ci/run installs it): ${r.error.message}`);
    expect(r.signal ?? r.status).not.toBe(0); // it was killed, not finished
  }
  const temps = (home: string): string[] => readdirSync(join(home, 'reviews')).filter((n) => n.endsWith('.tmp')).sort();
  const age = (home: string, names: readonly string[], seconds: number): void => {
    const at = new Date(Date.now() - seconds * 1000);
    for (const n of names) utimesSync(join(home, 'reviews', n), at, at);
  };

  it("a finding-id key's maker killed before the key is in place: its temporary file is keyscope's own and the next review removes it once it is a minute old", () => {
    const home = fresh();
    killedAt('link,linkat', home, 'ensureIdKey(process.argv[1])');
    const left = temps(home);
    // Before, the file was named .id-key.<pid>.<hex>.tmp, which no sweep may touch: it stayed for ever.
    expect(left).toEqual([expect.stringMatching(/^\.keyscope-\.id-key\.[0-9a-f]{12}\.tmp$/)]);
    writeFileSync(join(home, 'reviews', 'notes.tmp'), 'the user\'s'); // anyone else's *.tmp is never touched
    const key = ensureIdKey(home);
    expect(key.ok).toBe(true);
    expect(temps(home)).toEqual([...left, 'notes.tmp'].sort()); // under a minute old: a live writer's, perhaps
    age(home, [...left, 'notes.tmp'], 120);
    expect(saveReview(home, '{"a":1}', '2025-06-01T00:00:00Z').ok).toBe(true);
    expect(temps(home)).toEqual(['notes.tmp']);
  });

  it('a review killed before it is renamed into place: the next saved review removes what it left', () => {
    const home = fresh();
    expect(ensureIdKey(home).ok).toBe(true);
    killedAt('rename,renameat,renameat2', home, `saveReview(process.argv[1], '{"killed":1}', '2025-06-01T00:00:00Z')`);
    const left = temps(home);
    expect(left).toEqual([expect.stringMatching(/^\.keyscope-review-20250601T000000000Z-[0-9a-f]{6}\.json\.[0-9a-f]{12}\.tmp$/)]);
    age(home, left, 120);
    expect(saveReview(home, '{"b":2}', '2025-06-02T00:00:00Z').ok).toBe(true);
    expect(temps(home)).toEqual([]);
    const latest = latestReview(home);
    expect(latest.ok && latest.value && readFileSync(latest.value, 'utf8')).toBe('{"b":2}');
  });
});
