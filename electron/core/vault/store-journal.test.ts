/** The store's v2 document and its check journal, on real files: each check stored once, never applied twice. */
import { appendFileSync, existsSync, lstatSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOURNAL_FILE } from './journal.js';
import { lastCheckOf, lastDecidedOf, ProfileStore, SCHEMA_VERSION, type CheckRecord, type ProfileMeta } from './profiles.js';
import { unwrap } from '../../../e2e/fixtures/unwrap.js';

const check = (at: string, valid: boolean | null): CheckRecord =>
  valid === null ? { at, valid, error: { Code: 'ECONNREFUSED', Message: 'refused', HttpStatus: null, Category: 'offline', Hint: 'h' } } : { at, valid, account: '609629065308' };

const profile = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: id,
  accessKeyId: 'AKIAY34FZKBOKMUTVV7A',
  keyType: 'long-term',
  derivedAccount: '609629065308',
  partition: 'aws',
  source: 'manual',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  history: [],
  ...extra,
});

function storeWith(profiles: unknown[], schemaVersion = SCHEMA_VERSION): { dir: string; store: ProfileStore } {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-journal-'));
  writeFileSync(join(dir, 'profiles.json'), JSON.stringify({ schemaVersion, profiles }));
  return { dir, store: new ProfileStore(dir) };
}

