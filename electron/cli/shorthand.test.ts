/**
 * --tags and --policy-arns items, shorthand or JSON, hold the members the AWS CLI takes and no others: a misspelt
 * member (Vaule=) or a missing one is refused, naming the item, before anything is sent, as the AWS CLI refuses it.
 * In process, against the fault server, counting requests.
 */
import { describe, expect, it } from 'vitest';
import { inProcessOnFaultServer } from '../../e2e/fixtures/cli-in-process.js';

const ROLE = ['sts', 'assume-role', '--role-arn', 'arn:aws:iam::012345678901:role/r', '--role-session-name', 'ss'];
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

const run = inProcessOnFaultServer();

describe('--tags and --policy-arns items', () => {
  it.each([
    ['a misspelt member', ['--tags', 'Key=team,Vaule=blue'], '--tags item 1 has Vaule, which a tag does not: a tag has Key and Value.'],
    ['a missing Value', ['--tags', 'Key=team'], '--tags item 1 has no Value.'],
    ['a misspelt member in JSON', ['--tags', '[{"Key":"team","value":"blue"}]'], '--tags item 1 has value, which a tag does not: a tag has Key and Value.'],
    ['a second item without its Key', ['--tags', 'Key=a,Value=b', 'Value=c'], '--tags item 2 has no Key.'],
    ['an item ending in a comma', ['--tags', 'Key=a,Value=b,'], '--tags: "Key=a,Value=b," is not in the form Name=value,Name=value.'],
    ['a policy ARN with another member', ['--policy-arns', `arn=${READ_ONLY},region=us-east-1`], '--policy-arns item 1 has region, which a policy ARN does not: a policy ARN has arn.'],
    // The AWS CLI refuses these too ("Invalid type for parameter Tags[0].Value … valid types: <class 'str'>"); they
    // were sent as the text "null", "5", "true".
    ['a JSON null as a Value', ['--tags', '[{"Key":"team","Value":null}]'], '--tags item 1: Value is null, not text in quotes.'],
    ['a JSON number as a Value', ['--tags', '[{"Key":"team","Value":5}]'], '--tags item 1: Value is a number, not text in quotes.'],
    ['a JSON true as a Key', ['--tags', '[{"Key":true,"Value":"x"}]'], '--tags item 1: Key is true or false, not text in quotes.'],
    ['a JSON object as a Value', ['--tags', '[{"Key":"team","Value":{"x":"y"}}]'], '--tags item 1: Value is an object, not text in quotes.'],
    ['a JSON list as an arn', ['--policy-arns', `[{"arn":["${READ_ONLY}"]}]`], '--policy-arns item 1: arn is a list, not text in quotes.'],
    ['a JSON list as an item', ['--tags', '[["team","blue"]]'], '--tags item 1 is a list, not an object.'],
  ])('%s is refused, nothing sent', async (_what, flags, said) => {
    const r = await run([...ROLE, ...flags]);
    expect(r.code).toBe(2);
    expect(r.sent).toHaveLength(0);
    expect(r.stderr).toContain(`keyscope: ${said}\n`);
  });

  // As in the AWS CLI's shorthand, a value may be quoted ("…" or '…'): the quotes are not part of it, and a comma
  // inside them does not end it. They were sent as part of the value, and refused as characters a tag cannot hold.
  it('reads quoted shorthand values as the AWS CLI does', async () => {
    const r = await run([...ROLE, '--tags', 'Key=team,Value="blue team"', "Key='note',Value='a=b'", '--policy-arns', `arn="${READ_ONLY}"`]);
    expect(r.code).toBe(0);
    expect(r.sent).toHaveLength(1);
    expect(r.sent[0]?.params).toMatchObject({ 'Tags.member.1.Value': 'blue team', 'Tags.member.2.Key': 'note', 'Tags.member.2.Value': 'a=b', 'PolicyArns.member.1.arn': READ_ONLY });
  });

  it.each(['Key=team,Value="blue', 'Key=team,Value="blue"x'])('refuses a quoted shorthand value that is not closed or runs on (%s), nothing sent', async (item) => {
    const r = await run([...ROLE, '--tags', item]);
    expect(r).toMatchObject({ code: 2, sent: [] });
    expect(r.stderr).toContain('keyscope: --tags item 1 has a quoted value that is not closed, or more after its closing quote.\n');
  });

  it('sends well-formed items as given, an empty Value included', async () => {
    const r = await run([...ROLE, '--tags', 'Key=team,Value=blue', 'Key=note,Value=', '--policy-arns', `arn=${READ_ONLY}`]);
    expect(r.code).toBe(0);
    expect(r.sent).toHaveLength(1);
    expect(r.sent[0]?.params).toMatchObject({ 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'blue', 'Tags.member.2.Key': 'note', 'Tags.member.2.Value': '', 'PolicyArns.member.1.arn': READ_ONLY });
  });
});
