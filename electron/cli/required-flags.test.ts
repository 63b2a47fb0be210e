/**
 * A required flag left out is said as such, naming the flag, as the AWS CLI says it ("the following arguments are
 * required: --role-arn"), exit 2, nothing sent. It read "RoleArn is too short: 0 characters, at least 20 needed."
 * In process, against the fault server, counting requests.
 */
import { describe, expect, it } from 'vitest';
import { inProcessOnFaultServer } from '../../e2e/fixtures/cli-in-process.js';

const run = inProcessOnFaultServer();

describe('a required flag left out', () => {
  it.each([
    [['sts', 'assume-role', '--role-session-name', 'ss'], '--role-arn <arn>'],
    [['sts', 'assume-role', '--role-arn', 'arn:aws:iam::012345678901:role/r'], '--role-session-name <name>'],
    [['sts', 'get-access-key-info'], '--access-key-id <id>'],
    [['iam', 'get-access-key-last-used'], '--access-key-id <id>'],
    [['sts', 'get-federation-token'], '--name <name>'],
    [['sts', 'assume-role-with-saml', '--role-arn', 'arn:aws:iam::012345678901:role/r', '--principal-arn', 'arn:aws:iam::012345678901:saml-provider/p'], '--saml-assertion <base64>'],
    [['sts', 'decode-authorization-message'], '--encoded-message <message>'],
  ])('%j names the flag, exit 2, nothing sent', async (argv, flag) => {
    const { code, sent, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(sent).toHaveLength(0);
    expect(stderr).toContain(`error: required option '${flag}' not specified`);
  });
});
