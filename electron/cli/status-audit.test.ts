/**
 * README "What the status means": what a replaced key keeps and what it leaves behind, and the CLI's list saying a
 * could-not-check beside the last decided result. A real gnome-keyring and a real store; the checks are records of
 * what AWS answered (a last use by the owner is not something moto reports).
 */
import { describe, expect, it } from 'vitest';
import { keyringForFile } from '../../e2e/fixtures/keyring-file.js';
import { unwrap } from '../../e2e/fixtures/unwrap.js';
import { main } from './index.js';
import { KeychainStore } from '../core/vault/keychain-store.js';
import { ProfileStore, type CheckRecord } from '../core/vault/profiles.js';
import { Vault } from '../core/vault/vault.js';
import { profileDetailView } from '../core/views.js';

const OLD = { accessKeyId: 'AKIAY34FZKBOKMUTVV7D', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const NEW = { accessKeyId: 'AKIAY34FZKBOKMUTVV7E', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' };
const DAY = 24 * 60 * 60_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const valid = (at: string, used: { LastUsedDate: string; ServiceName: string }): CheckRecord => ({
  at,
  valid: true,
  account: '123456789012',
  arn: 'arn:aws:iam::123456789012:user/deployer',
  userId: 'AIDAEXAMPLE',
  userName: 'deployer',
  lastUsed: { ...used, Region: 'us-east-1' },
  lastUsedError: null,
});

const shared = keyringForFile();

const home = () => shared.tempDir('keyscope-status-audit-');

async function cli(dir: string, argv: string[]) {
  let stdout = '';
  const code = await main(argv, { env: { ...shared.keyring().env, HOME: dir, KEYSCOPE_HOME: dir }, stdout: (t) => void (stdout += t), stderr: () => undefined, readStdin: async () => '' });
  return { code, stdout };
}

describe('Replace key: older checks no longer speak for the new key', () => {
  it("keeps name, notes and history; the old key's status and its owner's last use are not the new key's", async () => {
    const dir = home();
    const vault = new Vault(new ProfileStore(dir), new KeychainStore());
    const added = unwrap(await vault.add({ name: 'deployer', ...OLD, notes: 'CI', source: 'manual' }));
    // The old key: used by its owner with S3 40 days ago, checked valid yesterday.
    const oldCheckAt = ago(DAY);
    unwrap(vault.recordCheck(added.id, valid(oldCheckAt, { LastUsedDate: ago(40 * DAY), ServiceName: 's3' })));
    expect(profileDetailView(unwrap(vault.find('deployer')), true).ownerLastUsed?.ServiceName).toBe('s3');

    const replaced = unwrap(await vault.setKey('deployer', NEW)).profile;
    const shown = JSON.parse((await cli(dir, ['profiles', 'show', 'deployer'])).stdout);
    expect(shown).toMatchObject({ Name: 'deployer', Notes: 'CI', Status: 'never checked', LastDecided: null, LastChecked: null, LastUsed: null, OwnerLastUsed: null });
    expect(shown.History).toHaveLength(1); // the old key's check is kept, and says nothing of the new key

    // The new key's first check: its last use is keyscope's own check. The owner's last use beside it is unknown:
    // before, it was the old key's S3 use, 40 days ago, shown as if the new key's owner had used it.
    const at = new Date().toISOString();
    unwrap(vault.recordCheck(replaced.id, valid(at, { LastUsedDate: at, ServiceName: 'sts' })));
    const detail = profileDetailView(unwrap(vault.find('deployer')), true);
    expect(detail).toMatchObject({ status: 'valid', lastUsedIsOwnCheck: true, ownerLastUsed: null });
    expect(JSON.parse((await cli(dir, ['profiles', 'show', 'deployer'])).stdout).OwnerLastUsed).toBeNull();

    // The new key's owner uses it (longer ago than the old key's use, which no longer counts): that is its owner's use.
    unwrap(vault.recordCheck(replaced.id, valid(new Date().toISOString(), { LastUsedDate: ago(50 * DAY), ServiceName: 'ec2' })));
    expect(profileDetailView(unwrap(vault.find('deployer')), true).ownerLastUsed?.ServiceName).toBe('ec2');
    // An sts call by the new key's owner a minute after the old key's check is the owner's, not keyscope's: only the
    // checks of the current key are keyscope's own uses of it.
    const ownerSts = new Date(Date.parse(oldCheckAt) + 60_000).toISOString();
    unwrap(vault.recordCheck(replaced.id, valid(new Date().toISOString(), { LastUsedDate: ownerSts, ServiceName: 'sts' })));
    expect(profileDetailView(unwrap(vault.find('deployer')), true).ownerLastUsed).toMatchObject({ ServiceName: 'sts', LastUsedDate: ownerSts });
  });
});
