/**
 * Rechecking N saved profiles (keychain reads, verify with last-used, results stored) against the same N checks
 * made directly with the AWS SDK v3 (GetCallerIdentity + GetAccessKeyLastUsed), at the same concurrency, on one
 * moto. Prints {"keyscopeMs", "sdkMs", "profiles", "concurrency"}.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetAccessKeyLastUsedCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { neededAfterCrash, startKeyring, useKeyring } from '../../e2e/fixtures/keyring.js';
import { startMoto } from '../../e2e/fixtures/moto.js';
import { QueryClient } from '../../electron/core/aws/client.js';
import type { Credentials } from '../../electron/core/aws/model.js';
import { createTransport } from '../../electron/core/aws/transport.js';
import { savedProfileCheck } from '../../electron/core/checks.js';
import { verifyCredential } from '../../electron/core/verify.js';
import { openVaultAt } from '../../electron/core/vault/open-vault.js';
import { recheckProfiles } from '../../electron/core/vault/recheck.js';

async function pool<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 200);
  const concurrency = Number(process.argv[3] ?? 4);
  const keyring = await startKeyring();
  useKeyring(keyring);
  const moto = await startMoto({ auth: true });
  try {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:GetCallerIdentity', 'iam:GetAccessKeyLastUsed'], Resource: '*' }] };
    const keys: Credentials[] = [];
    for (let i = 0; i < count; i += 1) keys.push(await moto.createUser(`bench${i}`, policy));
    const vault = openVaultAt(mkdtempSync(join(tmpdir(), 'keyscope-bench-'))); // as the app and the CLI open it
    for (const [i, k] of keys.entries()) await neededAfterCrash(keyring, () => vault.add({ name: `p${i}`, ...k, source: 'manual' }));
    const profiles = vault.list();
    if (!profiles.ok) throw new Error('list');

    const t = createTransport({ env: {} });
    if (!t.ok) throw new Error('transport');
    const endpoints = { endpointUrl: moto.url, region: 'us-east-1' };
    const started = process.hrtime.bigint();
    const result = await recheckProfiles(vault, profiles.value, {
      concurrency,
      check: savedProfileCheck(vault, profiles.value, (c) => verifyCredential(new QueryClient({ transport: t.value, endpoints, userAgent: 'keyscope-bench' }, c), c, { lastUsed: true })),
    });
    const keyscopeMs = Number(process.hrtime.bigint() - started) / 1e6;
    t.value.close();
    if (result.items.some((i) => i.record.valid !== true)) throw new Error('a recheck failed');

    const sdkStarted = process.hrtime.bigint();
    await pool(keys, concurrency, async (k) => {
      const credentials = { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey };
      const sts = new STSClient({ endpoint: moto.url, region: 'us-east-1', credentials });
      const iam = new IAMClient({ endpoint: moto.url, region: 'us-east-1', credentials });
      await sts.send(new GetCallerIdentityCommand({}));
      await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.accessKeyId }));
      sts.destroy();
      iam.destroy();
    });
    const sdkMs = Number(process.hrtime.bigint() - sdkStarted) / 1e6;
    process.stdout.write(JSON.stringify({ keyscopeMs, sdkMs, profiles: count, concurrency }));
  } finally {
    await moto.stop();
    keyring.stop();
  }
}
void main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
