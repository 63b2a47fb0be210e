/** The hidden prompt on a real terminal (tmux): what is typed for the secret is never on screen. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyring, type Keyring } from '../../e2e/fixtures/keyring.js';
import { ProfileStore } from '../core/vault/profiles.js';
import { unwrap } from '../../e2e/fixtures/unwrap.js';

const ROOT = join(__dirname, '../..');
const HAS_TMUX = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
let keyring: Keyring;
const session = `keyscope-${process.pid}`;
const sessions: string[] = [];

beforeAll(async () => {
  if (!HAS_TMUX) return;
  keyring = await startKeyring();
  if (!existsSync(join(ROOT, 'dist/cli.js'))) execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT });
});
afterAll(() => {
  for (const s of sessions) {
    try {
      execFileSync('tmux', ['kill-session', '-t', s], { stdio: 'ignore' });
    } catch {
      // already closed
    }
  }
  keyring?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `profiles add NAME` in a tmux terminal; returns helpers to read the screen and type. */
function terminal(ks: string, name: string, id: number) {
  const target = `${session}-${id}`;
  const env = Object.entries({ ...keyring.env, KEYSCOPE_HOME: ks, PATH: process.env.PATH ?? '' }).map(([k, v]) => `${k}=${v}`);
  execFileSync('tmux', ['new-session', '-d', '-s', target, '-x', '200', '-y', '20', 'env', ...env, 'sh', '-c', `node ${join(ROOT, 'bin/keyscope.js')} profiles add ${name} --output text; echo EXIT=$?; sleep 30`]);
  sessions.push(target);
  const pane = () => execFileSync('tmux', ['capture-pane', '-p', '-t', target], { encoding: 'utf8' });
  return {
    pane,
    waitFor: async (re: RegExp) => {
      for (let i = 0; i < 100 && !re.test(pane()); i += 1) await sleep(100);
      expect(pane()).toMatch(re);
    },
    type: (text: string) => {
      execFileSync('tmux', ['send-keys', '-t', target, '-l', text]);
      execFileSync('tmux', ['send-keys', '-t', target, 'Enter']);
    },
  };
}

describe.skipIf(!HAS_TMUX)(`profiles add on a terminal${HAS_TMUX ? '' : ' (skipped: no tmux here)'}`, () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

  it('asks for the key id in the open and the secret hidden; no session token for a long-term (AKIA) key', async () => {
    const ks = mkdtempSync(join(tmpdir(), 'keyscope-tty-'));
    const t = terminal(ks, 'typed', 1);
    await t.waitFor(/Access key id:\s*$/m);
    t.type('AKIAY34FZKBOKMUTVV7A');
    await t.waitFor(/Secret access key \(hidden\):\s*$/m);
    t.type(secret);
    await t.waitFor(/EXIT=\d/);
    const screen = t.pane();
    expect(screen).toContain('AKIAY34FZKBOKMUTVV7A'); // the key id was echoed as typed
    expect(screen).not.toContain(secret.slice(0, 12));
    expect(screen).not.toMatch(/Session token/);
    expect(screen).toMatch(/Saved profile typed/);
    expect(screen).toMatch(/EXIT=0/);
    expect(unwrap(new ProfileStore(ks).read()).profiles.map((p) => p.name)).toEqual(['typed']);
  });

  it('asks for the session token, hidden, for a temporary (ASIA) key', async () => {
    const ks = mkdtempSync(join(tmpdir(), 'keyscope-tty-'));
    const t = terminal(ks, 'temporary', 2);
    await t.waitFor(/Access key id:\s*$/m);
    t.type('ASIAY34FZKBOKMUTVV7A');
    await t.waitFor(/Secret access key \(hidden\):\s*$/m);
    t.type(secret);
    await t.waitFor(/Session token \(hidden\):\s*$/m);
    t.type('IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN');
    await t.waitFor(/EXIT=\d/);
    expect(t.pane()).not.toContain('IQoJb3JpZ2lu');
    expect(t.pane()).toMatch(/EXIT=0/);
    expect(unwrap(new ProfileStore(ks).read()).profiles[0]).toMatchObject({ name: 'temporary', keyType: 'temporary' });
  });

  it('refuses a key id already saved before asking for its secret', async () => {
    const ks = mkdtempSync(join(tmpdir(), 'keyscope-tty-'));
    const first = terminal(ks, 'first', 3);
    await first.waitFor(/Access key id:\s*$/m);
    first.type('AKIAY34FZKBOKMUTVV7B');
    await first.waitFor(/Secret access key \(hidden\):\s*$/m);
    first.type(secret);
    await first.waitFor(/EXIT=0/);
    const again = terminal(ks, 'again', 4);
    await again.waitFor(/Access key id:\s*$/m);
    again.type('AKIAY34FZKBOKMUTVV7B');
    await again.waitFor(/EXIT=\d/);
    const screen = again.pane();
    expect(screen).toMatch(/This key \(AKIA\*+VV7B\) is already saved as "first"/);
    expect(screen).not.toMatch(/Secret access key/);
    expect(screen).toMatch(/EXIT=2/);
  });
});
