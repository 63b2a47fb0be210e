/** Request parsers: every channel answers a malformed argument with an input failure (a Result, never a throw). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/contract.js';
import { createTransport, type Transport } from '../core/aws/transport.js';
import { KeychainStore } from '../core/vault/keychain-store.js';
import { ProfileStore } from '../core/vault/profiles.js';
import { Vault } from '../core/vault/vault.js';
import { createHandlers } from './handlers.js';
import { MAX_SESSION_TOKEN, REQUESTS } from './requests.js';
import { startMoto } from '../../e2e/fixtures/moto.js';

describe('request parsers', () => {
  it.each(CHANNELS)('%s refuses what is not an object, and an unknown field, by name', (channel) => {
    for (const arg of [null, undefined, 'text', 42, ['a']]) {
      expect(REQUESTS[channel](arg)).toMatchObject({ ok: false, error: { kind: 'input', field: 'body' } });
    }
    expect(REQUESTS[channel]({ surprise: 1 })).toMatchObject({ ok: false, error: { kind: 'input', field: 'surprise' } });
  });

  it('quotes an unknown field only when it reads as a field name: never a long name twice, a secret, or control characters', () => {
    const long = REQUESTS['profiles:list']({ ['x'.repeat(900_000)]: 1 });
    expect(long).toMatchObject({ ok: false, error: { kind: 'input', field: 'body', message: "The request holds a field keyscope's API does not know." } });
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const odd = REQUESTS['creds:check']({ [`${secret}\u202e\u0000`]: 1 });
    expect(odd.ok).toBe(false);
    expect(JSON.stringify(odd)).not.toContain('EXAMPLEKEY');
    expect(REQUESTS['creds:check']({ regoin: 'eu-west-1' })).toMatchObject({ ok: false, error: { field: 'regoin', message: "The request's regoin is not a known field." } });
  });

  it("refuses a list with holes (Electron's structured clone keeps them): never a name read as undefined", () => {
    // As a renderer's ['first-row', <hole>, 'third'] arrives over IPC; JSON cannot carry a hole.
    const withHole = (first: string, last: string): string[] => Object.assign(new Array<string>(3), { 0: first, 2: last });
    expect(1 in withHole('a', 'b')).toBe(false);
    const holed = deserialize(serialize({ jobId: 'j', names: withHole('first-row', 'third') })) as unknown;
    expect(REQUESTS['bulk:save'](holed)).toMatchObject({ ok: false, error: { kind: 'input', field: 'names', message: "The request's names is not a list of names." } });
    expect(REQUESTS['review:run'](deserialize(serialize({ storedReports: withHole('a', 'b') })) as unknown)).toMatchObject({ ok: false, error: { field: 'storedReports' } });
    expect(REQUESTS['bulk:save']({ jobId: 'j', names: ['a', 'b'] })).toEqual({ ok: true, value: { jobId: 'j', names: ['a', 'b'] } });
  });

  it('gives the request as the contract types it: trimmed, a blank token dropped, empty optionals absent', () => {
    const r = REQUESTS['creds:check']({ accessKeyId: ' AKIAIOSFODNN7EXAMPLE\n', secretAccessKey: 'secret\n', sessionToken: '  ', region: 'eu-west-1' });
    expect(r).toEqual({ ok: true, value: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret', region: 'eu-west-1' } });
    const s = REQUESTS['sts:session-token']({ profileId: 'p', serialNumber: '', durationSeconds: 900 });
    expect(s).toMatchObject({ ok: true, value: { profileId: 'p', durationSeconds: 900, serialNumber: undefined } });
    expect(REQUESTS['profiles:recheck']({ all: true, ids: [1] })).toEqual({ ok: true, value: { all: true } });
  });

  it('names the first field at fault: a wrong type, a value too long, a word not offered, a region not well formed', () => {
    expect(REQUESTS['profiles:rename']({ id: 5, name: 7 })).toMatchObject({ ok: false, error: { field: 'id', message: "The request's id is missing or not text." } });
    expect(REQUESTS['profiles:add']({ name: 'n', accessKeyId: 'A'.repeat(129), secretAccessKey: 's' })).toMatchObject({ ok: false, error: { field: 'accessKeyId' } });
    expect(REQUESTS['temp:copy']({ handle: 'h', format: 'yaml' })).toMatchObject({ ok: false, error: { field: 'format' } });
    expect(REQUESTS['sts:assume-role']({ profileId: 'p', roleArn: 'a', sessionName: 's', durationSeconds: '900' })).toMatchObject({ ok: false, error: { field: 'durationSeconds' } });
    expect(REQUESTS['creds:check']({ accessKeyId: 'A', secretAccessKey: 's', region: 'not a region' })).toMatchObject({ ok: false, error: { kind: 'input', field: 'region', message: expect.stringContaining('is not a region name') } });
  });
});

/** Handlers over a fresh store whose transport counts what would have been sent, with AWS at `endpoint`. */
function handlersSendingNothing(endpoint: string) {
  let sent = 0;
  const transport: Transport = { send: () => ((sent += 1), Promise.reject(new Error('nothing should be sent'))), close: () => undefined };
  const vault = new Vault(new ProfileStore(mkdtempSync(join(tmpdir(), 'keyscope-requests-'))), new KeychainStore());
  const handlers = createHandlers({ vault, env: { AWS_ENDPOINT_URL: endpoint, HOME: '/nonexistent' }, transport, emit: () => undefined });
  return { handlers, sent: () => sent };
}

