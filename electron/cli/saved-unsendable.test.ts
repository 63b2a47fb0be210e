/**
 * A profile saved before the credential rules refused characters no request can carry (a zero-width space pasted
 * into a session token, an é in a secret), written straight into a real gnome-keyring with secret-tool: every check
 * of it is an input failure naming the field and the code point and what to do, recorded as undecided, nothing sent.
 * It was an "internal error: Invalid character in header content … report it".
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtCliOnKeyring } from '../../e2e/fixtures/keyring-cli.js';

const TEMP = { id: 'ASIAY34FZKBOKMUTVV7A', secret: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', token: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN+abc/def=' };
const LONG = { id: 'AKIAY34FZKBOKMUTVV7B', secret: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' };

const cli = builtCliOnKeyring();
const { ks } = cli;

/** Rewrites the keychain entry of the only saved profile, as a keyscope before the rules could have saved it. */
function corruptEntry(change: (secret: Record<string, unknown>) => Record<string, unknown>): void {
  const env = { ...process.env, ...cli.env() };
  const found = spawnSync('secret-tool', ['search', '--all', 'service', 'keyscope'], { env, encoding: 'utf8' });
  const text = `${found.stdout}${found.stderr}`; // attributes are printed on stderr
  const secret = /^secret = (.*)$/m.exec(text)?.[1];
  const attributes = [...text.matchAll(/^attribute\.(\S+) = (.*)$/gm)].flatMap((m) => [m[1] as string, m[2] as string]);
  if (!secret || attributes.length === 0) throw new Error(`no keyscope entry to rewrite: ${text}`);
  const stored = spawnSync('secret-tool', ['store', '--label=keyscope', ...attributes], { env, input: JSON.stringify(change(JSON.parse(secret))), encoding: 'utf8' });
  if (stored.status !== 0) throw new Error(`secret-tool store failed: ${stored.stderr}`);
}

describe('a saved credential holding a character no request can carry', () => {
  it('session token with U+200B: verify --profile and recheck say so by field and code point, exit 2 / 3, recorded as undecided', async () => {
    await cli.start();
    const home = mkdtempSync(join(tmpdir(), 'ks-unsendable-'));
    const added = ks(home, ['profiles', 'add', 'alice'], `${TEMP.id}\n${TEMP.secret}\n${TEMP.token}\n`);
    expect(added.code, added.stderr).toBe(0);
    const bad = `${TEMP.token}\u200B`;
    corruptEntry((s) => ({ ...s, sessionToken: bad }));

    const verify = ks(home, ['verify', '--profile', 'alice']);
    expect(verify.stderr).not.toMatch(/internal error|Invalid character|report it/);
    expect(verify.code, verify.stderr).toBe(2);
    expect(verify.stderr).toMatch(/saved session token of "alice" holds an invisible or non-ASCII character \(U\+200B\)/);
    expect(verify.stderr).toMatch(/keyscope profiles set-key alice/);
    expect(verify.stdout + verify.stderr).not.toContain(TEMP.token);
    const afterVerify = ks(home, ['profiles', 'show', 'alice']).json();
    expect(afterVerify.LastCheck).toMatchObject({ Valid: null, Error: { Category: 'input' } });

    const recheck = ks(home, ['profiles', 'recheck', '--all']);
    expect(recheck.code, recheck.stderr).toBe(3);
    const [row] = recheck.json().Rechecked;
    expect(row.Status).toBe('could not check');
    expect(row.Error.Category).toBe('input');
    expect(row.Error.Message).toMatch(/U\+200B/);
    expect(recheck.stdout + recheck.stderr).not.toContain(TEMP.token);
    expect(ks(home, ['profiles', 'show', 'alice']).json().History.map((h: { Valid: unknown }) => h.Valid)).toEqual([null, null]);
  });

  it('secret with é (U+00E9): an input failure naming the secret, never signed with', async () => {
    await cli.start();
    const home = mkdtempSync(join(tmpdir(), 'ks-unsendable-'));
    const added = ks(home, ['profiles', 'add', 'bob'], `${LONG.id}\n${LONG.secret}\n`);
    expect(added.code, added.stderr).toBe(0);
    corruptEntry((s) => ({ ...s, secretAccessKey: `${LONG.secret.slice(0, 39)}\u00e9` }));

    const verify = ks(home, ['verify', '--profile', 'bob']);
    expect(verify.code, verify.stderr).toBe(2);
    expect(verify.stderr).toMatch(/saved secret access key of "bob" holds an invisible or non-ASCII character \(U\+00E9\)/);
    expect(verify.stderr).not.toContain(LONG.secret.slice(0, 39));
  });
});
