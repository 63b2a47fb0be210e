/** readStruct: the type it promises is the one its spec states, and an answer that breaks the promise is refused. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AccessKeyLastUsed, GetAccessKeyLastUsedOutput } from './iam.js';
import { MissingMemberError, readStruct, type ReadResult } from './shapes.js';
import type { AssumeRoleOutput, CallerIdentity, TemporaryCredentials } from './sts.js';
import { parseXml, root, type XmlNode } from './xml.js';

const node = (xml: string): XmlNode => {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new Error(parsed.reason);
  return root(parsed.doc)?.node as XmlNode;
};

const SPEC = { Arn: 'string', SourceIdentity: 'string?', Size: 'integer?', User: { Id: 'string', Name: 'string?' } } as const;

describe('readStruct types', () => {
  it('maps a spec to its output type: required, optional, integer, nested', () => {
    expectTypeOf<ReadResult<typeof SPEC>>().toEqualTypeOf<{
      readonly Arn: string;
      readonly SourceIdentity?: string;
      readonly Size?: number;
      readonly User: { readonly Id: string; readonly Name?: string };
    }>();
  });

  it('derives the STS and IAM output types from their specs', () => {
    expectTypeOf<CallerIdentity>().toEqualTypeOf<{ readonly UserId: string; readonly Account: string; readonly Arn: string }>();
    expectTypeOf<TemporaryCredentials>().toEqualTypeOf<{ readonly AccessKeyId: string; readonly SecretAccessKey: string; readonly SessionToken: string; readonly Expiration: string }>();
    expectTypeOf<AssumeRoleOutput['PackedPolicySize']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<AssumeRoleOutput['AssumedRoleUser']['Arn']>().toEqualTypeOf<string>();
    expectTypeOf<AccessKeyLastUsed>().toEqualTypeOf<{ readonly LastUsedDate?: string; readonly ServiceName: string; readonly Region: string }>();
    expectTypeOf<GetAccessKeyLastUsedOutput['AccessKeyLastUsed']>().toEqualTypeOf<AccessKeyLastUsed>();
  });
});

describe('readStruct values', () => {
  it('reads what the spec names, leaves out absent optional members and skips integers that are not', () => {
    const out = readStruct(node('<R><Arn>arn:a</Arn><Size>x</Size><User><Id>u</Id></User><Other>o</Other></R>'), SPEC);
    expect(out).toEqual({ Arn: 'arn:a', User: { Id: 'u' } });
    expect(readStruct(node('<R><Arn>a</Arn><SourceIdentity></SourceIdentity><Size> 42 </Size><User><Id>u</Id><Name>n</Name></User></R>'), SPEC)).toEqual({
      Arn: 'a',
      SourceIdentity: '',
      Size: 42,
      User: { Id: 'u', Name: 'n' },
    });
  });

  it('refuses a missing or blank required member, and a missing structure, naming its path', () => {
    const missing = (xml: string) => {
      try {
        readStruct(node(xml), SPEC);
      } catch (e) {
        return e instanceof MissingMemberError ? e.member : `not a MissingMemberError: ${String(e)}`;
      }
      return 'read';
    };
    expect(missing('<R><User><Id>u</Id></User></R>')).toBe('Arn');
    expect(missing('<R><Arn> </Arn><User><Id>u</Id></User></R>')).toBe('Arn');
    expect(missing('<R><Arn>a</Arn></R>')).toBe('User');
    expect(missing('<R><Arn>a</Arn><User>text</User></R>')).toBe('User');
    expect(missing('<R><Arn>a</Arn><User><Name>n</Name></User></R>')).toBe('User.Id');
    expect(new MissingMemberError('User.Id').message).toBe('the answer has no <Id> in <User>');
  });
});
