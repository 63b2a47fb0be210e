/**
 * keyscope's Secret Service operations take turns (secret-service-turns.ts), read off the bus itself: dbus-monitor
 * records every call to a real gnome-keyring while reads, saves, a removal, a list and a recheck's bulk read are
 * asked for all at once, through the binding and the direct sessions alike; no connection's calls may interleave
 * with another's. (Side by side, 32 reads at once aborted gnome-keyring 42 about once in 3,000 reads: too rare to
 * wait for in a test, so the test checks the cause.) A keychain that does not answer (gnome-keyring stopped) holds
 * the queue only until the call's deadline.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
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

interface Span {
  readonly client: string;
  readonly first: number;
  last: number;
  /** The algorithm of each session it opened: "plain" (keyscope's direct sessions) or the binding's encrypted one. */
  readonly sessions: string[];
}

/**
 * Each client's span on the bus, by line (the order the bus routed the messages in): from its first call to the
 * Secret Service (by its well-known name or the daemon's own) to the last answer it got from the daemon.
 */
function spans(monitor: string, daemon: string): Span[] {
  const seen = new Map<string, Span>();
  const lines = monitor.split('\n');
  lines.forEach((line, at) => {
    const call = /^method call .* sender=(\S+) -> destination=(\S+) .*member=(\w+)/.exec(line);
    if (call?.[1] && (call[2] === 'org.freedesktop.secrets' || call[2] === daemon)) {
      const span = seen.get(call[1]) ?? { client: call[1], first: at, last: at, sessions: [] };
      span.last = at;
      if (call[3] === 'OpenSession') span.sessions.push(/string "([^"]*)"/.exec(lines[at + 1] ?? '')?.[1] ?? '?');
      seen.set(call[1], span);
      return;
    }
    const answer = /^(?:method return|error) .* sender=(\S+) -> destination=(\S+) /.exec(line);
    const span = answer?.[2] ? seen.get(answer[2]) : undefined;
    if (span && answer?.[1] === daemon) span.last = at;
  });
  return [...seen.values()].sort((a, b) => a.first - b.first);
}

describe('Secret Service operations', () => {
  it('run one at a time, whatever keyscope asks for at once: no two connections talk to the keychain together', async () => {
    const env = { ...process.env, ...keyring.env };
    const daemon = /'([^']+)'/.exec(execFileSync('gdbus', ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.GetNameOwner', 'org.freedesktop.secrets'], { env, encoding: 'utf8' }))?.[1];
    expect(daemon).toMatch(/^:\d+\.\d+$/);
    const monitor = spawn('dbus-monitor', ['--session'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    monitor.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const closed = once(monitor, 'close');
    // Monitoring once it has said so (its own name on the bus).
    for (let i = 0; i < 100 && !out.includes('NameAcquired'); i += 1) await new Promise((r) => setTimeout(r, 50));
    try {
      if (!out.includes('NameAcquired')) throw new Error(`dbus-monitor did not start: ${out.slice(0, 300)}`);
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
    } finally {
      monitor.kill();
      await closed;
    }
    const seen = spans(out, daemon ?? '');
    // 15 connections, each with one session: the binding's 4 + 1 reads, save and removal (each a read of the entry
    // as it was, for the pieces it may name, secret-pieces.ts, then the write or the deletion) and list (10,
    // encrypted), and 5 direct ones ("plain"): keytar's entry for the missing id, the bulk read, and keytar's entries
    // looked at after the save, the removal and the list.
    expect(seen.map((s) => s.sessions.length)).toEqual(Array.from({ length: 15 }, () => 1));
    expect(seen.filter((s) => s.sessions[0] === 'plain')).toHaveLength(5);
    expect(seen.filter((s) => s.sessions[0]?.startsWith('dh-'))).toHaveLength(10);
    for (let i = 1; i < seen.length; i += 1) {
      const [before, after] = [seen[i - 1], seen[i]];
      expect(after?.first, `${after?.client} began before ${before?.client} had its last answer`).toBeGreaterThan(before?.last ?? Infinity);
    }
  });

  it('hold each other up only until a call that is not answered has failed (gnome-keyring stopped)', async () => {
    const pid = keyring.pid();
    if (pid === undefined) throw new Error('the test keyring has no daemon');
    const keychain = new KeychainStore(legacyKeychain(), bulkReader('linux', 1500), 1500);
    process.kill(pid, 'SIGSTOP');
    try {
      const started = Date.now();
      // The binding's list waited for ever on a stopped keychain; now it fails at its deadline (1.5 s here), and the
      // reads asked for with it fail at once with its words, instead of each waiting its own ~2 s in turn (9.5 s).
      const [list, ...reads] = await Promise.all([keychain.list(), ...[0, 1, 2, 3].map((i) => keychain.get(`p-${i}`))]);
      expect(list).toMatchObject({ ok: false, error: { kind: 'keychain', category: 'service', message: expect.stringContaining('did not answer within 2 s') } });
      for (const read of reads) expect(read).toEqual(list);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const again = await keychain.get('p-0');
    expect(again.ok && again.value?.secretAccessKey).toBe(secret(0).secretAccessKey);
  }, 20_000);

  it('fail at once the calls asked for before one the keychain did not answer, and try again those asked after it', async () => {
    const silent = (e: unknown) => e instanceof Error && e.message === 'no answer';
    const ran: string[] = [];
    const call = (name: string, outcome: 'ok' | 'no answer' | 'refused') =>
      inTurn(async () => {
        ran.push(name);
        if (outcome !== 'ok') throw new Error(outcome);
        return name;
      }, silent);
    const first = call('first', 'no answer');
    const second = call('second', 'ok');
    const outside = inTurn(async () => {
      ran.push('outside'); // not a binding call: not failed for another's silence
      return 'outside';
    });
    const third = call('third', 'ok');
    await expect(first).rejects.toThrow('no answer');
    await expect(second).rejects.toThrow('no answer');
    await expect(outside).resolves.toBe('outside');
    await expect(third).rejects.toThrow('no answer');
    // Asked for after the silence: tried again; a refusal is not a silence.
    await expect(call('later', 'refused')).rejects.toThrow('refused');
    await expect(call('last', 'ok')).resolves.toBe('last');
    expect(ran).toEqual(['first', 'outside', 'later', 'last']);
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
