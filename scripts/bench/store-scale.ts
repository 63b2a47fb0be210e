/**
 * The store at scale (issue 7): `recheck --all` of N saved profiles whose histories are full (50 checks each)
 * against the same recheck on a fresh store. The checks themselves are a stand-in (a 5 ms wait, then a valid
 * report, named so: no AWS) so that what is measured is what the store and the keychain cost.
 *
 *   store-scale.js setup N     -> makes a keyring with N entries and two stores with the same profiles, a store with
 *                                 the first of them and one with the first SCREENFUL; prints {"env", "fresh", "full",
 *                                 "one", "screen", "screenful"} and keeps the keyring running until stdin closes
 *   store-scale.js run DIR     -> rechecks every profile of DIR; prints {"ms", "maxRssMB", "bytesWritten"}
 *   store-scale.js keychain DIR -> the floor's first part: every secret of DIR read as a recheck reads them; {"ms"}
 *   store-scale.js checks N     -> its second part: N stand-in checks alone, 4 at a time, no store, no keychain; {"ms"}
 */
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { neededAfterCrash, startKeyring, useKeyring } from '../../e2e/fixtures/keyring.js';
import type { CheckView } from '../../shared/model.js';
import { analyzeKeyId } from '../../electron/core/keys/key-id.js';
import { KeychainStore } from '../../electron/core/vault/keychain-store.js';
import { openVaultAt } from '../../electron/core/vault/open-vault.js';
import { savedProfileCheck } from '../../electron/core/checks.js';
import { ProfileStore } from '../../electron/core/vault/profiles.js';
import { recheckProfiles } from '../../electron/core/vault/recheck.js';
import { unwrap } from '../../e2e/fixtures/unwrap.js';

const HISTORY = 50;
const SCREENFUL = 30;
const keyId = (i: number) => `AKIAY34FZKBO${String(i).padStart(8, '0')}`;

function report(accessKeyId: string, at: Date): CheckView {
  const i = Number(accessKeyId.slice(-8));
  return {
    Valid: true,
    AccessKeyId: analyzeKeyId(accessKeyId).masked,
    KeyType: 'long-term',
    Account: '609629065308',
    Arn: `arn:aws:iam::609629065308:user/bench/user-${i}`,
    UserId: `AIDAY34FZKBOKM${String(i).padStart(7, '0')}`,
    UserName: `user-${i}`,
    AccessKeyLastUsed: { LastUsedDate: at.toISOString().replace(/\.\d+Z$/, 'Z'), ServiceName: 'sts', Region: 'us-east-1' },
    LastUsedError: null,
    CheckedAt: at.toISOString(),
  };
}

async function setup(count: number): Promise<void> {
  const keyring = await startKeyring();
  useKeyring(keyring);
  const fresh = mkdtempSync(join(tmpdir(), 'keyscope-scale-fresh-'));
  const storeId = unwrap(new ProfileStore(fresh).storeId());
  const keychain = new KeychainStore();
  const at = '2026-01-01T00:00:00.000Z';
  const profiles = [];
  for (let i = 0; i < count; i += 1) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    await neededAfterCrash(keyring, () => keychain.set(id, { accessKeyId: keyId(i), secretAccessKey: `${'s'.repeat(32)}${String(i).padStart(8, '0')}`, name: `p${i}`, store: storeId }));
    profiles.push({ id, name: `p${i}`, accessKeyId: keyId(i), keyType: 'long-term', derivedAccount: '609629065308', partition: 'aws', source: 'manual', createdAt: at, updatedAt: at, history: [] as unknown[] });
  }
  writeFileSync(join(fresh, 'profiles.json'), JSON.stringify({ schemaVersion: 2, profiles }));
  const day = 86_400_000;
  const withHistory = profiles.map((p) => ({
    ...p,
    history: Array.from({ length: HISTORY }, (_, k) => {
      const r = report(p.accessKeyId, new Date(Date.parse('2026-06-01T00:00:00Z') - k * day));
      return { at: r.CheckedAt, valid: true, account: '609629065308', arn: r.Valid && r.Arn, userId: r.Valid && r.UserId, userName: r.Valid && r.UserName, lastUsed: r.Valid && r.AccessKeyLastUsed, lastUsedError: null };
    }),
  }));
  // Another store beside the fresh one, with the same id: the same profiles with full histories, or only some of them.
  const storeOf = (name: string, some: readonly unknown[]) => {
    const dir = mkdtempSync(join(tmpdir(), `keyscope-scale-${name}-`));
    writeFileSync(join(dir, 'store-id'), `${storeId}\n`);
    writeFileSync(join(dir, 'profiles.json'), JSON.stringify({ schemaVersion: 2, profiles: some }));
    return dir;
  };
  const full = storeOf('full', withHistory);
  // The list page with one profile (the renderer row's middle point), and with a screenful: more rows than the first
  // frames draw at 1280x720 (15, then those within 400 px below), so that its page draws as many rows as the full
  // list's and differs from it only in the rows it never draws.
  const one = storeOf('one', profiles.slice(0, 1));
  const screen = storeOf('screen', profiles.slice(0, SCREENFUL));
  process.stdout.write(`${JSON.stringify({ env: keyring.env, fresh, full, one, screen, screenful: SCREENFUL })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => keyring.stop());
}

function written(): number {
  // wchar: every byte handed to write(2), the store's files and journal (and the few bytes of D-Bus requests).
  return Number(/wchar:\s+(\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? 0);
}

async function run(dir: string): Promise<void> {
  const vault = openVaultAt(dir);
  const all = vault.list();
  if (!all.ok) throw new Error(all.error.message);
  const bytes0 = written();
  const started = process.hrtime.bigint();
  const result = await recheckProfiles(vault, all.value, {
    concurrency: 4,
    minIntervalMs: 0,
    check: savedProfileCheck(vault, all.value, async (c) => {
      await new Promise((r) => setTimeout(r, 5)); // stand-in for AWS: no network
      return report(c.accessKeyId, new Date());
    }),
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.items.length !== all.value.length || result.items.some((i) => i.record.valid !== true)) throw new Error('a recheck failed');
  process.stdout.write(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, bytesWritten: written() - bytes0 }));
}

/** Reading the secrets alone, as savedProfileCheck reads them for a recheck. */
async function keychainAlone(dir: string): Promise<void> {
  const vault = openVaultAt(dir);
  const all = vault.list();
  if (!all.ok) throw new Error(all.error.message);
  const started = process.hrtime.bigint();
  const credentialsOf = vault.credentialsFor(all.value);
  const secrets = await Promise.all(all.value.map(credentialsOf));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (secrets.some((s) => !s.ok)) throw new Error('the keychain read failed');
  process.stdout.write(JSON.stringify({ ms }));
}

/** The stand-in checks alone, at the recheck's concurrency. */
async function checksAlone(count: number): Promise<void> {
  let left = count;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (left > 0) {
        left -= 1;
        await new Promise((r) => setTimeout(r, 5));
        report(keyId(left), new Date());
      }
    }),
  );
  process.stdout.write(JSON.stringify({ ms: Number(process.hrtime.bigint() - started) / 1e6 }));
}

const [mode, arg] = process.argv.slice(2);
const modes: Record<string, () => Promise<void>> = {
  setup: () => setup(Number(arg ?? 1000)),
  run: () => run(arg as string),
  keychain: () => keychainAlone(arg as string),
  checks: () => checksAlone(Number(arg ?? 1000)),
};
(modes[mode ?? ''] ?? (() => Promise.reject(new Error(`unknown mode ${mode}`))))().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
