/** The profile store across real processes: concurrent writers, a writer killed mid-write, a stale lock. */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempPathFor } from './file-io.js';
import { checkRecord, HISTORY_LIMIT, KEEP_FRESH_FROM_BYTES, SCHEMA_VERSION, lastCheckOf, lastDecidedOf, ProfileStore, withCheck, type ProfileMeta } from './profiles.js';
import { unwrap } from '../../../e2e/fixtures/unwrap.js';

let writer: string;

beforeAll(async () => {
  // Under /tmp, readable by all: one test runs it as another user, who may not reach the repository or TMPDIR.
  writer = join(mkdtempSync('/tmp/keyscope-writer-'), 'writer.js');
  await build({ entryPoints: [join(__dirname, '../../../e2e/fixtures/store-writer.ts')], outfile: writer, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
  chmodSync(dirname(writer), 0o755);
  chmodSync(writer, 0o644);
});

function run(dir: string, tag: string, count: number): Promise<number> {
  return new Promise((resolve) => spawn('node', [writer, dir, tag, String(count)], { stdio: 'ignore' }).on('exit', (code) => resolve(code ?? -1)));
}

/**
 * A writer of `count` profiles whose locks count as dead after `staleMs`; `slowFsync`: each fsync held that long
 * (strace), as on a very slow disk; `user`: run as that user (strace -u).
 */
function runSlow(dir: string, tag: string, count: number, staleMs: number, slowFsync?: number, user?: string): Promise<{ code: number; said: string }> {
  const node = ['node', writer, dir, tag, String(count), String(staleMs)];
  const as = user === undefined ? [] : ['-u', user];
  const [command = 'node', ...args] = slowFsync === undefined ? node : ['strace', '-f', '-qq', '-o', '/dev/null', ...as, '-e', 'trace=fsync', '-e', `inject=fsync:delay_enter=${slowFsync * 1000}`, ...node];
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  child.stderr.on('data', (d: Buffer) => (said += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, said })));
}

/** Waits until someone holds the store's lock in `dir`. */
async function lockTaken(dir: string): Promise<void> {
  for (let i = 0; i < 500 && !existsSync(join(dir, 'profiles.json.lock')); i += 1) await new Promise((r) => setTimeout(r, 10));
}

