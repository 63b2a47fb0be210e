/**
 * KEYSCOPE_ALLOW_CANARY, through the built CLI as a real process: without it (or set to 0) no command signs a request
 * with a key of a canary-token account, and a loopback server counts zero requests; with KEYSCOPE_ALLOW_CANARY=1 the
 * same command sends, signed with that key, as --allow-canary does (canary.test.ts covers the flag). Covered: verify
 * and `sts get-caller-identity` (the hot path), `iam get-access-key-last-used` (commander's), and review --check.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdForAccount } from '../core/review/test-kit.js';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/keyscope.js');
// A key id of a Thinkst Canarytokens account, made for the test: never a real honeytoken.
const CANARY = keyIdForAccount('052310077262', 9, 9);
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

let server: Server;
let endpoint: string;
let dir: string;
/** The key id that signed each request that reached the server. */
const signedBy: Array<string | null> = [];

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT });
  dir = mkdtempSync(join(tmpdir(), 'keyscope-canary-env-'));
  // "AWS": notes who signed, and refuses the key (an answer keyscope reads as a rejection, exit 1).
  server = createServer((req, res) => {
    const query = new URLSearchParams(req.url?.split('?')[1] ?? '');
    signedBy.push(/Credential=([A-Z0-9]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? query.get('X-Amz-Credential')?.split('/')[0] ?? null);
    req.resume();
    res.writeHead(403, { 'content-type': 'text/xml' }).end('<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error></ErrorResponse>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The built CLI in a bare environment plus `env`; asynchronous, since the counting server runs in this process. */
function keyscope(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: join(dir, 'home'), KEYSCOPE_HOME: join(dir, 'keyscope'), AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: CANARY, AWS_SECRET_ACCESS_KEY: SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** Runs `args` without the variable, with it set to 0, then to 1: what was sent each time. */
async function threeWays(args: string[]) {
  const runs = [];
  const envs: Array<Record<string, string>> = [{}, { KEYSCOPE_ALLOW_CANARY: '0' }, { KEYSCOPE_ALLOW_CANARY: '1' }];
  for (const env of envs) {
    signedBy.length = 0;
    const r = await keyscope(args, env);
    runs.push({ ...r, sent: [...signedBy] });
  }
  const [unset, zero, one] = runs as [(typeof runs)[number], (typeof runs)[number], (typeof runs)[number]];
  return { unset, zero, one };
}

describe('KEYSCOPE_ALLOW_CANARY=1 (the built CLI)', () => {
  it('verify and sts get-caller-identity send a canary key only with it', async () => {
    for (const args of [['verify'], ['sts', 'get-caller-identity']]) {
      const { unset, zero, one } = await threeWays(args);
      for (const refused of [unset, zero]) {
        expect({ args, code: refused.code, sent: refused.sent }).toEqual({ args, code: 3, sent: [] });
        expect(refused.stdout + refused.stderr).toMatch(/canary-token account/);
      }
      if (args[0] === 'verify') expect(JSON.parse(unset.stdout)).toMatchObject({ Valid: null, Error: { Code: 'CanaryKey', Category: 'canary' } });
      // Told: sent, signed with the canary key, and our server's refusal comes back (exit 1).
      expect({ args, code: one.code }).toEqual({ args, code: 1 });
      expect(one.sent.length).toBeGreaterThan(0);
      expect(new Set(one.sent)).toEqual(new Set([CANARY]));
      expect(one.stdout + one.stderr).toContain('InvalidClientTokenId');
    }
  });

  it('iam get-access-key-last-used (a command on commander\'s path) sends it only with it', async () => {
    const { unset, zero, one } = await threeWays(['iam', 'get-access-key-last-used', '--access-key-id', CANARY]);
    for (const refused of [unset, zero]) {
      expect({ code: refused.code, sent: refused.sent }).toEqual({ code: 3, sent: [] });
      expect(refused.stderr).toMatch(/canary-token account/);
    }
    expect(one.code).toBe(1);
    expect(new Set(one.sent)).toEqual(new Set([CANARY]));
    expect(one.stderr).toContain('InvalidClientTokenId');
  });

  it('review --keys --check checks a canary pair only with it', async () => {
    const list = join(dir, 'pairs.txt');
    writeFileSync(list, `${CANARY},${SECRET}\n`);
    const { unset, zero, one } = await threeWays(['review', '--no-profiles', '--keys', list, '--check', '--output', 'json']);
    for (const refused of [unset, zero]) {
      expect({ code: refused.code, sent: refused.sent }).toEqual({ code: 0, sent: [] });
      expect(refused.stderr).toContain('--check: 1 pairs checked: 0 valid, 0 rejected, 1 could not be checked.');
    }
    expect(one.code).toBe(0);
    expect(one.sent).toEqual([CANARY]);
    expect(one.stderr).toContain('--check: 1 pairs checked: 0 valid, 1 rejected, 0 could not be checked.');
    // The canary finding stands either way: it comes from the id, not from the check.
    for (const r of [unset, one]) expect(JSON.parse(r.stdout).Findings.map((f: { Check: string }) => f.Check)).toContain('canary-key');
  });
});
