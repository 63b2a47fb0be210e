import { describe, expect, it } from 'vitest';
import { seeded } from '../../../e2e/fixtures/seeded.js';
import { awsFailure, parseFailure } from './errors.js';
import { scrubSecrets, scrubTyped } from './scrub.js';

describe('scrubSecrets', () => {
  it('removes a 41-character secret-like run and a 61-character token, as a server sent them (issue #7)', () => {
    const secret41 = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEYz';
    const token61 = 'AQoDYXdzEJr1K2kz7gk6/7Qx+0p1ZbW3pPEXAMPLEtokenTOKENtoken12345';
    expect(secret41).toHaveLength(41);
    expect(token61).toHaveLength(61);
    const out = scrubSecrets(`The secret ${secret41} and the token ${token61} were refused.`);
    expect(out).not.toContain('wJalrXUtnFEMI');
    expect(out).not.toContain('AQoDYXdzEJr1');
    expect(out).toBe('The secret [secret removed] and the token [secret removed] were refused.');
  });

  it('removes any run of 40 or more base64 characters, with padding, glued to other text', () => {
    expect(scrubSecrets(`x: ${'a/B+'.repeat(10)}==;`)).toBe('x: [secret removed];');
    expect(scrubSecrets(`token ${'A'.repeat(150)}`)).toBe('token [token removed]');
  });

  it('removes session tokens by their prefix even when cut short', () => {
    expect(scrubSecrets('token IQoJb3JpZ2luX2VjEHwa cut')).toBe('token [token removed] cut');
    expect(scrubSecrets('old FwoGZXIvYXdzEBYaDH= end')).toBe('old [token removed] end');
    expect(scrubSecrets('IQoJ short')).toBe('IQoJ short');
  });

  it('masks full key ids of every credential prefix, wherever they stand', () => {
    expect(scrubSecrets('key AKIAIOSFODNN7EXAMPLE, ASIAY34FZKBOKMUTVV7A; xABIAY34FZKBOKMUTVV7Ay ACCAY34FZKBOKMUTVV7ALONGER')).toBe(
      `key AKIA************MPLE, ASIA************VV7A; xABIA************VV7Ay ACCA${'*'.repeat(18)}NGER`,
    );
  });

  it('keeps ordinary messages, ARNs and request ids readable', () => {
    const text = 'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/reader (request 4f3e2d1c-0b9a-4c8d-9e7f-6a5b4c3d2e1f)';
    expect(scrubSecrets(text)).toBe(text);
  });

  it('is applied to the message, code and request id of an AWS error, and to the start of an unexpected body', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEYz';
    const f = awsFailure('GetCallerIdentity', { code: `Bad${secret}`, message: `echo ${secret}`, requestId: secret }, 400, { service: 'sts' });
    expect(JSON.stringify(f)).not.toContain('wJalrXUtnFEMI');
    expect(parseFailure('x', 200, `<x>${secret}</x>`, 'text/xml').bodyStart).toBe('<x>[secret removed]</x>');
    // A secret that straddles the 200 characters shown: none of it is shown (cut first, its first 9 were).
    const straddling = parseFailure('x', 200, `<x>${'.'.repeat(188)}${secret}</x>`, 'text/xml').bodyStart;
    expect(straddling).toHaveLength(200);
    expect(straddling).not.toContain(secret.slice(0, 9));
    expect(straddling.endsWith('[secret r')).toBe(true);
  });
});

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** `count` random 40-character secrets that hold no digit: about one real secret in 900 (54/64 to the 40th). */
function secretsWithoutDigits(count: number): string[] {
  const draw = seeded(11);
  const out: string[] = [];
  while (out.length < count) {
    const s = Array.from({ length: 40 }, () => BASE64[Math.floor(draw() * 64)]).join('');
    if (!/\d/.test(s)) out.push(s);
  }
  return out;
}

describe('scrubTyped', () => {
  const removed = (text: string) => !scrubTyped(text).includes(text.slice(-40));

  it('removes a pasted secret that holds no digit, alone or after a folder (at least 90 in 100)', () => {
    const secrets = secretsWithoutDigits(2000);
    for (const before of ['', 'file://', '/home/alice/Documents/keys/', '/tmp/x1/']) {
      expect(secrets.filter((s) => !removed(`${before}${s}`)).length, before).toBeLessThanOrEqual(200);
    }
    expect(scrubTyped('got "jeQMtGbClwBF/xZpqUtkh+yCoAnvbWkfRaLpTsQe".')).toBe('got "[secret removed]".');
    // Three slashes, which a secret with digits needs a mixing part for, change nothing here.
    expect(scrubTyped('file je/MtGbC/wBFxZpq/Utkh+yCo/nvbWkfRaLpTsQe gone')).toBe('file [secret removed] gone');
  });

  it.each([
    'KeyscopeReviewSessionForAliceInProductionAccount',
    'policies/ReadOnlyAccessForTheSecurityAuditTeam',
    'AWSKeyscopeReviewSESSIONForAliceAndBobTeam',
    'AWSReviewSESSIONForAliceAndBobAndCarolAndDave',
    '/home/alice/Documents/projects/keyscope/policies/readonly',
    'arn:aws:iam::role/OrganizationAccountAccessRoleForAuditors',
    'arn:aws:iam::123456789012:role/EKSCICDGitHubOIDCRoleForQAAndUATEnvs',
    '/Users/JoBo/AWS/IAM/QA/UAT/EKS/CI/CD/DevOps/Keys',
    'ReadOnlyForQAAndDevOpsTeamsInEUAndUSEast',
    'role/ReadOnlyForQAAndDevOpsTeamsInEUAndUSEast',
    '/'.repeat(44),
    '/Users/Alice/Library/Application/Support/Keyscope/Reviews/Latest',
  ])('keeps a long value without digits readable: %s', (value) => {
    expect(scrubTyped(`got "${value}".`)).toBe(`got "${value}".`);
  });
});
