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

beforeAll(async () => {
  if (!HAS_TMUX) return;
  keyring = await startKeyring();
  if (!existsSync(join(ROOT, 'dist/cli.js'))) execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT });
});
afterAll(() => {
  try {
    execFileSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' });
  } catch {
    // already closed
  }
  keyring?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!HAS_TMUX)(`profiles add on a terminal${HAS_TMUX ? '' : ' (skipped: no tmux here)'}`, () => {
  it('asks for the key id in the open and the secret and token hidden', async () => {
    const ks = mkdtempSync(join(tmpdir(), 'keyscope-tty-'));
    const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    const env = Object.entries({ ...keyring.env, KEYSCOPE_HOME: ks, PATH: process.env.PATH ?? '' }).map(([k, v]) => `${k}=${v}`);
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '200', '-y', '20', 'env', ...env, 'sh', '-c', `node ${join(ROOT, 'bin/keyscope.js')} profiles add typed --output text; echo EXIT=$?; sleep 30`]);
    const pane = () => execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
    const waitFor = async (re: RegExp) => {
      for (let i = 0; i < 100 && !re.test(pane()); i += 1) await sleep(100);
      expect(pane()).toMatch(re);
    };
    await waitFor(/Access key id:\s*$/m);
    execFileSync('tmux', ['send-keys', '-t', session, 'AKIAY34FZKBOKMUTVV7A', 'Enter']);
    await waitFor(/Secret access key \(hidden\):\s*$/m);
    execFileSync('tmux', ['send-keys', '-t', session, '-l', secret]);
    execFileSync('tmux', ['send-keys', '-t', session, 'Enter']);
    await waitFor(/Session token/);
    execFileSync('tmux', ['send-keys', '-t', session, 'Enter']);
    await waitFor(/EXIT=\d/);
    const screen = pane();
    expect(screen).toContain('AKIAY34FZKBOKMUTVV7A'); // the key id was echoed as typed
    expect(screen).not.toContain(secret.slice(0, 12));
    expect(screen).toMatch(/EXIT=0/);
    expect(unwrap(new ProfileStore(ks).read()).profiles.map((p) => p.name)).toEqual(['typed']);
  });
});
