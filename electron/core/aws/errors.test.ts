import { describe, expect, it } from 'vitest';
import { awsFailure, ERROR_CATALOGUE, isRetryable, networkFailure, parseFailure, scrubSecrets } from './errors.js';
import { backoffDelay, retryAfterMs } from './retry.js';
import { rejectsCredential } from '../../../shared/failure.js';

/** Every code DESIGN.md names from the STS and IAM references. */
const NAMED = [
  'AccessDenied', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'ExpiredToken', 'IncompleteSignature', 'MissingAuthenticationToken',
  'RequestExpired', 'InternalFailure', 'ServiceUnavailable', 'NoSuchEntity', 'InvalidInput', 'ServiceFailure', 'Throttling',
  'ValidationError', 'RegionDisabledException', 'InvalidIdentityToken', 'IDPRejectedClaim', 'IDPCommunicationError',
  'ExpiredTokenException', 'MalformedPolicyDocument', 'PackedPolicyTooLarge', 'InvalidAuthorizationMessageException',
];

describe('error catalogue', () => {
  it('has a category and a one-sentence hint for every named code', () => {
    for (const code of NAMED) {
      expect(ERROR_CATALOGUE[code], code).toBeDefined();
      expect(ERROR_CATALOGUE[code]?.hint, code).toMatch(/^[A-Z].*[.]$/);
    }
  });

  it('never calls a key invalid for a code it does not know', () => {
    const f = awsFailure('GetCallerIdentity', { code: 'SomethingNew', message: 'x' }, 400, { service: 'sts' });
    expect(f.category).toBe('service');
    expect(awsFailure('X', { code: 'Odd', message: '' }, 429, { service: 'sts' }).category).toBe('throttled');
    // Nor at HTTP 403 (it read as access-denied, a rejection: not valid, exit 1), or with no code at all.
    for (const code of ['SomethingNew', 'Unknown']) {
      const denied = awsFailure('GetCallerIdentity', { code, message: 'x' }, 403, { service: 'sts' });
      expect(denied.category, code).toBe('service');
      expect(rejectsCredential(denied), code).toBe(false);
    }
    expect(rejectsCredential(awsFailure('GetCallerIdentity', { code: 'AccessDenied', message: 'x' }, 403, { service: 'sts' }))).toBe(true);
  });

  it('reads AWS\'s common query errors: an endpoint without the action or an altered request is undecided, never a rejection', () => {
    // Before, each fell back on its status: undecided too, but with "an error keyscope does not know" as the only advice.
    for (const [code, status] of [['InvalidAction', 400], ['MissingAction', 400], ['MissingParameter', 400], ['InvalidQueryParameter', 400], ['MalformedQueryString', 404]] as const) {
      const f = awsFailure('GetCallerIdentity', { code, message: 'x' }, status, { service: 'sts' });
      expect(f.category, code).toBe('service');
      expect(rejectsCredential(f), code).toBe(false);
      expect(f.hint, code).toMatch(/validity is unknown/);
      expect(isRetryable(f), code).toBe(false);
    }
    expect(awsFailure('GetCallerIdentity', { code: 'InvalidAction', message: 'x' }, 400, { service: 'sts' }).hint).toMatch(/--endpoint-url/);
    expect(awsFailure('GetCallerIdentity', { code: 'MissingParameter', message: 'x' }, 400, { service: 'sts' }).hint).toMatch(/proxy/);
    expect(awsFailure('AssumeRole', { code: 'InvalidParameterCombination', message: 'x' }, 400, { service: 'sts' }).category).toBe('input');
    const notAuthorized = awsFailure('GetAccessKeyLastUsed', { code: 'NotAuthorized', message: 'x' }, 400, { service: 'iam' });
    expect(notAuthorized.category).toBe('access-denied');
  });

  it('reads "Signature expired" as a clock problem, not a wrong secret', () => {
    const f = awsFailure('GetCallerIdentity', { code: 'SignatureDoesNotMatch', message: 'Signature expired: 20150830T123600Z is now earlier than 20150830T125100Z' }, 403, { service: 'sts' });
    expect(f.category).toBe('clock-skew');
  });

  it('explains IAM refusing session-token credentials without MFA instead of calling the key invalid', () => {
    const f = awsFailure('GetAccessKeyLastUsed', { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid' }, 403, { service: 'iam', accessKeyId: 'ASIAY34FZKBOKMUTVV7A' });
    expect(f.category).toBe('access-denied');
    expect(f.hint).toMatch(/MFA/);
  });

  it('retries throttling and 5xx, not rejections or time-outs', () => {
    expect(isRetryable(awsFailure('X', { code: 'Throttling', message: '' }, 400, { service: 'sts' }))).toBe(true);
    expect(isRetryable(awsFailure('X', { code: 'RequestLimitExceeded', message: '' }, 400, { service: 'sts' }))).toBe(true);
    expect(isRetryable(awsFailure('X', { code: 'InternalFailure', message: '' }, 500, { service: 'sts' }))).toBe(true);
    expect(isRetryable(awsFailure('X', { code: 'AccessDenied', message: '' }, 403, { service: 'sts' }))).toBe(false);
    expect(isRetryable(parseFailure('x', 502, '<html>', 'text/html'))).toBe(true);
    expect(isRetryable(networkFailure('ECONNRESET', 'h'))).toBe(true);
    expect(isRetryable(networkFailure('ECONNREFUSED', 'h'))).toBe(false);
  });

  it('masks key ids and removes secrets and tokens from free text', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    const text = scrubSecrets(`key AKIAIOSFODNN7EXAMPLE secret ${secret} token ${'A'.repeat(150)}`);
    expect(text).toBe('key AKIA************MPLE secret [secret removed] token [token removed]');
  });

  it('keeps what an HTML page began with, scrubbed, for the message', () => {
    const f = parseFailure('x', 502, '<!DOCTYPE html><p>blocked AKIAIOSFODNN7EXAMPLE</p>', 'text/html');
    expect(f.bodyStart).toBe('<!DOCTYPE html><p>blocked AKIA************MPLE</p>');
  });
});

describe('backoff', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  it('doubles the ceiling each attempt, up to the cap, with full jitter', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(policy, a, 0.999))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelay(policy, 3, 0)).toBe(0);
  });
  it('honours Retry-After up to the cap', () => {
    expect(backoffDelay(policy, 1, 0, retryAfterMs('0'))).toBe(0);
    expect(backoffDelay(policy, 1, 0, retryAfterMs('30'))).toBe(1000);
    expect(retryAfterMs('soon')).toBeUndefined();
    // The HTTP-date form is not read: the usual backoff applies.
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:00 GMT')).toBeUndefined();
    expect(retryAfterMs(' 2 ')).toBe(2000);
  });
});
