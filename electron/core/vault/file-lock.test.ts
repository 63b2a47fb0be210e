/** The lock across real processes: no finished write is lost, whoever died holding the lock and however. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LockTimeout, withLockSync } from './atomic-file.js';

let writer: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  writer = join(mkdtempSync(join(tmpdir(), 'keyscope-lock-writer-')), 'lock-writer.js');
  await build({ entryPoints: [join(__dirname, '../../../e2e/fixtures/lock-writer.ts')], outfile: writer, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
});

afterEach(() => {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
});

interface Run {
  readonly child: ChildProcess;
  /** Resolves once the writer is up and waits for its start line. */
  readonly ready: Promise<void>;
  /** Ids the writer reported finished (printed after it released the lock). */
  readonly finished: string[];
  readonly exit: Promise<number | null>;
}

function start(mode: 'hold' | 'sync' | 'async', file: string, tag: string, count: number): Run {
  const child = spawn(process.execPath, [writer, mode, file, tag, String(count)], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.add(child);
  const finished: string[] = [];
  let rest = '';
  let onReady = (): void => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout?.on('data', (d: Buffer) => {
    const lines = (rest + d.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'ready' || line === 'held') onReady();
      else finished.push(line);
    }
  });
  const exit = new Promise<number | null>((resolve) =>
    child.on('close', (code) => { // after the last of stdout is read ('exit' can come before)
      children.delete(child);
      onReady();
      resolve(code);
    }),
  );
  return { child, ready, finished, exit };
}

/** Starts writers together, so that they meet a dead holder's lock at the same moment. */
async function together(runs: readonly Run[]): Promise<void> {
  await Promise.all(runs.map((r) => r.ready));
  for (const r of runs) r.child.stdin?.end('go\n');
}

/** A lock whose holder was killed while holding it: what a crash leaves, whatever the lock's format. */
async function deadHolder(file: string): Promise<void> {
  const holder = start('hold', file, 'dead', 1);
  await holder.ready;
  holder.child.kill('SIGKILL');
  await holder.exit;
}

function readCounter(file: string): { counter: number; ids: string[] } {
  return JSON.parse(readFileSync(file, 'utf8')) as { counter: number; ids: string[] };
}

function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((f) => f !== 'counter.json');
}

describe('file lock', () => {
  it('loses no write: 10 rounds of 6 writers, each round meeting a lock left by a dead process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-lock-'));
    const file = join(dir, 'counter.json');
    // 10 times: a holder dies holding the lock, then 6 writers started together make 4 writes each.
    for (let round = 0; round < 10; round += 1) {
      await deadHolder(file);
      expect(leftovers(dir)).toContain('counter.json.lock');
      const runs = [0, 1, 2, 3, 4, 5].map((n) => start(n % 2 ? 'async' : 'sync', file, `w${round}.${n}`, 4));
      await together(runs);
      expect(await Promise.all(runs.map((r) => r.exit))).toEqual([0, 0, 0, 0, 0, 0]);
    }
    const doc = readCounter(file);
    expect(doc.counter).toBe(240);
    expect(new Set(doc.ids).size).toBe(240);
    expect(leftovers(dir)).toEqual([]);
  }, 90_000);

  it('loses no finished write when writers are killed at random moments, holding the lock or not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-lock-'));
    const file = join(dir, 'counter.json');
    const reported: string[] = [];
    let killed = 0;
    // 64 writers, 4 at a time; about two in three are killed after a random delay, the others run to the end.
    for (let wave = 0; wave < 16; wave += 1) {
      const runs = [0, 1, 2, 3].map((n) => start(n % 2 ? 'async' : 'sync', file, `k${wave}.${n}`, 25));
      await together(runs);
      for (const r of runs) {
        if (Math.random() < 0.67) {
          setTimeout(() => r.child.kill('SIGKILL'), 20 + Math.random() * 200);
          killed += 1;
        }
      }
      await Promise.all(runs.map((r) => r.exit));
      for (const r of runs) reported.push(...r.finished);
    }
    const last = start('sync', file, 'last', 1);
    await together([last]);
    expect(await last.exit).toBe(0);
    reported.push(...last.finished);
    const doc = readCounter(file);
    const ids = new Set(doc.ids);
    expect(killed).toBeGreaterThan(0);
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.filter((id) => !ids.has(id))).toEqual([]);
    expect(ids.size).toBe(doc.ids.length);
    expect(doc.counter).toBe(doc.ids.length);
    // A killed writer may leave its temporary file or lock staging folder (named as keyscope's own, so the sweep
    // removes them a minute later), never a lock.
    expect(leftovers(dir).filter((f) => !/^\.keyscope-counter\.json(\.lock)?\.[0-9a-f]{12}\.tmp$/.test(f))).toEqual([]);
  }, 90_000);

  it('waits for a live holder and then says who holds the lock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-lock-'));
    const file = join(dir, 'counter.json');
    const holder = start('hold', file, 'live', 1);
    await holder.ready;
    let ran = false;
    let error: unknown;
    try {
      withLockSync(`${file}.lock`, () => (ran = true), { timeoutMs: 200 });
    } catch (e) {
      error = e;
    }
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(LockTimeout);
    expect((error as LockTimeout).holder).toBe(`process ${holder.child.pid}`);
    holder.child.kill('SIGKILL');
    await holder.exit;
    expect(withLockSync(`${file}.lock`, () => 'ran')).toBe('ran');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('breaks a lock whose owner file is over 30 s old though its process is alive (a reused pid, a holder hung)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-lock-'));
    const file = join(dir, 'counter.json');
    const holder = start('hold', file, 'hung', 1);
    await holder.ready;
    try {
      const [owner] = readdirSync(`${file}.lock`);
      if (owner === undefined) throw new Error('the holder left no owner file');
      // Fresh, it is waited for; touched last 31 s ago, it is taken at once.
      expect(() => withLockSync(`${file}.lock`, () => 'ran', { timeoutMs: 200 })).toThrow(LockTimeout);
      const old = new Date(Date.now() - 31_000);
      utimesSync(join(`${file}.lock`, owner), old, old);
      expect(withLockSync(`${file}.lock`, () => 'ran', { timeoutMs: 200 })).toBe('ran');
      expect(holder.child.exitCode).toBeNull(); // its process was alive all along
    } finally {
      holder.child.kill('SIGKILL');
      await holder.exit;
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});
