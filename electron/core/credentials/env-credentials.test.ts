/** The environment's credential, refused in the environment's words: the AWS_* variables by name. */
import { describe, expect, it } from 'vitest';
import { envCredentials } from './env-credentials.js';

const ID = 'AKIAIOSFODNN7EXAMPLE';
const TEMP_ID = 'ASIAY34FZKBOKMUTVV7A';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const refused = (env: Record<string, string>) => {
  const r = envCredentials(env);
  return r.ok ? null : r.error.message;
};

describe('envCredentials', () => {
  it('names the variable at fault', () => {
    expect(refused({ AWS_ACCESS_KEY_ID: TEMP_ID, AWS_SECRET_ACCESS_KEY: SECRET })).toMatch(/^This is a temporary key \(ASIA…\) but AWS_SESSION_TOKEN is not set\.$/);
    expect(refused({ AWS_ACCESS_KEY_ID: ID, AWS_SECRET_ACCESS_KEY: `'${SECRET}'` })).toBe('AWS_SECRET_ACCESS_KEY is in quotes.');
    expect(refused({ AWS_ACCESS_KEY_ID: TEMP_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: 'Fwo\u0007GZX' })).toMatch(/^AWS_SESSION_TOKEN holds an invisible or non-ASCII character \(U\+0007\)/);
    expect(refused({ AWS_ACCESS_KEY_ID: ID, AWS_SECRET_ACCESS_KEY: `${SECRET}\r${SECRET}` })).toBe('AWS_SECRET_ACCESS_KEY holds a carriage return (\\r), as text from a file with Windows line endings does.');
    expect(refused({ AWS_ACCESS_KEY_ID: 'akia', AWS_SECRET_ACCESS_KEY: SECRET })).toBe('AWS_ACCESS_KEY_ID is not an access key id.');
  });

  it('takes a well-formed pair', () => {
    expect(envCredentials({ AWS_ACCESS_KEY_ID: ID, AWS_SECRET_ACCESS_KEY: SECRET })).toEqual({ ok: true, value: { accessKeyId: ID, secretAccessKey: SECRET } });
  });
});
