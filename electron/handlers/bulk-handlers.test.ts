/**
 * Issue #10's handlers, against a real keychain, a real store and moto: the bulk check (results as events, the ticked
 * rows saved from what main holds, no secret ever sent back), a pasted credential signing an STS call, notes, the
 * whole key id on request, and the list's owner column.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPayload, type Emitted } from '../../e2e/fixtures/events.js';
import { startFaultServer, type FaultServer } from '../../e2e/fixtures/fault-server.js';
import { startKeyring, useKeyring, type Keyring } from '../../e2e/fixtures/keyring.js';
import { mistyped, startMoto, type Moto } from '../../e2e/fixtures/moto.js';
import type { Events } from '../../shared/contract.js';
import type { Credentials } from '../core/aws/model.js';
import { createTransport, type Transport } from '../core/aws/transport.js';
import { KeychainStore } from '../core/vault/keychain-store.js';
import { ProfileStore } from '../core/vault/profiles.js';
import { Vault } from '../core/vault/vault.js';
import { createHandlers } from './handlers.js';

let keyring: Keyring;
let moto: Moto;
let transport: Transport;
let alice: Credentials;
let bob: Credentials;
// A key of a Thinkst Canarytokens account (052310077262): never sent.
const CANARY = { accessKeyId: 'AKIAQYLPMN5HHHFPZAM2', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

const value = <T>(r: { ok: boolean; value?: T; error?: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value as T;
};

function world(endpoint = moto.url) {
  const vault = new Vault(new ProfileStore(mkdtempSync(join(tmpdir(), 'keyscope-bulk-'))), new KeychainStore());
  const events: Emitted[] = [];
  const handlers = createHandlers({ vault, env: { AWS_ENDPOINT_URL: endpoint, HOME: '/nonexistent' }, transport, emit: (event, payload) => void events.push({ event, payload }) });
  const done = (jobId: string) => eventPayload(events, 'bulk:done', 20_000, (d) => d.jobId === jobId);
  return { vault, handlers, events, done };
}

beforeAll(async () => {
  keyring = await startKeyring();
  useKeyring(keyring);
  moto = await startMoto({ auth: true });
  alice = await moto.createUser('alice', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:*', 'iam:GetAccessKeyLastUsed'], Resource: '*' }] });
  bob = await moto.createUser('bob', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] });
  const t = createTransport({ env: {} });
  if (!t.ok) throw new Error('transport');
  transport = t.value;
});
afterAll(async () => {
  transport?.close();
  await moto?.stop();
  keyring?.stop();
});

describe('bulk check', () => {
  it('checks every pair with results as events, saves the ticked ones with their check, and never sends a secret back', async () => {
    const w = world();
    value(await w.handlers['profiles:add']({ name: 'bob-saved', ...bob }));
    const typo = mistyped(alice.secretAccessKey);
    const text = `Access key ID,Secret access key\r\n${alice.accessKeyId},${alice.secretAccessKey}\r\n${bob.accessKeyId},${typo}\r\n${CANARY.accessKeyId},${CANARY.secretAccessKey}\r\n${alice.accessKeyId},"${bob.accessKeyId}"\r\n`;
    const started = value(await w.handlers['bulk:start']({ text }));
    expect(started.readAs).toBe("the console's accessKeys.csv");
    expect(started.rows.map((r) => [r.line, r.savedAs, r.problem === null])).toEqual([
      [2, null, true],
      [3, 'bob-saved', true],
      [4, null, true],
      [5, null, false],
    ]);
    const end = await w.done(started.jobId);
    expect(end).toMatchObject({ checked: 3, cancelled: false });
    const results = new Map(w.events.filter((e) => e.event === 'bulk:progress').map((e) => [(e.payload as Events['bulk:progress']).index, (e.payload as Events['bulk:progress']).report]));
    expect(results.get(0)).toMatchObject({ Valid: true, Arn: 'arn:aws:iam::123456789012:user/alice' });
    expect(results.get(1)).toMatchObject({ Valid: false, Error: { Code: 'SignatureDoesNotMatch' } });
    expect(results.get(2)).toMatchObject({ Valid: null, Error: { Category: 'canary' } });
    expect(results.has(3)).toBe(false);

    const saved = value(await w.handlers['bulk:save']({ jobId: started.jobId, names: ['alice', 'bob-again', '', ''] }));
    expect(saved.saved.map((s) => [s.index, s.profile.name, s.profile.status])).toEqual([[0, 'alice', 'valid']]);
    expect(saved.failed).toEqual([{ index: 1, error: expect.objectContaining({ Message: expect.stringMatching(/is already saved as "bob-saved"/) }) }]);
    const list = value(await w.handlers['profiles:list']({}));
    expect(list.find((p) => p.name === 'alice')).toMatchObject({ arn: 'arn:aws:iam::123456789012:user/alice', userName: 'alice' });
    const everything = JSON.stringify([started, w.events, saved, list]);
    for (const secret of [alice.secretAccessKey, bob.secretAccessKey, typo]) expect(everything).not.toContain(secret);
  });

  it('checks a valid key as valid when a word follows its secret, lines end in CR alone, or it comes as the AWS CLI\'s JSON (each was checked with a wrong secret or token: invalid)', async () => {
    const w = world();
    const json = `{"Version": 1, "AccessKeyId": "${bob.accessKeyId}", "SecretAccessKey": "${bob.secretAccessKey}", "Expiration": "2030-01-01T00:00:00+00:00"}`;
    const started = value(await w.handlers['bulk:start']({ text: `${alice.accessKeyId},${alice.secretAccessKey},Active\r${json}\r` }));
    expect(started.rows.map((r) => [r.line, r.problem])).toEqual([
      [1, null],
      [2, null],
    ]);
    expect(await w.done(started.jobId)).toMatchObject({ checked: 2, cancelled: false });
    const results = w.events.filter((e) => e.event === 'bulk:progress').map((e) => e.payload as Events['bulk:progress']);
    expect(new Map(results.map((r) => [r.index, r.report.Valid]))).toEqual(new Map([[0, true], [1, true]]));
  });

  it('never sends back a secret pasted where a key id or a name goes, not even its ends', async () => {
    const w = world();
    const text = `[${alice.secretAccessKey}]\naws_access_key_id = ${bob.secretAccessKey}\naws_secret_access_key = ${alice.secretAccessKey}\n`;
    const started = value(await w.handlers['bulk:start']({ text }));
    expect(started.rows).toEqual([expect.objectContaining({ line: 2, maskedKeyId: 'not a key id', suggestedName: 'key', problem: expect.stringMatching(/^The access key id is not well formed/) })]);
    await w.done(started.jobId);
    const everything = JSON.stringify([started, w.events]);
    // The key id column showed the secret's first and last four characters (maskKeyId).
    for (const secret of [alice.secretAccessKey, bob.secretAccessKey]) expect(everything).not.toContain(secret);
    // The name was the section's (the secret), else key- and the end of the key id (here, of the secret).
    expect(started.rows[0]?.suggestedName).not.toContain(bob.secretAccessKey.slice(-6).toLowerCase());
  });

  describe('one key id with two secrets (one a typo): never checked twice within 5 s, as a recheck (fault-server stand-in: it stamps each request as it arrives)', () => {
    let faults: FaultServer;
    beforeAll(async () => {
      faults = await startFaultServer();
    });
    afterAll(() => faults?.stop());
    const KEY = 'AKIAY34FZKBOKMUTVV7F';
    const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    const sentWith = (id: string) => faults.requests.filter((r) => String(r.headers.authorization).includes(`Credential=${id}/`));

    it('checks the second secret 5 s after the first check ended, by the server\'s stamps, and says the row waits', async () => {
      const w = world(`${faults.url}/ok/`);
      const started = value(await w.handlers['bulk:start']({ text: `${KEY},${secret}\n${KEY},${mistyped(secret)}\n` }));
      expect(await w.done(started.jobId)).toMatchObject({ checked: 2, cancelled: false });
      const sent = sentWith(KEY);
      // Each check asks GetCallerIdentity and GetAccessKeyLastUsed at once: the second check's first request comes 5 s
      // after the first check's last one (in the order they arrived). They came back to back, 2 ms apart.
      const actions = sent.map((r) => r.params.Action);
      expect([actions.slice(0, 2).sort(), actions.slice(2).sort()]).toEqual([['GetAccessKeyLastUsed', 'GetCallerIdentity'], ['GetAccessKeyLastUsed', 'GetCallerIdentity']]);
      expect((sent[2]?.receivedAt ?? 0) - (sent[1]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(5_000);
      // The row that waits is said to wait, before its result.
      const order = w.events.filter((e) => e.event !== 'bulk:done').map((e) => [e.event, (e.payload as { index: number }).index]);
      expect(order).toEqual([
        ['bulk:progress', 0],
        ['bulk:waiting', 1],
        ['bulk:progress', 1],
      ]);
      const waiting = w.events.find((e) => e.event === 'bulk:waiting')?.payload as Events['bulk:waiting'];
      expect(waiting).toEqual({ jobId: started.jobId, index: 1, waitMs: expect.any(Number) });
      expect(waiting.waitMs).toBeGreaterThan(4_000);
      expect(waiting.waitMs).toBeLessThanOrEqual(5_000);
    }, 30_000);

    it('a saved key checked just now waits as a recheck would; one whose last check is stamped in the future (the clock set back) waits 5 s, not until then', async () => {
      const w = world(`${faults.url}/ok/`);
      const [recent, ahead] = ['AKIAY34FZKBOKMUTVV9F', 'AKIAY34FZKBOKMUTVWAF'];
      const at = (ms: number) => ({ at: new Date(Date.now() + ms).toISOString(), valid: null, error: { Code: 'RequestTimeout', Message: 'timed out', HttpStatus: null, Category: 'offline', Hint: '' } }) as never;
      value(await w.vault.add({ name: 'recent', accessKeyId: recent, secretAccessKey: secret, source: 'manual', check: at(-1_000) }));
      value(await w.vault.add({ name: 'ahead', accessKeyId: ahead, secretAccessKey: secret, source: 'manual', check: at(86_400_000) }));
      const started = value(await w.handlers['bulk:start']({ text: `${recent},${secret}\n${ahead},${secret}\n` }));
      expect(started.rows.map((r) => r.savedAs)).toEqual(['recent', 'ahead']);
      expect(await eventPayload(w.events, 'bulk:done', 10_000, (d) => d.jobId === started.jobId)).toMatchObject({ checked: 2, cancelled: false });
      const waits = w.events.filter((e) => e.event === 'bulk:waiting').map((e) => e.payload as Events['bulk:waiting']);
      expect(waits.map((x) => x.index).sort()).toEqual([0, 1]);
      for (const x of waits) expect(x.waitMs).toBeLessThanOrEqual(5_000);
      expect(waits.find((x) => x.index === 0)?.waitMs).toBeLessThanOrEqual(4_000);
    }, 30_000);

    it('a recheck of a saved key right after a bulk check of it waits 5 s from that check, and a bulk check of a key a recheck is checking waits for it (one spacing for the window)', async () => {
      const w = world(`${faults.url}/ok/`);
      const id = 'AKIAY34FZKBOKMUTVVAF';
      const saved = value(await w.vault.add({ name: 'spaced', accessKeyId: id, secretAccessKey: secret, source: 'manual' }));
      const started = value(await w.handlers['bulk:start']({ text: `${id},${secret}\n` }));
      expect(await w.done(started.jobId)).toMatchObject({ checked: 1 });
      // Not saved from the bulk check: the store knows nothing of it, only the window's spacing does.
      const recheck = value(await w.handlers['profiles:recheck']({ ids: [saved.id] }));
      await eventPayload(w.events, 'recheck:done', 15_000, (d) => d.jobId === recheck.jobId);
      const bulkThenRecheck = sentWith(id);
      expect(bulkThenRecheck).toHaveLength(4);
      expect((bulkThenRecheck[2]?.receivedAt ?? 0) - (bulkThenRecheck[1]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(5_000);

      // The other way round: a bulk check started while the recheck's check of the key is under way.
      const id2 = 'AKIAY34FZKBOKMUTVVBF';
      const other = value(await w.vault.add({ name: 'spaced-too', accessKeyId: id2, secretAccessKey: secret, source: 'manual' }));
      const slow = value(await w.handlers['profiles:recheck']({ ids: [other.id] }));
      const bulk = value(await w.handlers['bulk:start']({ text: `${id2},${mistyped(secret)}\n` }));
      await eventPayload(w.events, 'recheck:done', 15_000, (d) => d.jobId === slow.jobId);
      expect(await w.done(bulk.jobId)).toMatchObject({ checked: 1 });
      const recheckThenBulk = sentWith(id2);
      expect(recheckThenBulk).toHaveLength(4);
      expect((recheckThenBulk[2]?.receivedAt ?? 0) - (recheckThenBulk[1]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(5_000);
      expect(w.events.some((e) => e.event === 'bulk:waiting' && (e.payload as Events['bulk:waiting']).jobId === bulk.jobId)).toBe(true);
    }, 40_000);

    it('a Cancel while a row waits ends the check at once, the second secret never sent', async () => {
      const w = world(`${faults.url}/ok/`);
      const id = 'AKIAY34FZKBOKMUTVV8F';
      const started = value(await w.handlers['bulk:start']({ text: `${id},${secret}\n${id},${mistyped(secret)}\n` }));
      await eventPayload(w.events, 'bulk:waiting', 10_000, (p) => p.jobId === started.jobId);
      expect(value(await w.handlers['bulk:cancel']({ jobId: started.jobId }))).toEqual({ cancelled: true });
      const end = await eventPayload(w.events, 'bulk:done', 1_000, (d) => d.jobId === started.jobId);
      expect(end).toEqual({ jobId: started.jobId, checked: 1, cancelled: true });
      expect(sentWith(id).filter((r) => r.params.Action === 'GetCallerIdentity')).toHaveLength(1);
    }, 30_000);
  });

  it('refuses a text with no pair, and a save for a job it does not hold', async () => {
    const w = world();
    const none = await w.handlers['bulk:start']({ text: 'just words' });
    expect(none.ok ? null : none.error.message).toBe('No access key id and secret pair was found.');
    const gone = await w.handlers['bulk:save']({ jobId: 'nope', names: ['x'] });
    expect(gone.ok ? null : gone.error.message).toMatch(/no longer held/);
  });
});

describe('a pasted credential signs the STS tools', () => {
  it('is held in main and used by handle; a paste mistake is refused before holding', async () => {
    const w = world();
    const held = value(await w.handlers['creds:hold']({ ...alice }));
    expect(held.maskedKeyId).not.toBe(alice.accessKeyId);
    expect(JSON.stringify(held)).not.toContain(alice.secretAccessKey);
    expect(value(await w.handlers['sts:access-key-info']({ credentialHandle: held.credentialHandle, accessKeyId: bob.accessKeyId }))).toEqual({ account: '123456789012' });
    const quoted = await w.handlers['creds:hold']({ accessKeyId: alice.accessKeyId, secretAccessKey: `"${alice.secretAccessKey}"` });
    expect(quoted.ok ? null : quoted.error.message).toBe('The secret access key is in quotes.');
    const both = await w.handlers['sts:access-key-info']({ profileId: 'x', credentialHandle: held.credentialHandle, accessKeyId: bob.accessKeyId } as never);
    expect(both.ok ? null : both.error.message).toMatch(/^Pick what signs/);
    const unknown = await w.handlers['sts:access-key-info']({ credentialHandle: 'forgotten', accessKeyId: bob.accessKeyId });
    expect(unknown.ok ? null : unknown.error.message).toMatch(/no longer held/);
  });
});

describe('notes and the whole key id', () => {
  it('sets and clears notes through the vault, and gives the whole key id of a saved profile on request', async () => {
    const w = world();
    const p = value(await w.handlers['profiles:add']({ name: 'alice', ...alice }));
    expect(p.maskedKeyId).not.toBe(alice.accessKeyId);
    expect(value(await w.handlers['profiles:set-notes']({ id: p.id, notes: 'CI deployer; rotate in May' })).notes).toBe('CI deployer; rotate in May');
    expect(value(await w.handlers['profiles:list']({}))[0]?.notes).toBe('CI deployer; rotate in May');
    expect(value(await w.handlers['profiles:set-notes']({ id: p.id, notes: '' })).notes).toBeNull();
    const long = await w.handlers['profiles:set-notes']({ id: p.id, notes: 'x'.repeat(1001) });
    expect(long.ok).toBe(false);
    expect(value(await w.handlers['profiles:key-id']({ id: p.id }))).toEqual({ accessKeyId: alice.accessKeyId });
    const gone = await w.handlers['profiles:key-id']({ id: 'missing' });
    expect(gone.ok ? null : gone.error.message).toBe('That profile no longer exists.');
  });
});