describe('profile store', () => {
  it('loses no write when two processes write at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-store-'));
    const codes = await Promise.all([run(dir, 'a', 40), run(dir, 'b', 40)]);
    expect(codes).toEqual([0, 0]);
    const names = unwrap(new ProfileStore(dir).read()).profiles.map((p) => p.name);
    expect(names).toHaveLength(80);
    expect(new Set(names).size).toBe(80);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
  });

  it('stays readable, with every finished write, when a writer is killed in the middle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-store-'));
    for (let round = 0; round < 5; round += 1) {
      const child = spawn('node', [writer, dir, `r${round}`, '1000'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let finished = -1;
      child.stdout.on('data', (d: Buffer) => {
        const lines = d.toString().trim().split('\n');
        finished = Number(lines.at(-1));
      });
      await new Promise((r) => setTimeout(r, 150 + round * 40));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      // Every write the child reported finished is there; the file parses; a lock it left is broken by the next writer.
      const store = new ProfileStore(dir);
      const names = new Set(unwrap(store.read()).profiles.map((p) => p.name));
      for (let i = 0; i <= finished; i += 1) expect(names.has(`r${round}-${i}`)).toBe(true);
    }
    expect(await run(dir, 'after', 1)).toBe(0);
    expect(unwrap(new ProfileStore(dir).read()).profiles.some((p) => p.name === 'after-0')).toBe(true);
  });

  it('breaks a lock left by a process that no longer exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-store-'));
    const dead = Number(execFileSync('sh', ['-c', 'sh -c "echo \\$\\$"'], { encoding: 'utf8' }).trim()); // a pid that has exited
    writeFileSync(join(dir, 'profiles.json.lock'), JSON.stringify({ pid: dead, at: Date.now() }));
    const store = new ProfileStore(dir);
    store.update((doc) => ({ doc, value: undefined }));
    expect(JSON.parse(readFileSync(join(dir, 'profiles.json'), 'utf8'))).toEqual({ schemaVersion: SCHEMA_VERSION, profiles: [] });
  });

  // A store write held its lock without touching it, so a write longer than the stale time (30 s: a 145 MB store on a
  // very slow disk) was taken for a dead holder's: another writer broke the lock and wrote, and the slow write then
  // replaced the store with what it had read before, losing the other's profiles. Stale time 400 ms here.
  it('a large store\'s write longer than the stale time (each fsync held 1.5 s) keeps its lock fresh: the writer beside it waits, and no write is lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-store-'));
    // 55 profiles of 20 KB: over KEEP_FRESH_FROM_BYTES, a store whose write may outlast the stale time.
    expect(await run(dir, 'seed', 55)).toBe(0);
    expect(statSync(join(dir, 'profiles.json')).size).toBeGreaterThanOrEqual(KEEP_FRESH_FROM_BYTES);
    const slow = runSlow(dir, 'slow', 1, 400, 1500);
    await lockTaken(dir);
    const quick = await runSlow(dir, 'quick', 3, 400);
    expect([(await slow).code, quick.code]).toEqual([0, 0]);
    expect(unwrap(new ProfileStore(dir).read()).profiles.map((p) => p.name).filter((n) => !n.startsWith('seed-')).sort()).toEqual(['quick-0', 'quick-1', 'quick-2', 'slow-0']);
  }, 60_000);

  // Also a small store's write that outlasts the stale time: no thread keeps its lock (not worth its 7 ms).
  it('a writer whose lock another took as stale meanwhile (it counts 400 ms, the slow one 60 s) writes nothing, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-store-'));
    const slow = runSlow(dir, 'slow', 1, 60_000, 1500);
    await lockTaken(dir);
    const quick = await runSlow(dir, 'quick', 3, 400);
    const late = await slow;
    expect(quick.code).toBe(0);
    expect(late.code).toBe(1);
    expect(late.said).toMatch(/^The profile store could not be saved: another keyscope took its lock \(.*profiles\.json\.lock\) for an abandoned one while this one held it/);
    expect(late.said).toContain('Nothing was changed.');
    expect(unwrap(new ProfileStore(dir).read()).profiles.map((p) => p.name).sort()).toEqual(['quick-0', 'quick-1', 'quick-2']);
  }, 30_000);

  // sudo keyscope (root, here this test's process's user) took a user's lock for an abandoned one while the user's
  // write was held up, in an owner-only folder of root's: the user's check of its lock met EACCES (it may not look
  // inside), took that for "still held", and replaced the store root had just written, saying it was saved.
  it("a writer whose lock another user's keyscope (root) took meanwhile, in a folder it may not look inside, writes nothing, and says so", async () => {
    const dir = mkdtempSync('/tmp/keyscope-store-');
    chownSync(dir, 65534, 65534); // nobody's store
    // nobody's fsync ends after 3.5 s; root breaks its lock after 400 ms and holds it until about 4.5 s (its fsyncs
    // held 2 s each: its store is renamed into place at about 2.5 s, the folder's fsync after it).
    const user = runSlow(dir, 'user', 1, 60_000, 3500, 'nobody');
    await lockTaken(dir);
    const root = await runSlow(dir, 'root', 1, 400, 2000);
    const late = await user;
    expect(root.code).toBe(0);
    expect(unwrap(new ProfileStore(dir).read()).profiles.map((p) => p.name)).toEqual(['root-0']);
    expect(late.code).toBe(1);
    expect(late.said).toMatch(/^The profile store could not be saved: another keyscope took its lock .* Nothing was changed\.$/m);
  }, 30_000);

  it('says the store is busy when a live process holds the lock', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-store-'));
    writeFileSync(join(dir, 'profiles.json.lock'), JSON.stringify({ pid: process.pid, at: Date.now() }));
    const store = new ProfileStore(dir, 300);
    const started = Date.now();
    expect(() => unwrap(store.update((doc) => ({ doc, value: undefined })))).toThrow(/busy \(locked by process \d+\)/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it("tidies its own temporary files that killed writers left behind, and never anyone else's", () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-store-'));
    const foreign = join(dir, '.deadbeef.tmp');
    const own = tempPathFor(join(dir, 'profiles.json'));
    for (const f of [foreign, own]) {
      writeFileSync(f, 'half a write');
      utimesSync(f, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    }
    new ProfileStore(dir).update((doc) => ({ doc, value: undefined }));
    expect(readdirSync(dir).filter((f) => f !== 'store-id').sort()).toEqual(['.deadbeef.tmp', 'profiles.json']);
  });

  it('says that a store folder (KEYSCOPE_HOME) which is a file is a file, for a read, a write and the store id alike', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keyscope-store-')), 'not-a-folder');
    writeFileSync(file, 'mine\n');
    // It said "Could not read …/profiles.journal (ENOTDIR): the file system refused", and the hint spoke of permissions.
    for (const home of [file, join(file, 'keyscope')]) {
      const store = new ProfileStore(home);
      for (const [what, r] of [['read', store.read()], ['update', store.update((doc) => ({ doc, value: undefined }))], ['store id', store.storeId()]] as const) {
        expect(!r.ok && r.error.message, `${home} ${what}`).toBe(`The profile store could not be ${what === 'update' ? 'saved' : 'read'}: ${file} is a file, not a folder, so keyscope cannot keep its store in ${home}. Nothing was changed.`);
        expect(!r.ok && r.error.hint).toBe('Set KEYSCOPE_HOME to a folder (keyscope makes one that does not exist yet), or move that file out of the way.');
      }
    }
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
  });

  it("never replaces a store id it cannot read (edited by hand): the keychain's entries name it", () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-store-'));
    const store = new ProfileStore(dir);
    const id = unwrap(store.storeId());
    // An editor's uppercase, or a stray character: it was replaced by a new id, and every keychain entry of this
    // store then counted as another store's (remove left them, repair could not rebuild from them).
    for (const edited of [`${id.toUpperCase()}\n`, `${id}x\n`, '']) {
      writeFileSync(join(dir, 'store-id'), edited);
      const r = new ProfileStore(dir).storeId();
      expect(!r.ok && r.error.message).toBe(`The profile store could not be read: ${join(dir, 'store-id')} does not hold a store id as keyscope writes it (one line: ${id.length} characters of 0-9, a-f and -). Nothing was changed.`);
      expect(!r.ok && r.error.hint).toMatch(/^Put back the id it held/);
      expect(readFileSync(join(dir, 'store-id'), 'utf8')).toBe(edited);
    }
    writeFileSync(join(dir, 'store-id'), `${id}\r\n`);
    expect(unwrap(new ProfileStore(dir).storeId())).toBe(id);
  });

  it('keeps a bounded history, and an undecided check keeps the last decided one', () => {
    let p = { history: [] } as unknown as ProfileMeta;
    const valid = checkRecord({ Valid: true, AccessKeyId: 'AKIA…', KeyType: 'long-term', Account: '1', Arn: 'a', UserId: 'u', UserName: null, AccessKeyLastUsed: null, LastUsedError: null, CheckedAt: 't1' });
    const undecided = checkRecord({ Valid: null, AccessKeyId: 'AKIA…', KeyType: 'long-term', Error: { Code: 'ECONNREFUSED', Message: 'm', HttpStatus: null, Category: 'offline', Hint: 'h' }, CheckedAt: 't2' });
    p = withCheck(p, valid);
    p = withCheck(p, undecided);
    expect(lastDecidedOf(p)?.at).toBe('t1');
    expect(lastCheckOf(p)?.at).toBe('t2');
    for (let i = 0; i < HISTORY_LIMIT + 10; i += 1) p = withCheck(p, valid);
    expect(p.history).toHaveLength(HISTORY_LIMIT);
    // A long spell offline: 60 undecided checks after the last decided one keep the 50 newest and that decided one.
    const decided = checkRecord({ Valid: false, AccessKeyId: 'AKIA…', KeyType: 'long-term', Error: { Code: 'InvalidClientTokenId', Message: 'm', HttpStatus: 403, Category: 'invalid-key', Hint: 'h' }, CheckedAt: 't3' });
    p = withCheck(p, decided);
    for (let i = 0; i < HISTORY_LIMIT + 10; i += 1) p = withCheck(p, { ...undecided, at: `u${i}` });
    expect(p.history).toHaveLength(HISTORY_LIMIT + 1);
    expect(p.history.slice(0, HISTORY_LIMIT).every((h) => h.valid === null)).toBe(true);
    expect(lastCheckOf(p)?.at).toBe(`u${HISTORY_LIMIT + 9}`);
    expect(lastDecidedOf(p)).toMatchObject({ at: 't3', valid: false });
    // Once decided again, the history is bounded as before.
    p = withCheck(p, valid);
    expect(p.history).toHaveLength(HISTORY_LIMIT);
    expect(lastDecidedOf(p)?.at).toBe('t1');
  });
});
