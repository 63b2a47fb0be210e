/**
 * Ctrl-C in `keyscope profiles recheck`, sent to a real process (bin/keyscope.js) with a real gnome-keyring and the
 * fault server answering slowly: the first stops the recheck after the check under way, which is saved and reported;
 * the second ends the process at once, and nothing saved before is lost.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../../e2e/fixtures/fault-server.js';
import { startKeyring, useKeyring, type Keyring } from '../../e2e/fixtures/keyring.js';
import { main } from './index.js';

const ROOT = join(__dirname, '../..');
const COUNT = 5;
let keyring: Keyring;
let faults: FaultServer;
let home: string;

const keyOf = (i: number) => ({ AWS_ACCESS_KEY_ID: `AKIAY34FZKBOINTR000${i}`, AWS_SECRET_ACCESS_KEY: `${'s'.repeat(39)}${i}` });

async function run(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { env: { HOME: home, KEYSCOPE_HOME: home, AWS_ENDPOINT_URL: `${faults.url}/ok/`, ...env }, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => '' });
  return { code, stdout, stderr };
}

/** `profiles recheck --all`, one at a time, as a real process against `path` of the fault server. */
function recheck(path: string): { child: ChildProcess; out: { stdout: string; stderr: string } } {
  const child = spawn('node', [join(ROOT, 'bin/keyscope.js'), 'profiles', 'recheck', '--all', '--concurrency', '1'], {
    env: { PATH: process.env.PATH ?? '', HOME: home, KEYSCOPE_HOME: home, ...keyring.env, AWS_ENDPOINT_URL: `${faults.url}${path}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (c: Buffer) => (out.stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out.stderr += c.toString()));
  return { child, out };
}

async function until(what: string, ready: () => boolean): Promise<void> {
  const end = Date.now() + 15_000;
  while (!ready()) {
    if (Date.now() > end) throw new Error(`waited 15 s for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The profiles as `profiles list --output json` shows them, by name: when each was last checked. */
async function lastChecked(): Promise<Record<string, string | null>> {
  const list = await run(['profiles', 'list', '--output', 'json']);
  expect(list.code).toBe(0);
  const rows = (JSON.parse(list.stdout) as { Profiles: Array<{ Name: string; LastChecked: string | null }> }).Profiles;
  return Object.fromEntries(rows.map((p) => [p.Name, p.LastChecked]));
}

beforeAll(async () => {
  keyring = await startKeyring();
  useKeyring(keyring);
  faults = await startFaultServer();
  home = mkdtempSync(join(tmpdir(), 'keyscope-interrupt-'));
  if (!existsSync(join(ROOT, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  for (let i = 0; i < COUNT; i += 1) {
    const added = await run(['profiles', 'add', `p${i}`, '--from-env'], keyOf(i));
    expect(added.code, added.stderr).toBe(0);
  }
}, 60_000);
afterAll(async () => {
  await faults?.stop();
  keyring?.stop();
});

describe('Ctrl-C in profiles recheck (a real process)', () => {
  it('stops after the check under way: that check is reported and saved, no other starts, exit 3', async () => {
    expect(Object.values(await lastChecked())).toEqual(Array(COUNT).fill(null));
    // Each answer takes 1.5 s: Ctrl-C comes while the first check waits for its own.
    const { child, out } = recheck('/delay/1500/');
    const exited = once(child, 'exit');
    await until('the first check to reach the server', () => faults.requests.some((r) => r.url.startsWith('/delay/')));
    child.kill('SIGINT');
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 3, signal: null });
    expect(out.stderr).toMatch(/stopping after the checks under way \(Ctrl-C again to quit at once\)/);
    expect(out.stderr).toMatch(/cancelled after 1 of 5 checks/);
    // Standard output is not a terminal: the JSON answer, with the one check made and the recheck marked cancelled.
    const answer = JSON.parse(out.stdout) as { Rechecked: Array<{ Name: string; Valid: boolean | null }>; Summary: unknown; Cancelled: boolean };
    expect(answer.Rechecked.map((r) => [r.Name, r.Valid])).toEqual([['p0', true]]);
    expect(answer.Cancelled).toBe(true);
    // One key reached the server (its identity and its last use), and only its profile has a check saved.
    const keys = new Set(faults.requests.filter((r) => r.url.startsWith('/delay/')).map((r) => /Credential=(\w+)\//.exec(String(r.headers.authorization))?.[1]));
    expect(keys).toEqual(new Set([keyOf(0).AWS_ACCESS_KEY_ID]));
    const checked = await lastChecked();
    expect(Object.entries(checked).filter(([, at]) => at !== null).map(([name]) => name)).toEqual(['p0']);
  }, 30_000);

  it('ends at once on a second Ctrl-C while a check still waits, and what was saved before stays', async () => {
    // p0 was checked by the test before: its check here waits out the spacing between two checks of a key (~5 s).
    const before = await lastChecked();
    const { child, out } = recheck('/slow/');
    const exited = once(child, 'exit');
    await until('the first check to reach the server', () => faults.requests.some((r) => r.url.startsWith('/slow/')));
    child.kill('SIGINT');
    await until('the first Ctrl-C to be taken', () => out.stderr.includes('stopping after the checks under way'));
    child.kill('SIGINT');
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGINT' });
    expect(await lastChecked()).toEqual(before);
    for (const i of [0, 1, 2, 3, 4]) expect(out.stdout + out.stderr).not.toContain(keyOf(i).AWS_SECRET_ACCESS_KEY);
  }, 30_000);
});
