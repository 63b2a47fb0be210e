/** The app's import: the preview and the import read one plan. Real AWS files, a real gnome-keyring. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyring, useKeyring, type Keyring } from '../../e2e/fixtures/keyring.js';
import { createTransport } from '../core/aws/transport.js';
import { KeychainStore } from '../core/vault/keychain-store.js';
import { ProfileStore } from '../core/vault/profiles.js';
import { Vault } from '../core/vault/vault.js';
import { createHandlers, type Handlers } from './handlers.js';

const GOOD = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TYPO = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEx';
const section = (name: string, keyId: string, secret: string) => `[${name}]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n`;

let keyring: Keyring;
let home: string;
let handlers: Handlers;
const value = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

beforeAll(async () => {
  keyring = await startKeyring();
  useKeyring(keyring);
  home = mkdtempSync(join(tmpdir(), 'keyscope-import-app-'));
  mkdirSync(join(home, '.aws'));
  const transport = createTransport({ env: {} });
  if (!transport.ok) throw new Error('transport');
  const vault = new Vault(new ProfileStore(join(home, 'keyscope')), new KeychainStore());
  handlers = createHandlers({ vault, env: { HOME: home, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }, transport: transport.value, emit: () => undefined });
});
afterAll(() => {
  keyring?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('import:preview and import:run', () => {
  it('offer one key once with its aliases, no key with two secrets, and import what the preview showed', async () => {
    writeFileSync(join(home, '.aws', 'credentials'), section('prod', 'AKIAY34FZKBOKMUTVV7H', GOOD) + section('prod-copy', 'AKIAY34FZKBOKMUTVV7H', GOOD) + section('ci-typo', 'AKIAY34FZKBOKMUTVV7I', TYPO) + section('ci', 'AKIAY34FZKBOKMUTVV7I', GOOD));
    const preview = value(await handlers['import:preview']({}));
    expect(preview.candidates).toEqual([expect.objectContaining({ name: 'prod', aliases: ['prod-copy'] })]);
    expect(preview.conflicts).toEqual([expect.objectContaining({ profiles: ['ci-typo', 'ci'], reason: expect.stringMatching(/different secrets/) })]);
    expect(preview.notFound).toBeNull();
    expect(preview.files.map((f) => f.state)).toEqual(['read', 'missing']);
    expect(JSON.stringify(preview)).not.toContain(GOOD.slice(0, 20));

    const done = value(await handlers['import:run']({ names: ['prod', 'ci', 'ci-typo', 'prod-copy'], previewId: preview.previewId }));
    expect(done.imported).toEqual([{ name: 'prod', aliases: ['prod-copy'] }]);
    expect(done.stopped).toBeNull();
    expect(done.skipped).toEqual([
      { name: 'ci', reason: expect.stringMatching(/different secrets in profiles ci-typo and ci/) },
      { name: 'ci-typo', reason: expect.stringMatching(/different secrets in profiles ci-typo and ci/) },
      { name: 'prod-copy', reason: 'the same key and secret as "prod", saved once under that name' },
    ]);
    expect(value(await handlers['profiles:list']({})).map((p) => p.name)).toEqual(['prod']);
  });

  it('saves a name only as the preview showed it: a key changed in the files after the preview is not imported', async () => {
    const OTHER = 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY';
    writeFileSync(join(home, '.aws', 'credentials'), section('stage', 'AKIAY34FZKBOKMUTVV7J', GOOD) + section('dev', 'AKIAY34FZKBOKMUTVV7K', GOOD));
    const preview = value(await handlers['import:preview']({}));
    expect(preview.candidates.map((c) => c.name)).toEqual(['stage', 'dev']);
    // Between the preview and Import, stage's secret changes in the file (dev stays), and a new profile appears.
    writeFileSync(join(home, '.aws', 'credentials'), section('stage', 'AKIAY34FZKBOKMUTVV7J', OTHER) + section('dev', 'AKIAY34FZKBOKMUTVV7K', GOOD) + section('new', 'AKIAY34FZKBOKMUTVV7L', GOOD));
    const done = value(await handlers['import:run']({ names: ['stage', 'dev', 'new'], previewId: preview.previewId }));
    expect(done.imported).toEqual([{ name: 'dev', aliases: [] }]);
    const stale = 'not imported: the AWS files changed it after the preview (another key, secret, token, region or aliases); look at the preview again';
    expect(done.skipped).toEqual([{ name: 'stage', reason: stale }, { name: 'new', reason: stale }]);
    expect(value(await handlers['profiles:list']({})).map((p) => p.name).sort()).toEqual(['dev', 'prod']);
    // Previewed again, it is imported as now shown.
    const again = value(await handlers['import:preview']({}));
    expect(value(await handlers['import:run']({ names: ['stage'], previewId: again.previewId })).imported).toEqual([{ name: 'stage', aliases: [] }]);
  });

  it('holds each preview apart: a window imports only as its own preview showed, though another window previewed since', async () => {
    const OTHER = 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY';
    writeFileSync(join(home, '.aws', 'credentials'), section('qa', 'AKIAY34FZKBOKMUTVV7M', GOOD));
    const first = value(await handlers['import:preview']({}));
    // The file changes, and a second window (another `keyscope ui` tab) previews it as it is now.
    writeFileSync(join(home, '.aws', 'credentials'), section('qa', 'AKIAY34FZKBOKMUTVV7M', OTHER));
    const second = value(await handlers['import:preview']({}));
    expect(second.previewId).not.toBe(first.previewId);
    // The first window was shown the old secret: its import saves nothing (the second preview showed the new one).
    const stale = value(await handlers['import:run']({ names: ['qa'], previewId: first.previewId }));
    expect(stale).toMatchObject({ imported: [], skipped: [{ name: 'qa', reason: expect.stringMatching(/changed it after the preview/) }] });
    expect(value(await handlers['import:run']({ names: ['qa'], previewId: second.previewId })).imported).toEqual([{ name: 'qa', aliases: [] }]);
    // A preview the app no longer holds is said so, and nothing is imported.
    const unknown = await handlers['import:run']({ names: ['qa'], previewId: 'f'.repeat(32) });
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'input', field: 'previewId', message: expect.stringMatching(/no longer held/) } });
  });

  it('names the files it looked at when there are none, and a malformed file with its line', async () => {
    rmSync(join(home, '.aws', 'credentials'));
    expect(value(await handlers['import:preview']({})).notFound).toBe(`No AWS files to import from: neither ${join(home, '.aws', 'credentials')} nor ${join(home, '.aws', 'config')} exists (AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name other paths).`);
    writeFileSync(join(home, '.aws', 'config'), 'region = us-east-1\n[profile x]\n');
    const preview = value(await handlers['import:preview']({}));
    expect(preview.files[1]).toEqual({ path: join(home, '.aws', 'config'), state: 'refused', problems: [`${join(home, '.aws', 'config')} line 1: a line comes before any [section] header`], malformed: true });
  });
});
