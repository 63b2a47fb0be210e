/**
 * A locked keychain, as the app's handlers meet it: its own category and hint wherever it shows, and a remove that
 * is refused with nothing removed. A real gnome-keyring, locked with secret-tool (it has no prompter here, so it
 * stays locked: this file keeps a keyring of its own).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPayload, type Emitted } from '../../e2e/fixtures/events.js';
import { startKeyring, useKeyring, type Keyring } from '../../e2e/fixtures/keyring.js';
import type { Events } from '../../shared/contract.js';
import { createTransport, type Transport } from '../core/aws/transport.js';
import { KeychainStore } from '../core/vault/keychain-store.js';
import { ProfileStore } from '../core/vault/profiles.js';
import { Vault } from '../core/vault/vault.js';
import { createHandlers, type Handlers } from './handlers.js';

let keyring: Keyring;
let transport: Transport;
let handlers: Handlers;
let id: string;
const events: Emitted[] = [];
const HINT = /Unlock your login keychain, then retry/;

beforeAll(async () => {
  keyring = await startKeyring();
  useKeyring(keyring);
  const t = createTransport({ env: {} });
  if (!t.ok) throw new Error('transport');
  transport = t.value;
  const vault = new Vault(new ProfileStore(mkdtempSync(join(tmpdir(), 'keyscope-locked-'))), new KeychainStore());
  handlers = createHandlers({ vault, env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', HOME: '/nonexistent' }, transport, emit: (event, payload) => void events.push({ event, payload }) });
  const added = await handlers['profiles:add']({ name: 'work', accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' });
  if (!added.ok) throw new Error(added.error.message);
  id = added.value.id;
  // Locked and checked; a daemon started again after an abort of its own is locked again (keyring.ts).
  keyring.lock();
});
afterAll(() => {
  transport?.close();
  keyring?.stop();
});

describe('a locked keychain', () => {
  it('refuses profiles:remove with its own category and hint, and removes nothing', async () => {
    const r = await handlers['profiles:remove']({ id });
    expect(r).toMatchObject({ ok: false, error: { kind: 'keychain', category: 'keychain-locked', hint: expect.stringMatching(HINT) } });
    const list = await handlers['profiles:list']({});
    expect(list.ok && list.value.map((p) => p.id)).toEqual([id]);
  });

  it('renames all the same (the keychain entry keeps its old name, which only a repair after a lost store reads)', async () => {
    const r = await handlers['profiles:rename']({ id, name: 'work-renamed' });
    expect(r).toMatchObject({ ok: true, value: { id, name: 'work-renamed' } });
    const list = await handlers['profiles:list']({});
    expect(list.ok && list.value.map((p) => [p.id, p.name])).toEqual([[id, 'work-renamed']]);
    expect(await handlers['profiles:rename']({ id, name: 'work' })).toMatchObject({ ok: true, value: { name: 'work' } });
  });

  it("says why a profile's secret cannot be looked at, rather than that it is missing", async () => {
    const r = await handlers['profiles:get']({ id });
    expect(r).toMatchObject({ ok: true, value: { hasSecret: null, keychainError: { Category: 'keychain-locked', Hint: expect.stringMatching(HINT) } } });
  });

  it('records a "Recheck now" that cannot read the secret as could not check, with the hint, as a recheck of all does', async () => {
    // It answered the failure and recorded nothing: the badge went on saying what the last decided check said.
    const verify = await handlers['profiles:verify']({ id });
    expect(verify).toMatchObject({ ok: true, value: { Valid: null, Error: { Category: 'keychain-locked', Hint: expect.stringMatching(HINT) } } });
    const after = await handlers['profiles:get']({ id });
    expect(after).toMatchObject({ ok: true, value: { status: 'could not check', lastAttempt: { error: { Category: 'keychain-locked' } } } });
  });

  it('lists the profile among the failures of a recheck, counted as could not check', async () => {
    const job = await handlers['profiles:recheck']({ all: true });
    if (!job.ok) throw new Error(job.error.message);
    const done = await eventPayload(events, 'recheck:done', 20_000);
    const progress = events.find((e) => e.event === 'recheck:progress')?.payload as Events['recheck:progress'];
    expect(progress.error).toMatchObject({ Category: 'keychain-locked', Hint: expect.stringMatching(HINT) });
    expect(done).toMatchObject({ valid: 0, invalid: 0, couldNotCheck: 1, error: null });
  });
});
