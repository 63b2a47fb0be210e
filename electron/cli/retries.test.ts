/**
 * The retry policy the built `keyscope` uses when nothing is tuned (README, "Failures, retries and the clock"): 3
 * attempts in all for throttling and 503, `Retry-After` honoured, a refused connection and a time-out tried once.
 * Counted at the fault server (e2e/fixtures/fault-server.ts), a stand-in named as such; the client's own policy in
 * faults.test.ts is handed in by the test, so only these runs reach DEFAULT_RETRY.
 */
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../e2e/fixtures/fault-server.js';
import { builtCliAndFaultServer, ENV_KEY, runKeyscope } from '../../e2e/fixtures/keyscope-process.js';
import { freePort } from '../../e2e/fixtures/ports.js';

const faults = builtCliAndFaultServer();

/** `keyscope verify ...argv` against `path` of the fault server, in JSON, and what reached that path. */
async function verifyAt(path: string, argv: string[] = []) {
  const r = await runKeyscope(['verify', '--output', 'json', ...argv], { ...ENV_KEY, AWS_ENDPOINT_URL: `${faults().url}${path}` });
  const sent = faults().requestsTo(path);
  const of = (action: string): RecordedRequest[] => sent.filter((q) => q.params.Action === action);
  return { ...r, identity: of('GetCallerIdentity'), lastUsed: of('GetAccessKeyLastUsed') };
}

describe('the default retry policy of the built CLI', () => {
  it('a 503 each time: 3 attempts in all of each call of verify, the first included, then exit 3 (could not decide)', async () => {
    const r = await verifyAt('/unavailable/a/');
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ Valid: null, Error: { Code: 'ServiceUnavailable', HttpStatus: 503 } });
    expect(r.identity).toHaveLength(3);
    expect(r.lastUsed).toHaveLength(3);
  });

  it('Throttling each time: 3 attempts in all, then exit 3 (could not decide), never "not valid"', async () => {
    const r = await verifyAt('/throttle/99/b/', ['--no-last-used']);
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ Valid: null, Error: { Code: 'Throttling', Category: 'throttled' } });
    expect(r.identity).toHaveLength(3);
  });

  it('Throttling twice, then an answer: the third attempt is made and the key is valid (exit 0)', async () => {
    const r = await verifyAt('/throttle/2/c/', ['--no-last-used']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Valid: true, Account: '012345678901' });
    expect(r.identity).toHaveLength(3);
  });

  it('honours Retry-After: a 503 saying "Retry-After: 1" is tried again no sooner than 1 s later, and succeeds', async () => {
    // Without the header the default policy's first pause is under 200 ms (full jitter of 200 ms): a gap of a second
    // at the server is the header's doing. A lower bound only: this is behaviour, not speed.
    const r = await verifyAt('/retry-after/1/d/', ['--no-last-used']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Valid: true });
    expect(r.identity).toHaveLength(2);
    const [first, second] = r.identity as [RecordedRequest, RecordedRequest];
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(990);
  });

  it('a time-out is not retried: one attempt of each call against a server that never answers, exit 3', async () => {
    const r = await verifyAt('/slow/e/', ['--cli-read-timeout', '1']);
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ Valid: null, Error: { Code: 'ResponseTimeout', Category: 'offline' } });
    expect(r.identity).toHaveLength(1);
    expect(r.lastUsed).toHaveLength(1);
  });

  it('a refused connection is not retried: --debug shows one attempt of each call, exit 3', async () => {
    // Nothing listens, so nothing can count at the other end: the client's own account of its attempts stands in.
    const port = await freePort();
    const r = await runKeyscope(['verify', '--output', 'json', '--debug'], { ...ENV_KEY, AWS_ENDPOINT_URL: `http://127.0.0.1:${port}/` });
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ Valid: null, Error: { Code: 'ECONNREFUSED', Category: 'offline' } });
    const attempts = r.stderr.split('\n').filter((line) => line.startsWith('debug: '));
    expect(attempts.map((line) => /^debug: (\w+) attempt (\d+) .* ECONNREFUSED /.exec(line)?.slice(1, 3).join(' ')).sort()).toEqual([
      'GetAccessKeyLastUsed 1',
      'GetCallerIdentity 1',
    ]);
  });
});