describe('a credential the rules refuse', () => {
  it('is refused by "Check without saving" as by saving, by field, and nothing is sent (a token that cannot be a header was an internal error)', async () => {
    const { handlers, sent } = handlersSendingNothing('http://127.0.0.1:9/');
    const token = await handlers['creds:check']({ accessKeyId: 'ASIAY34FZKBOKMUTVV7A', secretAccessKey: 'x'.repeat(40), sessionToken: 'Fwo\u200bGZX' });
    expect(token).toMatchObject({ ok: false, error: { kind: 'input', field: 'sessionToken', message: expect.stringMatching(/invisible or non-ASCII character \(U\+200B\)/) } });
    const id = await handlers['creds:check']({ accessKeyId: 'AKIA IOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) });
    expect(id).toMatchObject({ ok: false, error: { kind: 'input', field: 'accessKeyId', message: 'The access key id is not well formed.' } });
    expect(sent()).toBe(0);
  });
});

describe('a client the environment makes unusable', () => {
  it('is the request\'s input failure, and nothing is sent', async () => {
    const { handlers, sent } = handlersSendingNothing('ftp://127.0.0.1/');
    const checked = await handlers['creds:check']({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) });
    expect(checked).toMatchObject({ ok: false, error: { kind: 'input', category: 'input' } });
    const unsigned = await handlers['sts:web-identity']({ roleArn: 'arn:aws:iam::123456789012:role/r', sessionName: 's', token: 't' });
    expect(unsigned).toMatchObject({ ok: false, error: { kind: 'input' } });
    expect(sent()).toBe(0);
  });
});

describe('a long session token', () => {
  it('is sent whole: AWS sets no size for a token (one of 6,000 characters was refused as "a bug in the caller"); one past any size is refused in words', async () => {
    const moto = await startMoto({ auth: false });
    const made = createTransport({ env: {} });
    if (!made.ok) throw new Error('transport');
    const transport = made.value;
    try {
      const vault = new Vault(new ProfileStore(mkdtempSync(join(tmpdir(), 'keyscope-requests-'))), new KeychainStore());
      const handlers = createHandlers({ vault, env: { AWS_ENDPOINT_URL: moto.url, HOME: '/nonexistent' }, transport, emit: () => undefined });
      const credentials = { accessKeyId: 'ASIAY34FZKBOKMUTVV7A', secretAccessKey: 'x'.repeat(40) };
      const long = await handlers['creds:check']({ ...credentials, sessionToken: 'IQoJb3JpZ2luX2VjE'.padEnd(6000, 'A') });
      expect(long).toMatchObject({ ok: true, value: { report: { Valid: true, KeyType: 'temporary' } } });
      const absurd = REQUESTS['creds:check']({ ...credentials, sessionToken: 'A'.repeat(MAX_SESSION_TOKEN + 1) });
      expect(absurd).toMatchObject({ ok: false, error: { kind: 'input', field: 'sessionToken', message: `The session token is ${MAX_SESSION_TOKEN + 1} characters long: keyscope takes at most ${MAX_SESSION_TOKEN}.` } });
      expect(JSON.stringify(absurd)).not.toMatch(/bug in the caller|AAAAAAAA/);
    } finally {
      transport.close();
      await moto.stop();
    }
  });
});
