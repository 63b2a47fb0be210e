/**
 * An answer larger than the 1 MiB the transport reads (README, "Failures, retries and the clock": answers that are not
 * AWS XML "are reported as such"). It was said as "The request failed (EMSGSIZE)." with the hint for a network
 * failure, which names neither the answer's size nor where to look.
 */
import { describe, expect, it } from 'vitest';
import { builtCliAndFaultServer, ENV_KEY, runKeyscope } from '../../e2e/fixtures/keyscope-process.js';

const faults = builtCliAndFaultServer();

describe('an answer of 2 MiB where STS was expected, the built CLI', () => {
  it('verify: could not check (exit 3), saying the answer was too large to be AWS\'s and to check the endpoint and proxy; sent once', async () => {
    const r = await runKeyscope(['verify', '--no-last-used', '--output', 'json'], { ...ENV_KEY, AWS_ENDPOINT_URL: `${faults().url}/huge/` });
    expect(r.code, r.stderr).toBe(3);
    const { Valid, Error: error } = JSON.parse(r.stdout) as { Valid: null; Error: { Code: string; Message: string; Hint: string; Category: string } };
    expect(Valid).toBeNull();
    // Something answered: the category of an answer that is not AWS's (as a proxy's page under 1 MiB), not "offline".
    expect(error.Category).toBe('service');
    expect(error.Message).toMatch(/^The answer was larger than 1 MiB, which no STS or IAM answer is\. \(127\.0\.0\.1:\d+\)$/);
    expect(error.Hint).toMatch(/endpoint URL/);
    expect(faults().requestsTo('/huge/')).toHaveLength(1);
  });

  it('sts get-caller-identity: the same in two lines on standard error, nothing on standard output, exit 3', async () => {
    const r = await runKeyscope(['sts', 'get-caller-identity'], { ...ENV_KEY, AWS_ENDPOINT_URL: `${faults().url}/huge/` });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^keyscope: The answer was larger than 1 MiB, which no STS or IAM answer is\. .*\nhint: .*endpoint URL/);
  });
});