describe('store v2 and its journal', () => {
  it('migrates a v1 store: each check kept once, the last decided one kept even when history lost it', () => {
    const decided = check('2026-01-02T00:00:00.000Z', true);
    const { dir, store } = storeWith([profile('p1', { lastCheck: check('2026-01-03T00:00:00.000Z', null), lastDecided: decided, history: [check('2026-01-03T00:00:00.000Z', null)] })], 1);
    const p = unwrap(store.read()).profiles[0] as ProfileMeta;
    expect(lastCheckOf(p)?.valid).toBeNull();
    expect(lastDecidedOf(p)).toEqual(decided);
    store.update((doc) => ({ doc, value: undefined }));
    const text = readFileSync(join(dir, 'profiles.json'), 'utf8');
    expect(JSON.parse(text).schemaVersion).toBe(2);
    expect(text).not.toMatch(/lastCheck|lastDecided/);
    expect(text.trimEnd()).not.toContain('\n'); // compact
  });

  it('appends rechecks to the journal, leaving profiles.json as it was, and a full write absorbs them once', () => {
    const { dir, store } = storeWith([profile('p1'), profile('p2')]);
    const before = readFileSync(join(dir, 'profiles.json'));
    const updated = unwrap(
      store.appendChecks([
        { id: 'p1', record: check('2026-02-01T00:00:00.000Z', true) },
        { id: 'gone', record: check('2026-02-01T00:00:00.000Z', true) },
      ]),
    );
    expect([...updated.keys()]).toEqual(['p1']);
    store.appendChecks([{ id: 'p1', record: check('2026-02-02T00:00:00.000Z', null) }]);
    expect(readFileSync(join(dir, 'profiles.json')).equals(before)).toBe(true);
    expect(unwrap(store.read()).profiles[0]?.history.map((h) => h.at)).toEqual(['2026-02-02T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);

    store.update((doc) => ({ doc, value: undefined }));
    expect(existsSync(join(dir, JOURNAL_FILE))).toBe(false);
    const text = readFileSync(join(dir, 'profiles.json'), 'utf8');
    expect(text.split('2026-02-01T00:00:00.000Z')).toHaveLength(2); // stored once
    expect(unwrap(new ProfileStore(dir).read()).profiles[0]?.history).toHaveLength(2);
  });

  it('never applies a journal twice when a crash left it behind after the full write that absorbed it', () => {
    const { dir, store } = storeWith([profile('p1')]);
    store.appendChecks([{ id: 'p1', record: check('2026-02-01T00:00:00.000Z', true) }]);
    const journal = readFileSync(join(dir, JOURNAL_FILE), 'utf8');
    store.update((doc) => ({ doc, value: undefined }));
    writeFileSync(join(dir, JOURNAL_FILE), journal); // as if the process died before removing it
    expect(unwrap(store.read()).profiles[0]?.history).toHaveLength(1);
    store.appendChecks([{ id: 'p1', record: check('2026-02-02T00:00:00.000Z', false) }]);
    expect(unwrap(store.read()).profiles[0]?.history.map((h) => h.valid)).toEqual([false, true]);
  });

  it('drops a last line cut short by a crash, cuts it before the next append, and reports a bad line in the middle', () => {
    const { dir, store } = storeWith([profile('p1')]);
    store.appendChecks([{ id: 'p1', record: check('2026-02-01T00:00:00.000Z', true) }]);
    appendFileSync(join(dir, JOURNAL_FILE), '{"id":"p1","check":{"at":"2026-02-0');
    expect(unwrap(store.read()).profiles[0]?.history).toHaveLength(1);
    store.appendChecks([{ id: 'p1', record: check('2026-02-03T00:00:00.000Z', true) }]);
    expect(unwrap(store.read()).profiles[0]?.history).toHaveLength(2);

    appendFileSync(join(dir, JOURNAL_FILE), 'garbage\n{"id":"p1","check":{"at":"2026-02-04T00:00:00.000Z","valid":true}}\n');
    expect(() => unwrap(store.read())).toThrow(/profiles\.journal line 4 is not JSON/);
  });

  it('refuses a journal line whose check is not a check, naming the field, and no write carries it into profiles.json', () => {
    const { dir, store } = storeWith([profile('p1')]);
    store.appendChecks([{ id: 'p1', record: check('2026-02-01T00:00:00.000Z', true) }]);
    appendFileSync(join(dir, JOURNAL_FILE), '{"id":"p1","check":{"valid":"yes","at":42}}\n');
    const before = readFileSync(join(dir, 'profiles.json'));
    // It was applied as it stood: list views then threw ("t.replace is not a function"), and the next full write put
    // it into profiles.json, which the next read refused as corrupt.
    const read = store.read();
    expect(!read.ok && read.error).toMatchObject({ kind: 'storage', problem: 'corrupt', file: join(dir, JOURNAL_FILE) });
    expect(!read.ok && read.error.message).toMatch(/profiles\.journal line 3: check\.at should be a date and time, found a number/);
    expect(store.update((doc) => ({ doc, value: undefined })).ok).toBe(false);
    expect(readFileSync(join(dir, 'profiles.json')).equals(before)).toBe(true);
  });

  it('folds a big journal into the store instead of growing it without end', () => {
    const { dir, store } = storeWith([profile('p1')]);
    const many = Array.from({ length: 12_000 }, (_, i) => ({ id: 'p1', record: check(new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), true) }));
    for (let i = 0; i < many.length; i += 1000) store.appendChecks(many.slice(i, i + 1000));
    expect(existsSync(join(dir, JOURNAL_FILE)) ? readFileSync(join(dir, JOURNAL_FILE)).length : 0).toBeLessThan(1.1 * (1 << 20));
    expect(unwrap(store.read()).profiles[0]?.history).toHaveLength(50);
  });

  it('never reads a journal that is a symbolic link: the store stays readable, and checks the linked file holds are not applied', () => {
    // keyscope never makes the journal a link. Read through one, a file that is not a journal shut out the whole store
    // ("cannot be read … run doctor --repair", which then set the intact profiles.json aside); a journal another user
    // wrote would have had its checks applied ("valid") to this store's profiles.
    const { dir, store } = storeWith([profile('p1')]);
    const outside = mkdtempSync(join(tmpdir(), 'keyscope-aimed-'));
    const notJournal = join(outside, 'other.txt');
    writeFileSync(notJournal, 'not a journal\n');
    symlinkSync(notJournal, join(dir, JOURNAL_FILE));
    expect(unwrap(store.read()).profiles.map((p) => p.id)).toEqual(['p1']);
    const planted = join(outside, 'planted.journal');
    writeFileSync(planted, `${JSON.stringify({ generation: 'g-planted' })}\n${JSON.stringify({ id: 'p1', check: check('2026-03-01T00:00:00.000Z', true) })}\n`);
    const other = storeWith([profile('p1')]);
    symlinkSync(planted, join(other.dir, JOURNAL_FILE));
    expect(unwrap(other.store.read()).profiles[0]?.history).toEqual([]);
    // The next write removes the link, and leaves the file it named as it was.
    expect(store.appendChecks([{ id: 'p1', record: check('2026-02-01T00:00:00.000Z', true) }]).ok).toBe(true);
    expect(lstatSync(join(dir, JOURNAL_FILE), { throwIfNoEntry: false })?.isSymbolicLink() ?? false).toBe(false);
    expect(readFileSync(notJournal, 'utf8')).toBe('not a journal\n');
    expect(unwrap(new ProfileStore(dir).read()).profiles[0]?.history.map((h) => h.at)).toEqual(['2026-02-01T00:00:00.000Z']);
  });

  it('never writes through a journal or a store that is a symbolic link (another user aiming its writes): each is replaced by a file of its own', () => {
    const { dir, store } = storeWith([profile('p1')]);
    const outside = mkdtempSync(join(tmpdir(), 'keyscope-aimed-'));
    // A one-line file with no newline (a token, a key): the append cut it to nothing as "a torn last line", then
    // wrote the journal into it.
    const target = join(outside, 'token');
    writeFileSync(target, 'ghp_notarealtoken0123456789');
    symlinkSync(target, join(dir, JOURNAL_FILE));
    expect(store.appendChecks([{ id: 'p1', record: check('2026-02-01T00:00:00.000Z', true) }]).ok).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('ghp_notarealtoken0123456789');
    expect(existsSync(join(dir, JOURNAL_FILE)) && lstatSync(join(dir, JOURNAL_FILE)).isSymbolicLink()).toBe(false);
    store.appendChecks([{ id: 'p1', record: check('2026-02-02T00:00:00.000Z', false) }]);
    expect(readFileSync(target, 'utf8')).toBe('ghp_notarealtoken0123456789');
    expect(unwrap(new ProfileStore(dir).read()).profiles[0]?.history.map((h) => h.valid)).toEqual([false, true]);

    // profiles.json itself: read through the link, replaced at the first write, the file it named left as it was.
    const aimed = join(outside, 'profiles.json');
    writeFileSync(aimed, readFileSync(join(dir, 'profiles.json')));
    const before = readFileSync(aimed);
    const linked = mkdtempSync(join(tmpdir(), 'keyscope-linked-'));
    symlinkSync(aimed, join(linked, 'profiles.json'));
    const linkedStore = new ProfileStore(linked);
    expect(unwrap(linkedStore.read()).profiles).toHaveLength(1);
    linkedStore.update((doc) => ({ doc: { ...doc, profiles: [] }, value: undefined }));
    expect(readFileSync(aimed).equals(before)).toBe(true);
    expect(lstatSync(join(linked, 'profiles.json')).isSymbolicLink()).toBe(false);
    expect(unwrap(linkedStore.read()).profiles).toHaveLength(0);
  });
});
