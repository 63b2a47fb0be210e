/**
 * `file://path` works for every parameter of the sts and iam commands, as in the AWS CLI (which reads it for any
 * parameter, after expanding `~` and `$VARIABLE` in the path): it worked only for --policy, --serial-number,
 * --token-code, --web-identity-token, --saml-assertion, --encoded-message and the first item of --tags and
 * --policy-arns, and `--role-arn file://arn.txt` was sent as it stood ("RoleArn is too short: 17 characters"). In
 * process, against the fault server, which records what was sent.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcessOnFaultServer } from '../../e2e/fixtures/cli-in-process.js';

const run = inProcessOnFaultServer();
const dir = mkdtempSync(join(tmpdir(), 'keyscope-file-values-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to a file of the test's folder and returns its file:// value. */
function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return `file://${join(dir, name)}`;
}

const ROLE_ARN = 'arn:aws:iam::012345678901:role/r';
const POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

describe('file:// values for every parameter, as the AWS CLI reads them', () => {
  it('reads each of assume-role\'s parameters from its file', async () => {
    const r = await run([
      'sts', 'assume-role',
      '--role-arn', file('arn', ROLE_ARN),
      '--role-session-name', file('name', 'from-file'),
      '--external-id', file('external', 'ext-id-1'),
      '--source-identity', file('source', 'alice'),
      '--duration-seconds', file('duration', '1800'),
      '--transitive-tag-keys', file('transitive', 'team'),
      '--tags', 'Key=team,Value=blue',
    ]);
    expect(r.code).toBe(0);
    expect(r.sent).toHaveLength(1);
    expect(r.sent[0]?.params).toMatchObject({
      RoleArn: ROLE_ARN,
      RoleSessionName: 'from-file',
      ExternalId: 'ext-id-1',
      SourceIdentity: 'alice',
      DurationSeconds: '1800',
      'TransitiveTagKeys.member.1': 'team',
    });
  });

  it.each([
    ['sts get-access-key-info', ['sts', 'get-access-key-info']],
    ['iam get-access-key-last-used', ['iam', 'get-access-key-last-used']],
  ])('reads %s\'s --access-key-id from its file', async (_what, command) => {
    const r = await run([...command, '--access-key-id', file('key-id', 'AKIAY34FZKBOKMUTVV7A')]);
    expect(r.sent).toHaveLength(1);
    expect(r.sent[0]?.params).toMatchObject({ AccessKeyId: 'AKIAY34FZKBOKMUTVV7A' });
  });

  it('reads get-federation-token\'s --name and assume-role-with-saml\'s --principal-arn from their files', async () => {
    const federation = await run(['sts', 'get-federation-token', '--name', file('fed-name', 'bob')]);
    expect(federation.sent[0]?.params).toMatchObject({ Name: 'bob' });
    const saml = await run(['sts', 'assume-role-with-saml', '--role-arn', ROLE_ARN, '--principal-arn', file('principal', 'arn:aws:iam::012345678901:saml-provider/idp'), '--saml-assertion', 'PHNhbWw+']);
    expect(saml.sent[0]?.params).toMatchObject({ PrincipalArn: 'arn:aws:iam::012345678901:saml-provider/idp' });
  });

  it.each([
    ['~ as HOME', 'file://~/policy.json', { HOME: dir }],
    ['$VARIABLE', 'file://$KS_POLICY_DIR/policy.json', { KS_POLICY_DIR: dir }],
    ['${VARIABLE}', 'file://${KS_POLICY_DIR}/policy.json', { KS_POLICY_DIR: dir }],
  ])('expands %s in the path', async (_what, value, env) => {
    writeFileSync(join(dir, 'policy.json'), POLICY);
    const r = await run(['sts', 'assume-role', '--role-arn', ROLE_ARN, '--role-session-name', 'ss', '--policy', value], env);
    expect(r.code).toBe(0);
    expect(r.sent[0]?.params).toMatchObject({ Policy: POLICY });
  });

  it('leaves a variable that is not set as it is, and says the file does not exist', async () => {
    const r = await run(['sts', 'assume-role', '--role-arn', ROLE_ARN, '--role-session-name', 'ss', '--policy', 'file://$KS_NOT_SET/policy.json']);
    expect(r).toMatchObject({ code: 2, sent: [] });
    expect(r.stderr).toContain('keyscope: --policy: the file $KS_NOT_SET/policy.json does not exist.\n');
    // A name every JavaScript object has is no variable of the environment: it read "function Object() { [native code] }".
    const member = await run(['sts', 'assume-role', '--role-arn', ROLE_ARN, '--role-session-name', 'ss', '--policy', 'file://$constructor/policy.json']);
    expect(member.stderr).toContain('keyscope: --policy: the file $constructor/policy.json does not exist.\n');
  });

  it('refuses a parameter\'s file longer than the parameter can be, unread, naming the flag', async () => {
    const r = await run(['sts', 'assume-role', '--role-arn', ROLE_ARN, '--role-session-name', file('long-name', 'x'.repeat(300))]);
    expect(r).toMatchObject({ code: 2, sent: [] });
    expect(r.stderr).toMatch(/--role-session-name: the file .*long-name is larger than 256 bytes \(--role-session-name takes at most 64 characters\)\./);
  });

  it('reads a file:// value once: a file that holds file:// is the value, not another file to read', async () => {
    const inner = `file://${join(dir, 'external')}`;
    const r = await run(['sts', 'assume-role', '--role-arn', ROLE_ARN, '--role-session-name', 'ss', '--external-id', file('indirect', inner)]);
    expect(r.code).toBe(0);
    expect(r.sent[0]?.params).toMatchObject({ ExternalId: inner });
  });
});

describe('a file:// value that ends in a line break (echo ARN > f), kept as the AWS CLI keeps it', () => {
  it('is refused naming the line break and how to write the file without it, nothing sent', async () => {
    for (const [name, eol] of [['lf', '\n'], ['crlf', '\r\n']] as const) {
      const r = await run(['sts', 'assume-role', '--role-arn', file(`arn-${name}`, `${ROLE_ARN}${eol}`), '--role-session-name', 's']);
      expect(r, name).toMatchObject({ code: 2, sent: [] });
      expect(r.out, name).toMatch(/RoleArn ends in a line break, which it may not hold/);
      expect(r.out, name).toMatch(/printf '%s'/);
    }
    // A character not allowed elsewhere is still said as before.
    const inside = await run(['sts', 'assume-role', '--role-arn', file('arn-space', `arn:aws:iam::012345678901:role/r x`), '--role-session-name', 's']);
    expect(inside.out).toMatch(/RoleArn has characters that are not allowed\./);
  });
});
