/** registerHandlers driven as Electron would, with a real keychain and moto behind it. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPayload, type Emitted } from '../../e2e/fixtures/events.js';
import { startKeyring, useKeyring, type Keyring } from '../../e2e/fixtures/keyring.js';
import { startMoto, type Moto } from '../../e2e/fixtures/moto.js';
import { CHANNELS, type Events } from '../../shared/contract.js';
import { createHandlers } from '../handlers/handlers.js';
import type { Credentials } from '../core/aws/model.js';
import { createTransport, type Transport } from '../core/aws/transport.js';
import { KeychainStore } from '../core/vault/keychain-store.js';
import { ProfileStore } from '../core/vault/profiles.js';
import { Vault } from '../core/vault/vault.js';
import { registerHandlers, trustPage, type IpcEventLike } from './ipc.js';

const PAGE = 'file:///opt/keyscope/resources/app/out/renderer/index.html';
let keyring: Keyring;
let moto: Moto;
let transport: Transport;
let alice: Credentials;
const listeners = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
const events: Emitted[] = [];
const responses: string[] = [];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read response JSON freely
type Reply = { ok: boolean; value?: any; error?: any };

async function invoke(channel: string, arg: unknown, senderUrl: string | null = `${PAGE}#/profiles`, ...extra: unknown[]): Promise<Reply> {
  const listener = listeners.get(channel);
  if (!listener) throw new Error(`no handler for ${channel}`);
  const r = (await listener({ senderFrame: senderUrl === null ? null : { url: senderUrl } }, arg, ...extra)) as Reply;
  responses.push(JSON.stringify(r));
  return r;
}

beforeAll(async () => {
  keyring = await startKeyring();
  useKeyring(keyring);
  moto = await startMoto({ auth: true });
  alice = await moto.createUser('alice', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:*', 'iam:GetAccessKeyLastUsed'], Resource: '*' }] });
  await moto.iam('CreateRole', {
    RoleName: 'auditor',
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/alice' }, Action: 'sts:AssumeRole' }] }),
  });
  const t = createTransport({ env: {} });
  if (!t.ok) throw new Error('transport');
  transport = t.value;
  const vault = new Vault(new ProfileStore(mkdtempSync(join(tmpdir(), 'keyscope-ipc-'))), new KeychainStore());
  const handlers = createHandlers({
    vault,
    env: { AWS_ENDPOINT_URL: moto.url, HOME: '/nonexistent' },
    transport,
    emit: <E extends keyof Events>(event: E, payload: Events[E]) => void events.push({ event, payload }),
  });
  registerHandlers({ handle: (channel, listener) => void listeners.set(channel, listener) }, { handlers, isTrustedSender: trustPage(PAGE) });
});
afterAll(async () => {
  transport?.close();
  await moto?.stop();
  keyring?.stop();
});

describe('registerHandlers', () => {
  it('binds every channel of the contract', () => {
    expect([...listeners.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('refuses a sender that is not our page, and a missing sender frame', async () => {
    for (const url of ['https://evil.example/index.html', 'file:///tmp/other/index.html', null]) {
      const r = await invoke('profiles:list', {}, url);
      expect(r.ok).toBe(false);
      expect(r.error.message).toMatch(/sender is not keyscope's window/);
    }
  });

  it('refuses bad arguments: wrong types, unknown fields, extra arguments, oversized values', async () => {
    const cases: Array<[string, unknown]> = [
      ['profiles:get', 'not-an-object'],
      ['profiles:get', { id: 42 }],
      ['profiles:get', { id: 'x', extra: true }],
      ['profiles:add', { name: 'n', accessKeyId: 'A'.repeat(200), secretAccessKey: 's' }],
      ['temp:copy', { handle: 'h', format: 'yaml' }],
      ['sts:assume-role', { profileId: 'p', roleArn: 'a', sessionName: 's', durationSeconds: '900' }],
      ['profiles:recheck', { ids: [1, 2] }],
    ];
    for (const [channel, arg] of cases) {
      const r = await invoke(channel, arg);
      expect(r, `${channel} ${JSON.stringify(arg)}`).toMatchObject({ ok: false, error: { kind: 'input' } });
    }
    const extra = await invoke('profiles:list', {}, `${PAGE}`, 'second argument');
    expect(extra.error.message).toMatch(/expected one argument, got 2/);
  });

  it('runs the flows a window needs, and never answers with a saved secret', async () => {
    const added = await invoke('profiles:add', { name: 'alice', accessKeyId: ` ${alice.accessKeyId}\n`, secretAccessKey: `${alice.secretAccessKey}\n` });
    expect(added.ok).toBe(true);
    const id = added.value.id as string;
    expect((await invoke('profiles:list', {})).value).toEqual([expect.objectContaining({ name: 'alice', status: 'never checked' })]);
    const verified = await invoke('profiles:verify', { id });
    expect(verified.value).toMatchObject({ Valid: true, UserName: 'alice' });
    const detail = await invoke('profiles:get', { id });
    expect(detail.value).toMatchObject({ status: 'valid', arn: 'arn:aws:iam::123456789012:user/alice', hasSecret: true });
    expect(detail.value.history).toHaveLength(1);

    const job = await invoke('profiles:recheck', { all: true });
    expect(job.value.total).toBe(1);
    // The key was verified just before: the recheck first waits out MIN_CHECK_INTERVAL_MS (5 s) since then, so the
    // wait here is bounded well past it (a loaded CI machine missed a bound of exactly 5 s).
    await eventPayload(events, 'recheck:done', 20_000);
    expect(events.map((e) => e.event)).toEqual(['recheck:progress', 'recheck:done']);

    const temp = await invoke('sts:assume-role', { profileId: id, roleArn: 'arn:aws:iam::123456789012:role/auditor', sessionName: 'ui' });
    expect(temp.value).toMatchObject({ maskedKeyId: expect.stringMatching(/^ASIA\*+/), identity: { Arn: 'arn:aws:sts::123456789012:assumed-role/auditor/ui' } });
    const copy = await invoke('temp:copy', { handle: temp.value.handle, format: 'env' });
    expect(copy.value.text).toMatch(/^export AWS_ACCESS_KEY_ID='ASIA/);
    const saved = await invoke('temp:save', { handle: temp.value.handle, name: 'auditor-session' });
    expect(saved.value).toMatchObject({ name: 'auditor-session', keyType: 'temporary' });
    // Once saved, the secret is the keychain's: the handle no longer reveals or copies it.
    expect((await invoke('temp:reveal', { handle: temp.value.handle })).error.message).toMatch(/expired or were forgotten/);
    expect((await invoke('temp:copy', { handle: temp.value.handle, format: 'env' })).ok).toBe(false);

    // Apart from temp:reveal and temp:copy (asked for explicitly, for unsaved temporary credentials), no response
    // holds a secret, and none ever holds a saved one.
    const all = responses.join('\n');
    expect(all).not.toContain(alice.secretAccessKey);
    expect(all).not.toContain(alice.accessKeyId);
  });
});
