/**
 * The signer keeps each credential's derived key for its day (sign.ts): every signature, on the same day, the next
 * day and back again, with a session token or without, is the one a fresh smithy signer makes.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
// eslint-disable-next-line no-restricted-imports -- the reference the test compares with: smithy's signer as it comes
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import type { Credentials } from './model.js';
import { signRequest, type SignableRequest } from './sign.js';

const REQUEST: SignableRequest = {
  method: 'POST',
  protocol: 'https:',
  hostname: 'sts.amazonaws.com',
  path: '/',
  headers: { host: 'sts.amazonaws.com', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  body: 'Action=GetCallerIdentity&Version=2011-06-15',
};

async function reference(credentials: Credentials, region: string, service: string, signingDate: Date): Promise<Record<string, string>> {
  const signer = new SignatureV4({ credentials, region, service, sha256: Sha256, applyChecksum: false });
  const signed = await signer.sign({ ...REQUEST, query: {}, headers: { ...REQUEST.headers } }, { signingDate });
  return signed.headers as Record<string, string>;
}

const LONG_TERM: Credentials = { accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const TEMPORARY: Credentials = { accessKeyId: 'ASIAY34FZKBOKMUTVV7B', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' };
const DAY_1 = Date.UTC(2026, 0, 31, 23, 59, 58);
const DAY_2 = Date.UTC(2026, 1, 1, 0, 0, 1);

describe('signatures from a signer that keeps its derived key', () => {
  it.each([
    ['a long-term key', LONG_TERM],
    ['a temporary key', TEMPORARY],
  ])('with %s, match a fresh signer on one day, the next and back, per region and service', async (_what, credentials) => {
    for (const at of [DAY_1, DAY_1 + 1000, DAY_2, DAY_2 + 5000, DAY_1]) {
      for (const [region, service] of [
        ['us-east-1', 'sts'],
        ['us-east-1', 'iam'],
        ['eu-west-1', 'sts'],
      ] as const) {
        const signingDate = new Date(at);
        const ours = await signRequest(REQUEST, credentials, { region, service, signingDate });
        expect(ours).toEqual(await reference(credentials, region, service, signingDate));
      }
    }
  });

  it('signed at once, many signatures of one key are each right (one derivation shared while it runs)', async () => {
    const dates = Array.from({ length: 16 }, (_, i) => new Date(DAY_2 + i * 700));
    const ours = await Promise.all(dates.map((signingDate) => signRequest(REQUEST, LONG_TERM, { region: 'ap-south-1', service: 'sts', signingDate })));
    const expected = await Promise.all(dates.map((signingDate) => reference(LONG_TERM, 'ap-south-1', 'sts', signingDate)));
    expect(ours).toEqual(expected);
  });

  it('leaves the request it was given as it was', async () => {
    const headers = { ...REQUEST.headers };
    await signRequest({ ...REQUEST, headers }, LONG_TERM, { region: 'us-east-1', service: 'sts', signingDate: new Date(DAY_1) });
    expect(headers).toEqual(REQUEST.headers);
  });
});
