/**
 * Starts what the e2e specs run against: a private gnome-keyring, moto with signature and policy checks (and a
 * second one without, for the unsigned calls), users and a role, ~/.aws files to import, and the harness.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness } from './fixtures/harness.js';
import { startKeyring } from './fixtures/keyring.js';
import { startMoto } from './fixtures/moto.js';

export interface E2eWorld {
  readonly url: string;
  readonly openMotoUrl: string;
  readonly harnessEnv: Record<string, string>;
  readonly alice: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly bob: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const keyring = await startKeyring();
  const [moto, open] = await Promise.all([startMoto({ auth: true }), startMoto({ auth: false })]);
  const alice = await moto.createUser('alice', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:*', 'iam:GetAccessKeyLastUsed'], Resource: '*' }] });
  const bob = await moto.createUser('bob', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] });
  const carol = await moto.createUser('carol', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] });
  await moto.iam('CreateRole', {
    RoleName: 'auditor',
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/alice' }, Action: 'sts:AssumeRole' }] }),
  });
  const home = mkdtempSync(join(tmpdir(), 'keyscope-e2e-home-'));
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws', 'credentials'), `[carol]\naws_access_key_id = ${carol.accessKeyId}\naws_secret_access_key = ${carol.secretAccessKey}\n`);
  writeFileSync(join(home, '.aws', 'config'), '[profile carol]\nregion = us-east-1\n[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/auditor\nsource_profile = carol\n');
  const harnessEnv = { ...keyring.env, HOME: home, KEYSCOPE_HOME: join(home, 'keyscope'), AWS_ENDPOINT_URL: moto.url };
  const harness = await startHarness(harnessEnv);
  const world: E2eWorld = { url: harness.url, openMotoUrl: open.url, harnessEnv, alice, bob };
  process.env.KEYSCOPE_E2E = JSON.stringify(world);
  return async () => {
    await harness.stop();
    await Promise.all([moto.stop(), open.stop()]);
    keyring.stop();
  };
}
