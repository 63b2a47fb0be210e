/**
 * What a cold `keyscope verify` loads (issue 11: the CLI's cold start, measured by `npm run bench`): the hot piece of
 * the build from its code cache, and nothing of the rest (commander's program, the XML parser, Node's https, child
 * processes, readline). A process of its own, as a user runs it; what it loaded is read at its exit.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../../e2e/fixtures/fault-server.js';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/keyscope.js');

let fault: FaultServer;
let preload: string;
beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/cli.js.cache'))) execFileSync('node', ['scripts/build.mjs', 'cli'], { cwd: ROOT });
  fault = await startFaultServer();
  preload = join(mkdtempSync(join(tmpdir(), 'keyscope-cold-')), 'report.cjs');
  writeFileSync(
    preload,
    `const { loadedPieces } = require(${JSON.stringify(join(ROOT, 'bin/load-piece.js'))});
process.on('exit', () => require('node:fs').writeSync(2, '\\nLOADED ' + JSON.stringify({ natives: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)), pieces: loadedPieces() }) + '\\n'));`,
  );
});
afterAll(async () => {
  await fault?.stop();
});

/** Runs the binary; asynchronously, as the stand-in answers in this process. */
async function coldRun(args: string[], env: Record<string, string> = {}) {
  const child = spawn('node', ['-r', preload, BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', AWS_ACCESS_KEY_ID: 'AKIAY34FZKBOKMUTVV7A', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', AWS_ENDPOINT_URL: `${fault.url}/ok/`, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = /\nLOADED (.*)\n/.exec(stderr)?.[1];
  if (!line) throw new Error(`no report from the process (exit ${code}): ${stderr}`);
  return { code, stdout, loaded: JSON.parse(line) as { natives: string[]; pieces: Array<{ file: string; cached: boolean }> } };
}

const piece = (name: string) => join(ROOT, 'dist', name);

describe('a cold keyscope verify', () => {
  it('loads only the hot piece, from its code cache, and none of what only other commands need', async () => {
    const r = await coldRun(['verify', '--output', 'text']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^valid {6}arn:aws:iam::012345678901:user\/fault-user$/m);
    expect(r.loaded.pieces).toEqual([{ file: piece('cli.js'), cached: true }]);
    for (const name of ['https', 'tls', 'child_process', 'readline', 'internal/fs/promises', 'internal/crypto/webcrypto']) expect(r.loaded.natives).not.toContain(name);
  });

  it('sts get-caller-identity too', async () => {
    const r = await coldRun(['sts', 'get-caller-identity']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Account: '012345678901' });
    expect(r.loaded.pieces).toEqual([{ file: piece('cli.js'), cached: true }]);
  });

  // The AWS CLI takes [default]'s region with the environment's key too: the files are read, by a piece of their own
  // that a check without them never loads (was: never read, so such a check went to the global endpoint).
  it("beside an AWS file, the files' reader too, from its cache, for [default]'s region; never the whole program", async () => {
    const home = mkdtempSync(join(tmpdir(), 'keyscope-cold-home-'));
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'config'), '[default]\nregion = eu-central-1\n');
    const before = fault.requests.length;
    const r = await coldRun(['sts', 'get-caller-identity'], { HOME: home });
    expect(r.code).toBe(0);
    expect(r.loaded.pieces).toEqual([
      { file: piece('cli.js'), cached: true },
      { file: piece('cli-profile.js'), cached: true },
    ]);
    expect(fault.requests.slice(before).map((q) => /Credential=\w+\/\d+\/([\w-]+)\//.exec(q.headers.authorization ?? '')?.[1])).toEqual(['eu-central-1']);
  });

  it('any other command line loads the whole program, from its cache too', async () => {
    const r = await coldRun(['verify', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: keyscope verify/);
    expect(r.loaded.pieces).toEqual([
      { file: piece('cli.js'), cached: true },
      { file: piece('cli-commands.js'), cached: true },
    ]);
  });
});
