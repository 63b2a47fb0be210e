/**
 * A secret pasted where a value belongs (a file:// path, a URL, a shorthand item, a number, policy JSON) is refused
 * without being repeated: not whole, and not the start of it that JSON.parse's message quotes. A long path stays
 * readable. In process, against the fault server, counting requests: nothing is sent.
 */
import { describe, expect, it } from 'vitest';
import { inProcessOnFaultServer } from '../../e2e/fixtures/cli-in-process.js';

/** Another secret than the one that signs (the AWS documentation's second example), as pasted by mistake. */
const PASTED = 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY';
/**
 * A secret with three slashes: one real secret in 40 has three or more (each character is one of 64), which the rule
 * that keeps long paths readable (at most two slashes) took for a path and quoted whole.
 */
const PASTED_SLASHES = 'je7MtGbC/wBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY';
/** A secret with no digit in it: about one real secret in 900, which the rule for typed values (mixing digits) let by. */
const PASTED_NO_DIGIT = 'jeQMtGbClwBF/xZpqUtkh+yCoAnvbWkfRaLpTsQe';
const ROLE = ['sts', 'assume-role', '--role-arn', 'arn:aws:iam::012345678901:role/r', '--role-session-name', 'ss'];

const run = inProcessOnFaultServer();

/** The pieces of `secret` an output must not hold: every run of 8 of its characters. */
function piecesOf(secret: string): string[] {
  return Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));
}

describe('a secret pasted into a value is refused without being repeated', () => {
  it.each([
    ['a file:// path', [...ROLE, '--policy', `file://${PASTED}`], /--policy: the file \[secret removed\] does not exist\./],
    ['a URL', ['verify', '--endpoint-url', `http://user:${PASTED}@127.0.0.1:1/`], /--endpoint-url ".*" is not a URL\./],
    ['a shorthand item', [...ROLE, '--tags', PASTED], /--tags: "\[secret removed\]" is not in the form Name=value/],
    ['a number', [...ROLE, '--duration-seconds', PASTED], /--duration-seconds must be a whole number; got "\[secret removed\]"\./],
    ['policy JSON', [...ROLE, '--policy', `{"a": ${PASTED}}`], /Policy is not valid JSON: Unexpected token 'j'\./],
    ['a JSON list', [...ROLE, '--tags', `[${PASTED}]`], /--tags is not valid JSON: Unexpected token 'j'\./],
    ['policy ARNs as JSON', [...ROLE, '--policy-arns', `[{"arn": ${PASTED}}]`], /--policy-arns is not valid JSON: Unexpected token 'j'\./],
  ])('%s', async (_what, argv, said) => {
    const r = await run(argv);
    expect(r).toMatchObject({ code: 2, sent: [] });
    expect(r.out).toMatch(said);
    for (const piece of piecesOf(PASTED)) expect(r.out).not.toContain(piece);
  });

  it.each([
    ['a file:// path', [...ROLE, '--policy', `file://${PASTED_SLASHES}`], /--policy: the file \[secret removed\] does not exist\./],
    ['a shorthand item', [...ROLE, '--tags', `Key=a,${PASTED_SLASHES}`], /--tags: "Key=a,\[secret removed\]" is not in the form Name=value/],
    ['a number', [...ROLE, '--duration-seconds', PASTED_SLASHES], /--duration-seconds must be a whole number; got "\[secret removed\]"\./],
    ['a time-out', ['verify', '--cli-read-timeout', PASTED_SLASHES], /--cli-read-timeout must be a number of seconds \(0 for no time-out\); got "\[secret removed\]"\./],
    ['a region', ['verify', '--region', PASTED_SLASHES], /"\[secret removed\]" is not a region name\./],
  ])('%s, the secret holding three slashes', async (_what, argv, said) => {
    const r = await run(argv);
    expect(r).toMatchObject({ code: 2, sent: [] });
    expect(r.out).toMatch(said);
    for (const piece of piecesOf(PASTED_SLASHES)) expect(r.out).not.toContain(piece);
  });

  it.each([
    ['a file:// path', [...ROLE, '--policy', `file://${PASTED_NO_DIGIT}`], /--policy: the file \[secret removed\] does not exist\./],
    ['a number', [...ROLE, '--duration-seconds', PASTED_NO_DIGIT], /--duration-seconds must be a whole number; got "\[secret removed\]"\./],
    ['a region', ['verify', '--region', PASTED_NO_DIGIT], /"\[secret removed\]" is not a region name\./],
  ])('%s, the secret holding no digit', async (_what, argv, said) => {
    const r = await run(argv);
    expect(r).toMatchObject({ code: 2, sent: [] });
    expect(r.out).toMatch(said);
    for (const piece of piecesOf(PASTED_NO_DIGIT)) expect(r.out).not.toContain(piece);
  });

  it.each(['/home/alice/Documents/projects/keyscope/policies/readonly.json', '/home/alice/Projects/Build2024/policies/readonly.json'])('still names a long path that does not exist, whole: %s', async (path) => {
    const r = await run([...ROLE, '--policy', `file://${path}`]);
    expect(r).toMatchObject({ code: 2, sent: [] });
    expect(r.out).toContain(`--policy: the file ${path} does not exist.`);
  });
});
