/**
 * The browser UI's request body caps, pinned to the README's numbers through a real `keyscope ui`: 1 MiB for a
 * request, 48 MiB for a credential report import. A body of exactly the cap is read and answered by the handler; one
 * byte more is refused with 413 and a sentence naming the cap, whether the size is announced (Content-Length: refused
 * before a byte of the body is sent) or only counted as it streams (chunked). The bodies read are JSON padded with
 * spaces, so the padded import is still a valid request whose report the handler reads.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReport } from '../core/review/test-kit.js';

const ROOT = join(__dirname, '../..');
const MIB = 1024 * 1024;

let child: ChildProcess;
let url: URL;
let home: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'out/browser-ui/server.js')) || !existsSync(join(ROOT, 'dist/cli.js'))) execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT });
  home = mkdtempSync(join(tmpdir(), 'keyscope-ui-cap-'));
  child = spawn(process.execPath, [join(ROOT, 'bin/keyscope.js'), 'ui', '--no-open'], { env: { PATH: process.env.PATH ?? '', HOME: home, KEYSCOPE_HOME: join(home, 'store') }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  url = new URL(
    await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`keyscope ui exited (${code}): ${stderr}`)));
    }),
  );
});
afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  }
  if (home) rmSync(home, { recursive: true, force: true });
});

/** `json` followed by spaces up to exactly `size` bytes: still the same JSON. */
function padded(json: string, size: number): Buffer {
  const head = Buffer.from(json, 'utf8');
  if (head.length > size) throw new Error('the request is larger than the size asked for');
  const body = Buffer.alloc(size, 0x20);
  head.copy(body);
  return body;
}

type Answer = { status: number; json: { ok: boolean; value?: unknown; error?: { message: string } } };

/** POSTs `body` to a channel as the page does (token, origin, referer), its size announced or, with `chunked`, not. */
function post(channel: string, body: Buffer, chunked: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = send(channel, chunked ? undefined : body.length, resolve, reject);
    // Streamed in 1 MiB pieces with no Content-Length: the server can only count.
    for (let at = 0; at < body.length; at += MIB) req.write(body.subarray(at, Math.min(at + MIB, body.length)));
    req.end();
  });
}

/**
 * Sends what a request of `size` bytes would send before the server refuses it, and holds the request open until the
 * answer: with `chunked`, every byte of it, counted as it comes; else only the headers announcing the size, refused
 * without a byte of the body. (Ending the request, or writing more, once the server has stopped reading would only
 * race its closing: a reset can come before the answer is read.)
 */
function refused(channel: string, size: number, chunked: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // A server that waits for more of the body than was sent never answers: say so rather than time out the test.
    const timer = setTimeout(() => (req.destroy(), reject(new Error(`no answer in 5 s to ${size} bytes: the server did not refuse the request by its size`))), 5000);
    const req = send(channel, chunked ? undefined : size, (a) => (clearTimeout(timer), req.destroy(), resolve(a)), reject);
    if (!chunked) return void req.flushHeaders();
    const body = Buffer.alloc(size, 0x20);
    for (let at = 0; at < size; at += MIB) req.write(body.subarray(at, Math.min(at + MIB, size)));
  });
}

function send(channel: string, contentLength: number | undefined, resolve: (a: Answer) => void, reject: (e: Error) => void): http.ClientRequest {
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'x-keyscope-token': url.searchParams.get('t') ?? '', origin: url.origin, referer: url.href };
  if (contentLength !== undefined) headers['content-length'] = contentLength;
  let answered = false;
  const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path: `/api/${channel}`, headers }, (res) => {
    let text = '';
    res.on('data', (d: Buffer) => (text += d.toString()));
    res.on('end', () => {
      answered = true;
      resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) });
    });
  });
  req.on('error', (e) => {
    if (!answered) reject(e);
  });
  return req;
}

describe('keyscope ui: request body caps (README: "1 MiB; 48 MiB for a credential report import")', () => {
  it('reads a credential report import of exactly 48 MiB, and refuses 48 MiB and one byte, announced or streamed', async () => {
    const request = JSON.stringify({ name: 'thresholds.csv', text: readReport('thresholds.csv') });
    const cap = 48 * MIB;
    for (const chunked of [false, true]) {
      const atCap = await post('review:import-report', padded(request, cap), chunked);
      expect({ chunked, status: atCap.status }).toEqual({ chunked, status: 200 });
      // Read whole and handled: the report's keys were counted.
      expect(atCap.json).toMatchObject({ ok: true, value: { label: 'thresholds.csv', keys: expect.any(Number) } });
      expect((atCap.json.value as { keys: number }).keys).toBeGreaterThan(5);

      const over = await refused('review:import-report', cap + 1, chunked);
      expect({ chunked, status: over.status }).toEqual({ chunked, status: 413 });
      expect(over.json).toMatchObject({ ok: false, error: { message: 'The request is larger than 48 MiB and was not read.' } });
    }
  });

  it('reads a review of pasted key ids past 1 MiB, as the desktop app and the CLI take up to 16 MiB of them (it was refused as "fewer keys in one bulk check")', async () => {
    const ids = Array.from({ length: 60_000 }, (_, i) => `AKIAY34FZKBO${String(i).padStart(8, '0')}`).join('\n');
    const request = Buffer.from(JSON.stringify({ keys: ids, offline: true }));
    expect(request.length).toBeGreaterThan(MIB);
    const r = await post('review:run', request, false);
    expect({ status: r.status, ok: r.json.ok }).toEqual({ status: 200, ok: true });
  });

  it('reads any other request of exactly 1 MiB, and refuses 1 MiB and one byte, announced or streamed', async () => {
    for (const chunked of [false, true]) {
      const atCap = await post('profiles:list', padded('{}', MIB), chunked);
      expect({ chunked, status: atCap.status, json: atCap.json }).toEqual({ chunked, status: 200, json: { ok: true, value: [] } });
      const over = await refused('profiles:list', MIB + 1, chunked);
      expect({ chunked, status: over.status }).toEqual({ chunked, status: 413 });
      expect(over.json).toMatchObject({ ok: false, error: { message: 'The request is larger than 1 MiB and was not read.' } });
    }
    // The 48 MiB cap is the import's and the review's alone: the same size sent to another channel is refused.
    const elsewhere = await refused('profiles:list', 2 * MIB, false);
    expect(elsewhere.status).toBe(413);
    // Still serving after every refusal.
    expect((await post('profiles:list', Buffer.from('{}'), false)).json).toEqual({ ok: true, value: [] });
  });
});
