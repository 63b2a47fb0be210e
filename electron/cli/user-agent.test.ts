/**
 * README: "Every request carries `User-Agent: keyscope/<version> node/<version> <platform>`". Checked on what reaches
 * the fault server (a stand-in, e2e/fixtures/fault-server.ts) from the built `keyscope`, run by this Node; other tests
 * hand the client a User-Agent of their own, so only these reach the one the CLI sends.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtCliAndFaultServer, ENV_KEY, runKeyscope } from '../../e2e/fixtures/keyscope-process.js';

// Read here, not imported from electron/core/version.ts: the test must not share the code it checks.
const VERSION = (JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;
const EXPECTED = `keyscope/${VERSION} node/${process.versions.node} ${process.platform}`;
const faults = builtCliAndFaultServer();

/** Runs `keyscope ...argv` against `path` and returns each request that reached it as [Action, method, User-Agent]. */
async function sentBy(argv: string[], path: string): Promise<Array<[string | undefined, string, string | undefined]>> {
  const r = await runKeyscope(argv, { ...ENV_KEY, AWS_ENDPOINT_URL: `${faults().url}${path}` });
  expect(r.code, r.stderr).toBe(0);
  return faults().requestsTo(path).map((q) => [q.params.Action, q.method, q.headers['user-agent']]);
}

describe('every request of the built CLI carries User-Agent: keyscope/<package.json version> node/<its Node> <platform>', () => {
  it('verify: the STS POST and the IAM GET, sent together, both carry it', async () => {
    const sent = await sentBy(['verify'], '/ok/ua-verify/');
    expect(sent.sort()).toEqual([
      ['GetAccessKeyLastUsed', 'GET', EXPECTED],
      ['GetCallerIdentity', 'POST', EXPECTED],
    ]);
  });

  it('iam get-access-key-last-used: the IAM GET carries it', async () => {
    const sent = await sentBy(['iam', 'get-access-key-last-used', '--access-key-id', ENV_KEY.AWS_ACCESS_KEY_ID], '/ok/ua-iam/');
    expect(sent).toEqual([['GetAccessKeyLastUsed', 'GET', EXPECTED]]);
  });

  it('sts get-access-key-info: the STS POST carries it', async () => {
    const sent = await sentBy(['sts', 'get-access-key-info', '--access-key-id', ENV_KEY.AWS_ACCESS_KEY_ID], '/ok/ua-sts/');
    expect(sent).toEqual([['GetAccessKeyInfo', 'POST', EXPECTED]]);
  });

  it('sts get-caller-identity: a retried attempt carries it as the first did', async () => {
    const sent = await sentBy(['sts', 'get-caller-identity'], '/throttle/1/ua-retry/');
    expect(sent).toEqual([
      ['GetCallerIdentity', 'POST', EXPECTED],
      ['GetCallerIdentity', 'POST', EXPECTED],
    ]);
  });
});
