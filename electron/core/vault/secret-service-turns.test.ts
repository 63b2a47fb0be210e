/**
 * keyscope's Secret Service operations take turns (secret-service-turns.ts): read off the bus itself. dbus-monitor
 * records every call to a real gnome-keyring while reads, saves, removals, a list and a recheck's bulk read are asked
 * for all at once, through the binding and the direct sessions alike; no connection's calls may interleave with
 * another's. (Side by side, 32 reads at once aborted gnome-keyring 42 about once in 3,000 reads: too rare to test
 * by waiting for it, so the test checks the cause instead.)
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyring, useKeyring, type Keyring } from '../../../e2e/fixtures/keyring.js';
import { KeychainStore } from './keychain-store.js';
import { legacyKeychain } from './legacy-keychain.js';
import { bulkReader } from './secret-service-read.js';
import { inTurn } from './secret-service-turns.js';

let keyring: Keyring;
const secret = (n: number) => ({ accessKeyId: `AKIAY34FZKBO${String(n).padStart(8, '0')}`, secretAccessKey: `${'k'.repeat(32)}${String(n).padStart(8, '0')}`, name: `n${n}`, store: 's' });
const store = () => new KeychainStore(legacyKeychain(), bulkReader());

beforeAll(async () => {
  keyring = await startKeyring();
  useKeyring(keyring);
  for (let i = 0; i < 6; i += 1) expect(await store().set(`p-${i}`, secret(i))).toEqual({ ok: true, value: undefined });
}, 90_000);
afterAll(() => keyring?.stop());

/** Each client's span on the bus: from its first call to the Secret Service to the last answer it got, by line. */
function spans(monitor: string): Array<{ client: string; first: number; last: number }> {
  const seen = new Map<string, { client: string; first: number; last: number }>();
  monitor.split('\n').forEach((line, at) => {
    const call = /^method call .* sender=(\S+) -> destination=org\.freedesktop\.secrets /.exec(line);
    if (call?.[1]) {
      const client = call[1];
      const span = seen.get(client) ?? { client, first: at, last: at };
      span.last = at;
      seen.set(client, span);
      return;
    }
    const answer = /^(?:method return|error) .* sender=(\S+) -> destination=(\S+) /.exec(line);
    const span = answer?.[2] ? seen.get(answer[2]) : undefined;
    if (span && answer?.[1] !== 'org.freedesktop.DBus') span.last = at;
  });
  return [...seen.values()].sort((a, b) => a.first - b.first);
}

describe('Secret Service operations', () => {
  it('run one at a time, whatever keyscope asks for at once: no two connections talk to the keychain together', async () => {
    const monitor = spawn('dbus-monitor', ['--session'], { env: { ...process.env, ...keyring.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    monitor.stdout.on('data', (d: Buffer) => (out += d.toString()));
    // Monitoring once it has said so (its own name on the bus).
    for (let i = 0; i < 100 && !out.includes('NameAcquired'); i += 1) await new Promise((r) => setTimeout(r, 50));
    try {
      const keychain = store();
      const batches: string[] = [];
      const results = await Promise.all([
        ...[0, 1, 2, 3].map((i) => keychain.get(`p-${i}`)),
        keychain.get('p-missing'),
        keychain.readMany(['p-4', 'p-5'], (found) => batches.push(...found.map((e) => e.id))),
        keychain.set('p-new', secret(9)),
        keychain.delete('p-5'),
        keychain.list(),
      ]);
      for (const r of results) expect(r.ok).toBe(true);
      expect(batches.sort()).toEqual(['p-4', 'p-5']);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      monitor.kill();
    }
    const seen = spans(out);
    // The binding's calls and the direct sessions (the bulk read, keytar's entries) all took part.
    expect(seen.length).toBeGreaterThanOrEqual(12);
    for (let i = 1; i < seen.length; i += 1) {
      const [before, after] = [seen[i - 1], seen[i]];
      expect(after?.first, `${after?.client} began before ${before?.client} had its last answer`).toBeGreaterThan(before?.last ?? Infinity);
    }
  });

  it('go on after one that failed, and hand each caller its own outcome', async () => {
    const order: string[] = [];
    const failing = inTurn(async () => {
      order.push('first');
      throw new Error('refused');
    });
    const next = inTurn(async () => {
      order.push('second');
      return 2;
    });
    await expect(failing).rejects.toThrow('refused');
    await expect(next).resolves.toBe(2);
    expect(order).toEqual(['first', 'second']);
  });
});
