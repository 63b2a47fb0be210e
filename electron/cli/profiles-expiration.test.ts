/**
 * `profiles add|set-key --expiration`, with a real gnome-keyring and moto: only temporary credentials (a key with its
 * session token) take an expiry, read as ISO 8601 only. A long-term key saved with a past expiry showed "expired",
 * counted invalid, after AWS had just called it valid; "June 30" was taken for 2001 and "45" for 2045.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyring, useKeyring, type Keyring } from '../../e2e/fixtures/keyring.js';
import { startMoto, type Moto } from '../../e2e/fixtures/moto.js';
import type { Credentials } from '../core/aws/model.js';
import { runCli } from '../../e2e/fixtures/cli-run.js';

let keyring: Keyring;
let moto: Moto;
let home: string;
let alice: Credentials;

const run = (argv: string[], extraEnv: Record<string, string> = {}, prompt?: (question: string) => string) =>
  runCli(argv, { HOME: home, KEYSCOPE_HOME: home, AWS_ENDPOINT_URL: moto.url, ...extraEnv }, prompt ? { prompt } : {});

const envOf = (c: Credentials) => ({ AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey, ...(c.sessionToken ? { AWS_SESSION_TOKEN: c.sessionToken } : {}) });
const names = async () => (await run(['profiles', 'list'])).json().Profiles.map((p: { Name: string }) => p.Name);

beforeAll(async () => {
  keyring = await startKeyring();
  useKeyring(keyring);
  moto = await startMoto({ auth: true });
  alice = await moto.createUser('alice', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:*', 'iam:GetAccessKeyLastUsed'], Resource: '*' }] });
  home = mkdtempSync(join(tmpdir(), 'keyscope-expiration-'));
}, 60_000);
afterAll(async () => {
  await moto?.stop();
  keyring?.stop();
});

describe('profiles add --expiration', () => {
  it('refuses an expiry for a long-term key (no session token), saving nothing (exit 2)', async () => {
    const r = await run(['profiles', 'add', 'lt', '--from-env', '--expiration', '2099-01-01T00:00:00Z'], envOf(alice));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--expiration is for temporary credentials');
    expect(await names()).not.toContain('lt');
    // Saved, it would read "expired" once past, counted invalid whatever AWS said of the key.
  });

  it('refuses it on a terminal right after a long-term key id, before the secret is asked for', async () => {
    const asked: string[] = [];
    const r = await run(['profiles', 'add', 'typed', '--expiration', '2030-01-01T00:00:00Z'], {}, (q) => (asked.push(q), q.startsWith('Access key id') ? alice.accessKeyId : 'never typed'));
    expect(r.code).toBe(2);
    expect(asked).toEqual(['Access key id: ']);
    expect(await names()).not.toContain('typed');
  });

  it.each([['June 30'], ['45'], ['2026-02-30'], ['2030-01-01T12:00:00']])('refuses %j, which is not an ISO 8601 time with its zone (exit 2)', async (value) => {
    const session = (await run(['sts', 'get-session-token'], envOf(alice))).json().Credentials;
    const temp = { accessKeyId: session.AccessKeyId, secretAccessKey: session.SecretAccessKey, sessionToken: session.SessionToken };
    const r = await run(['profiles', 'add', 'temp-bad', '--from-env', '--expiration', value], envOf(temp));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--expiration "${value}"`);
    expect(await names()).not.toContain('temp-bad');
  });

  // Saved, a past expiry made the profile "expired" at once, counted invalid whatever AWS said; a date alone is its
  // midnight UTC, so today's date is already past.
  it.each([['2020-01-01T00:00:00Z'], [new Date().toISOString().slice(0, 10)]])('refuses %j, already past for a temporary key (exit 2)', async (value) => {
    const session = (await run(['sts', 'get-session-token'], envOf(alice))).json().Credentials;
    const temp = { accessKeyId: session.AccessKeyId, secretAccessKey: session.SecretAccessKey, sessionToken: session.SessionToken };
    const r = await run(['profiles', 'add', 'temp-past', '--from-env', '--expiration', value], envOf(temp));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--expiration "${value}" is already past`);
    expect(await names()).not.toContain('temp-past');
  });

  it('saves temporary credentials with their expiry, and set-key refuses one for a long-term key', async () => {
    const session = (await run(['sts', 'get-session-token'], envOf(alice))).json().Credentials;
    const temp = { accessKeyId: session.AccessKeyId, secretAccessKey: session.SecretAccessKey, sessionToken: session.SessionToken };
    const added = await run(['profiles', 'add', 'temp', '--from-env', '--expiration', session.Expiration], envOf(temp));
    expect(added.code).toBe(0);
    expect((await run(['profiles', 'show', 'temp'])).json().Expiration).toBe(new Date(session.Expiration).toISOString());

    const r = await run(['profiles', 'set-key', 'temp', '--from-env', '--expiration', '2099-01-01'], envOf(alice));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--expiration is for temporary credentials');
    expect((await run(['profiles', 'show', 'temp'])).json().AccessKeyId).toBe(added.json().Saved.AccessKeyId);
  });
});
