/** The built `keyscope` binary as a user runs it: a real process, real exit codes, no stack traces. */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../e2e/fixtures/ports.js';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/keyscope.js');

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT });
});

function keyscope(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync('node', [BIN, ...args], { env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the keyscope binary', () => {
  it('prints its version', () => {
    const r = keyscope(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('exits 3 with a plain message when the endpoint refuses, and no stack trace', async () => {
    const port = await freePort();
    const r = keyscope(['verify', '--output', 'text'], { AWS_ACCESS_KEY_ID: 'AKIAY34FZKBOKMUTVV7A', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/UNDECIDED\s+ECONNREFUSED/);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout + r.stderr).not.toContain('wJalrXUtnFEMI');
  });

  it('says in words that an https:// endpoint does not speak TLS, with no Node warning on stderr (was "EPROTO: The request failed")', async () => {
    const plain: Server = createServer((_req, res) => res.end('plain http'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const { port } = plain.address() as AddressInfo;
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        const r = await new Promise<ReturnType<typeof keyscope>>((resolve) => {
          // Asynchronous: the server answers in this process while keyscope runs in its own.
          const child = spawn('node', [BIN, 'verify', '--output', 'text'], {
            env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', AWS_ACCESS_KEY_ID: 'AKIAY34FZKBOKMUTVV7A', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', AWS_ENDPOINT_URL: `https://${host}:${port}` },
          });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
          child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
          child.on('close', (code) => resolve({ code, stdout, stderr }));
        });
        expect(r.code).toBe(3);
        expect(r.stdout).toMatch(/UNDECIDED\s+ERR_SSL_WRONG_VERSION_NUMBER/);
        expect(r.stdout).toMatch(/did not answer in TLS/);
        expect(r.stdout).toMatch(/takes http:\/\//);
        expect(r.stdout).not.toMatch(/The request failed/);
        expect(r.stderr).not.toMatch(/Warning|DEP\d{4}|\(node:/);
      }
    } finally {
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it('exits 2 on bad usage', () => {
    const r = keyscope(['verify', '--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--no-such-flag'/);
  });

  it('analyses a key id offline', () => {
    const r = keyscope(['--output', 'text', 'inspect', 'ASIAY34FZKBOKMUTVV7A']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ASIA************VV7A\ttemporary\t609629065308\tderived\ttemporary access key from STS (needs its session token)\n');
  });
});
