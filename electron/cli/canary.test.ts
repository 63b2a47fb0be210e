/**
 * The canary guard (issue 9): a key id whose derived account is a known canary-token account is never used to sign
 * a request unless the user says so. A loopback server counts what reaches it: zero requests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyring, useKeyring, type Keyring } from '../../e2e/fixtures/keyring.js';
import { keyIdForAccount } from '../core/review/test-kit.js';
import { main } from './index.js';

const THINKST = '052310077262';
const CANARY = { AWS_ACCESS_KEY_ID: keyIdForAccount(THINKST), AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
let server: Server;
let url: string;
let requests = 0;
let keyring: Keyring;
const home = mkdtempSync(join(tmpdir(), 'keyscope-canary-'));

async function run(argv: string[], env: Record<string, string> = {}, stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { env: { AWS_ENDPOINT_URL: url, KEYSCOPE_HOME: home, ...env }, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => stdin });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

beforeAll(async () => {
  keyring = await startKeyring();
  useKeyring(keyring);
  server = createServer((req, res) => {
    requests += 1;
    req.resume();
    res.writeHead(403, { 'content-type': 'text/xml' }).end('<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>no</Message></Error></ErrorResponse>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => {
  server?.close();
  keyring?.stop();
});

describe('a canary key', () => {
  it('verify sends nothing: Valid null, category canary, exit 3, in plain words', async () => {
    requests = 0;
    const r = await run(['verify'], CANARY);
    expect(r.code).toBe(3);
    expect(r.json()).toMatchObject({ Valid: null, Error: { Code: 'CanaryKey', Category: 'canary' } });
    expect(r.json().Error.Message).toMatch(/canary-token account \(Thinkst Canarytokens\).*keyscope sent nothing/);
    expect(requests).toBe(0);
  });

  it('no sts command signs with it either; with --allow-canary it is sent', async () => {
    requests = 0;
    for (const argv of [['sts', 'get-caller-identity'], ['sts', 'get-session-token'], ['iam', 'get-access-key-last-used', '--access-key-id', CANARY.AWS_ACCESS_KEY_ID]]) {
      const r = await run(argv, CANARY);
      expect(r.code, argv.join(' ')).toBe(3);
      expect(r.stderr).toMatch(/canary-token account/);
    }
    expect(requests).toBe(0);
    const allowed = await run(['sts', 'get-caller-identity', '--allow-canary'], CANARY);
    expect(allowed.code).toBe(1); // our server says InvalidClientTokenId: it was sent
    expect(requests).toBeGreaterThan(0);
  });

  it('a saved canary key is rechecked as could not check, and nothing is sent', async () => {
    const add = await run(['profiles', 'add', 'honey'], {}, `${CANARY.AWS_ACCESS_KEY_ID}\n${CANARY.AWS_SECRET_ACCESS_KEY}\n`);
    expect(add.code).toBe(0);
    requests = 0;
    const r = await run(['profiles', 'recheck', '--all']);
    expect(r.code).toBe(3);
    expect(r.json().Rechecked).toEqual([expect.objectContaining({ Name: 'honey', Status: 'could not check', Error: expect.objectContaining({ Category: 'canary' }) })]);
    const v = await run(['verify', '--profile', 'honey']);
    expect(v.json()).toMatchObject({ Valid: null, Error: { Category: 'canary' } });
    expect(requests).toBe(0);
  });
});
