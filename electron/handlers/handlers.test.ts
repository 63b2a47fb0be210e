/**
 * The handlers' logic for issue #7, against a real keychain, a real store and moto: what a check that could not
 * decide looks like, checks kept from "Check without saving", replacing a key, and bugs turned into values.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventPayload, type Emitted } from '../../e2e/fixtures/events.js';
import { startKeyring, useKeyring, type Keyring } from '../../e2e/fixtures/keyring.js';
import { mistyped, startMoto, type Moto } from '../../e2e/fixtures/moto.js';
import { freePort } from '../../e2e/fixtures/ports.js';
import type { Events } from '../../shared/contract.js';
import type { Credentials } from '../core/aws/model.js';
import { createTransport, type Transport } from '../core/aws/transport.js';
import { KeychainStore } from '../core/vault/keychain-store.js';
import { ProfileStore } from '../core/vault/profiles.js';
import { Vault } from '../core/vault/vault.js';
import { createHandlers, type HandlerDeps } from './handlers.js';

let keyring: Keyring;
let moto: Moto;
let transport: Transport;
let alice: Credentials;
let bob: Credentials;
let closedPort: string;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => void rejections.push(reason);

function world(vault: Vault, overrides: Partial<HandlerDeps> = {}, endpoint = moto.url) {
  const events: Emitted[] = [];
  const handlers = createHandlers({ vault, env: { AWS_ENDPOINT_URL: endpoint, HOME: '/nonexistent' }, transport, emit: (event, payload) => void events.push({ event, payload }), ...overrides });
  // Event-driven wait: the recheck ends with exactly one recheck:done for its job.
  const done = (jobId: string) => eventPayload(events, 'recheck:done', 20_000, (d) => d.jobId === jobId);
  return { handlers, events, done };
}
const value = <T>(r: { ok: boolean; value?: T; error?: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value as T;
};
const freshVault = () => new Vault(new ProfileStore(mkdtempSync(join(tmpdir(), 'keyscope-handlers-'))), new KeychainStore());

beforeAll(async () => {
  keyring = await startKeyring();
  useKeyring(keyring);
  moto = await startMoto({ auth: true });
  alice = await moto.createUser('alice', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:*', 'iam:GetAccessKeyLastUsed'], Resource: '*' }] });
  bob = await moto.createUser('bob', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] });
  const t = createTransport({ env: {} });
  if (!t.ok) throw new Error('transport');
  transport = t.value;
  closedPort = `http://127.0.0.1:${await freePort()}`;
  process.on('unhandledRejection', onRejection);
});
afterEach(() => expect(rejections).toEqual([]));
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  transport?.close();
  await moto?.stop();
  keyring?.stop();
});

describe('a recheck that cannot reach AWS (the reproducer)', () => {
  it('says "could not check" with the error, next to the last decided result, and counts it', async () => {
    const vault = freshVault();
    const online = world(vault);
    const good = value(await online.handlers['profiles:add']({ name: 'good', ...alice }));
    const typo = value(await online.handlers['profiles:add']({ name: 'typo', accessKeyId: bob.accessKeyId, secretAccessKey: mistyped(bob.secretAccessKey) }));
    const goodCheck = value(await online.handlers['profiles:verify']({ id: good.id }));
    expect(goodCheck.Valid).toBe(true);
    expect(value(await online.handlers['profiles:verify']({ id: typo.id })).Valid).toBe(false);

    const offline = world(vault, {}, closedPort);
    const job = value(await offline.handlers['profiles:recheck']({ all: true }));
    const done = await offline.done(job.jobId);
    expect(done).toMatchObject({ checked: 2, total: 2, valid: 0, invalid: 0, couldNotCheck: 2, cancelled: false, error: null });

    // Every failure of the recheck is reported, whatever the earlier status (valid or invalid).
    const progress = offline.events.filter((e) => e.event === 'recheck:progress').map((e) => e.payload as Events['recheck:progress']);
    expect(progress.map((p) => [p.profile.name, p.error?.Code]).sort()).toEqual([
      ['good', 'ECONNREFUSED'],
      ['typo', 'ECONNREFUSED'],
    ]);

    const list = value(await offline.handlers['profiles:list']({}));
    const shown = list.find((p) => p.name === 'good');
    expect(shown).toMatchObject({
      status: 'could not check',
      lastDecided: { valid: true, status: 'valid', at: goodCheck.CheckedAt },
      // "Last checked" is the last decided check, not the attempt that could not decide.
      lastChecked: goodCheck.CheckedAt,
      lastAttempt: { error: { Code: 'ECONNREFUSED', Category: 'offline' } },
    });
    expect(list.find((p) => p.name === 'typo')).toMatchObject({ status: 'could not check', lastDecided: { valid: false, status: 'invalid' } });
    const detail = value(await offline.handlers['profiles:get']({ id: good.id }));
    expect(detail).toMatchObject({ status: 'could not check', lastError: { Code: 'ECONNREFUSED' }, hasSecret: true, keychainError: null });
    expect(detail.history.map((h) => h.valid)).toEqual([null, true]);

    // Decided again: the attempt is gone and the status is what AWS says.
    value(await online.handlers['profiles:verify']({ id: good.id }));
    const again = value(await online.handlers['profiles:list']({})).find((p) => p.name === 'good');
    expect(again).toMatchObject({ status: 'valid' });
    expect(again).not.toHaveProperty('lastAttempt'); // the list leaves null members out
  });
});

describe('profiles:list', () => {
  it('answers in name order (case aside, digits one by one, as the list sorts), whatever order they were added in', async () => {
    const { handlers } = world(freshVault());
    const names = ['b2', 'B10', 'a', 'b1', '_x'];
    // A key each (one key is saved once); none is sent anywhere.
    for (const [i, name] of names.entries()) value(await handlers['profiles:add']({ name, accessKeyId: `AKIA${'Q'.repeat(15)}${'ABCDE'[i]}`, secretAccessKey: alice.secretAccessKey }));
    expect(value(await handlers['profiles:list']({})).map((p) => p.name)).toEqual(['_x', 'a', 'b1', 'B10', 'b2']);
  });

  it('leaves each row\'s null members out, and keeps the rest', async () => {
    const { handlers } = world(freshVault());
    const added = value(await handlers['profiles:add']({ name: 'quiet', accessKeyId: `AKIA${'Q'.repeat(16)}`, secretAccessKey: alice.secretAccessKey }));
    value(await handlers['profiles:set-notes']({ id: added.id, notes: 'kept' }));
    const [row] = value(await handlers['profiles:list']({}));
    expect(row).toEqual({ id: added.id, name: 'quiet', maskedKeyId: added.maskedKeyId, keyType: 'long-term', account: expect.any(String), status: 'never checked', notes: 'kept' });
    expect(JSON.stringify(row)).not.toContain('null');
  });
});

describe('"Check without saving", then "Save to keychain"', () => {
  it('records the check main kept, for that exact credential only, once', async () => {
    const { handlers } = world(freshVault());
    const checked = value(await handlers['creds:check']({ ...alice }));
    expect(checked.report.Valid).toBe(true);
    expect(checked.checkId).toMatch(/^[0-9a-f]{32}$/);
    const saved = value(await handlers['profiles:add']({ name: 'alice', ...alice, checkId: checked.checkId }));
    expect(saved).toMatchObject({ status: 'valid', lastDecided: { valid: true, at: checked.report.CheckedAt }, account: '123456789012' });
    const detail = value(await handlers['profiles:get']({ id: saved.id }));
    expect(detail.history).toHaveLength(1);
    expect(detail.arn).toBe('arn:aws:iam::123456789012:user/alice');
  });

  it('does not record a check of another credential, nor one whose id was used or made up', async () => {
    const { handlers } = world(freshVault());
    const wrong = value(await handlers['creds:check']({ accessKeyId: bob.accessKeyId, secretAccessKey: mistyped(bob.secretAccessKey) }));
    expect(wrong.report.Valid).toBe(false);
    // The renderer sends the id of the failed check with the corrected secret: that check was not of this credential.
    const saved = value(await handlers['profiles:add']({ name: 'bob', ...bob, checkId: wrong.checkId }));
    expect(saved).toMatchObject({ status: 'never checked', lastDecided: null });

    const good = value(await handlers['creds:check']({ ...alice }));
    value(await handlers['profiles:add']({ name: 'alice', ...alice, checkId: good.checkId }));
    value(await handlers['profiles:remove']({ id: value(await handlers['profiles:list']({})).find((p) => p.name === 'alice')?.id }));
    const again = value(await handlers['profiles:add']({ name: 'alice-again', ...alice, checkId: good.checkId }));
    expect(again.status).toBe('never checked');
    const madeUp = value(await handlers['profiles:add']({ name: 'x', accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: 'a'.repeat(40), checkId: 'f'.repeat(32) }));
    expect(madeUp.status).toBe('never checked');
  });
});

describe('profiles:set-key', () => {
  it('replaces a mistyped key, keeps the name and history, and checks the new key at once', async () => {
    const { handlers } = world(freshVault());
    const typo = value(await handlers['profiles:add']({ name: 'deployer', accessKeyId: alice.accessKeyId, secretAccessKey: mistyped(alice.secretAccessKey), notes: 'CI' }));
    expect(value(await handlers['profiles:verify']({ id: typo.id })).Valid).toBe(false);
    const r = value(await handlers['profiles:set-key']({ id: typo.id, ...bob }));
    expect(r.check.Valid).toBe(true);
    expect(r.profile).toMatchObject({ name: 'deployer', status: 'valid', maskedKeyId: expect.stringMatching(new RegExp(`^${bob.accessKeyId.slice(0, 4)}`)) });
    const detail = value(await handlers['profiles:get']({ id: r.profile.id }));
    expect(detail).toMatchObject({ notes: 'CI', hasSecret: true, arn: 'arn:aws:iam::123456789012:user/bob' });
    expect(detail.history.map((h) => h.valid)).toEqual([true, false]);
    expect(JSON.stringify(r)).not.toContain(bob.secretAccessKey);
  });

  it('checks the new key as Add does, and changes nothing when it is not well formed', async () => {
    const { handlers } = world(freshVault());
    const p = value(await handlers['profiles:add']({ name: 'p', ...alice }));
    const bad = await handlers['profiles:set-key']({ id: p.id, accessKeyId: 'not-a-key', secretAccessKey: 'x' });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'input', field: 'accessKeyId' } });
    expect(value(await handlers['profiles:list']({}))).toEqual([expect.objectContaining({ id: p.id, maskedKeyId: p.maskedKeyId })]);
  });
});

describe('a saved region that is not a region name (an older import wrote one)', () => {
  it('Verify and Recheck record could not check, with an input failure naming the profile\'s region and the fix', async () => {
    const vault = freshVault();
    const { handlers, done } = world(vault);
    const p = value(await handlers['profiles:add']({ name: 'legacy', ...alice }));
    const written = vault.store.update((doc) => ({ doc: { ...doc, profiles: doc.profiles.map((x) => ({ ...x, region: 'us-east-1 # prod' })) }, value: undefined }));
    expect(written.ok).toBe(true);
    const check = value(await handlers['profiles:verify']({ id: p.id }));
    expect(check).toMatchObject({ Valid: null, Error: { Category: 'input', Message: expect.stringContaining('The saved region of "legacy", "us-east-1 # prod", is not a region name'), Hint: expect.stringMatching(/profiles\.json/) } });
    const job = value(await handlers['profiles:recheck']({ all: true }));
    expect(await done(job.jobId)).toMatchObject({ couldNotCheck: 1, error: null });
    expect(value(await handlers['profiles:get']({ id: p.id })).history.map((h) => h.valid)).toEqual([null, null]);
  });

  it('names a region that reads as a secret (a key pasted on the region line) without quoting it', async () => {
    const vault = freshVault();
    const { handlers } = world(vault);
    const p = value(await handlers['profiles:add']({ name: 'pasted', ...alice }));
    vault.store.update((doc) => ({ doc: { ...doc, profiles: doc.profiles.map((x) => ({ ...x, region: alice.secretAccessKey })) }, value: undefined }));
    const check = value(await handlers['profiles:verify']({ id: p.id }));
    expect(check).toMatchObject({ Valid: null, Error: { Category: 'input', Message: expect.stringContaining('The saved region of "pasted" is not a region name') } });
    expect(JSON.stringify(check)).not.toContain(alice.secretAccessKey);
  });
});

describe('a bug becomes an internal failure, and the process keeps running', () => {
  it('a handler whose dependency throws answers kind internal, not input', async () => {
    class BuggyStore extends Vault {
      override list(): never {
        throw new Error('a bug in the store');
      }
    }
    const plain = freshVault();
    const { handlers } = world(new BuggyStore(plain.store, plain.secrets));
    const r = await handlers['profiles:list']({});
    expect(r).toMatchObject({ ok: false, error: { kind: 'internal', category: 'internal' } });
    expect(JSON.stringify(r)).not.toContain('a bug in the store');

    const buggyCheck: Transport = { send: () => Promise.reject(new Error('a bug in the check')), close: () => undefined };
    const checked = await world(freshVault(), { transport: buggyCheck }).handlers['creds:check']({ ...alice });
    expect(checked).toMatchObject({ ok: false, error: { kind: 'internal' } });
  });

  it('a recheck that throws ends with recheck:done holding an internal failure, not an unhandled rejection', async () => {
    class BuggyKeychainRead extends Vault {
      override recordChecks(): never {
        throw new Error('a bug in the recheck');
      }
    }
    const plain = freshVault();
    const setup = world(plain);
    value(await setup.handlers['profiles:add']({ name: 'alice', ...alice }));
    const buggy = world(new BuggyKeychainRead(plain.store, plain.secrets));
    const job = value(await buggy.handlers['profiles:recheck']({ all: true }));
    const done = await buggy.done(job.jobId);
    expect(done).toMatchObject({ total: 1, error: { Code: 'InternalError', Category: 'internal' } });
    // The handlers still answer.
    expect(value(await buggy.handlers['profiles:list']({}))).toHaveLength(1);
  });

  it('an event that cannot be delivered does not stop the recheck', async () => {
    const vault = freshVault();
    value(await world(vault).handlers['profiles:add']({ name: 'alice', ...alice }));
    let sent = 0;
    const handlers = createHandlers({
      vault,
      env: { AWS_ENDPOINT_URL: moto.url },
      transport,
      emit: () => {
        sent += 1;
        throw new Error('the window is gone');
      },
    });
    value(await handlers['profiles:recheck']({ all: true }));
    await vi.waitFor(() => expect(sent).toBe(2), { timeout: 20_000, interval: 50 }); // progress, then done
    expect(value(await handlers['profiles:list']({}))[0]).toMatchObject({ status: 'valid' });
  });
});
