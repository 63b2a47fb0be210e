import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeForm, encodeQuery, encodeRfc3986, queryPairs, type QueryValue } from './query.js';

const DIR = join(__dirname, '../../../test-vectors/query-requests');

describe('query encoding', () => {
  // Smithy's awsQuery request tests whose members need no xmlName mapping (the files copied are exactly those).
  const cases = readdirSync(DIR).filter((f) => f.endsWith('.json'));
  it('has the Smithy vectors', () => expect(cases.length).toBeGreaterThanOrEqual(10));
  for (const file of cases) {
    it(`matches ${file}`, () => {
      const v = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { body: string; params: Record<string, QueryValue> };
      const [, action, version] = /^Action=([^&]+)&Version=([^&]+)/.exec(v.body) ?? [];
      expect(encodeForm(queryPairs(action as string, version as string, v.params))).toBe(v.body);
    });
  }

  it('escapes reserved characters and sends unicode as UTF-8', () => {
    expect(encodeRfc3986("a b+c/d=e&f!'()*~")).toBe('a%20b%2Bc%2Fd%3De%26f%21%27%28%29%2A~');
    expect(encodeRfc3986('é€😀')).toBe('%C3%A9%E2%82%AC%F0%9F%98%80');
  });

  it('sends spaces as %20 in a query string and as + in a form body', () => {
    const pairs: Array<[string, string]> = [['Path', '/a b+c/']];
    expect(encodeQuery(pairs)).toBe('Path=%2Fa%20b%2Bc%2F');
    expect(encodeForm(pairs)).toBe('Path=%2Fa+b%2Bc%2F');
  });

  it('flattens lists of structures the way STS expects tags and policy ARNs', () => {
    const pairs = queryPairs('AssumeRole', '2011-06-15', {
      Tags: [{ Key: 'team', Value: 'sec' }, { Key: 'env', Value: 'prod' }],
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      Missing: undefined,
    });
    expect(pairs).toEqual([
      ['Action', 'AssumeRole'],
      ['Version', '2011-06-15'],
      ['Tags.member.1.Key', 'team'],
      ['Tags.member.1.Value', 'sec'],
      ['Tags.member.2.Key', 'env'],
      ['Tags.member.2.Value', 'prod'],
      ['PolicyArns.member.1.arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
    ]);
  });
});
