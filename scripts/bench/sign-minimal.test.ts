// The bench's least signer (sign-minimal.ts) signs keyscope's requests as keyscope's own signer (smithy) does: its
// counterfactual rows compare the same work.
import { describe, expect, it } from 'vitest';
import { signRequest as smithySign, type SignableRequest, type SigningScope } from '../../electron/core/aws/sign.js';
import type { Credentials } from '../../electron/core/aws/model.js';
import { signRequest as minimalSign } from './sign-minimal.js';

const KEY: Credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const TEMP: Credentials = { ...KEY, accessKeyId: 'ASIAIOSFODNN7EXAMPLE', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE/token+with=chars' };
const base = { protocol: 'https:', hostname: 'sts.amazonaws.com', path: '/' };
const CASES: ReadonlyArray<{ what: string; request: SignableRequest; scope: SigningScope }> = [
  {
    what: 'an STS POST',
    request: { ...base, method: 'POST', headers: { host: 'sts.amazonaws.com', 'user-agent': 'keyscope/1', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' },
    scope: { region: 'us-east-1', service: 'sts', signingDate: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) },
  },
  {
    what: 'an IAM GET with a query to sort and escape',
    request: { ...base, hostname: 'iam.amazonaws.com', method: 'GET', query: { Version: '2010-05-08', Action: 'GetAccessKeyLastUsed', AccessKeyId: 'AKIA EXAMPLE/+*' }, headers: { host: 'iam.amazonaws.com', 'user-agent': 'keyscope/1' } },
    scope: { region: 'us-east-1', service: 'iam', signingDate: new Date(Date.UTC(2026, 10, 24, 23, 59, 59)) },
  },
];

describe('the bench least signer', () => {
  for (const { what, request, scope } of CASES) {
    for (const key of [KEY, TEMP]) {
      it(`signs ${what} as smithy does (${key.sessionToken ? 'with' : 'without'} a session token)`, async () => {
        const ours = await smithySign(request, key, scope);
        const least = await minimalSign(request, key, scope);
        expect(least).toEqual(ours);
        expect(least.authorization).toMatch(/Signature=[0-9a-f]{64}$/);
      });
    }
  }
});
