/**
 * A required flag left out is said as such, naming the flag, as the AWS CLI says it ("the following arguments are
 * required: --role-arn"), exit 2, nothing sent. It read "RoleArn is too short: 0 characters, at least 20 needed."
 * In process, against the fault server, counting requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../../e2e/fixtures/fault-server.js';
import { ENV_KEY } from '../../e2e/fixtures/keyscope-process.js';
import { main } from './index.js';

let faults: FaultServer;
beforeAll(async () => {
  faults = await startFaultServer();
});
afterAll(async () => {
  await faults?.stop();
});

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
    let stderr = '';
    const before = faults.requests.length;
    const code = await main(argv, { env: { ...ENV_KEY, AWS_ENDPOINT_URL: `${faults.url}/ok/` }, stdout: () => undefined, stderr: (t) => void (stderr += t), readStdin: async () => '' });
    expect(code).toBe(2);
    expect(faults.requests.length - before).toBe(0);
    expect(stderr).toContain(`error: required option '${flag}' not specified`);
  });
});
