/** The credential rules, and the same rules as a form shows them while the user types. */
import { describe, expect, it } from 'vitest';
import { credentialHints, credentialProblems, unsendableField } from './credential-rules.js';

const ID = 'AKIAIOSFODNN7EXAMPLE';
const TEMP_ID = 'ASIAY34FZKBOKMUTVV7A';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('credentialProblems', () => {
  it('accepts a well-formed key, and a temporary one with its token', () => {
    expect(credentialProblems({ accessKeyId: ID, secretAccessKey: SECRET })).toEqual([]);
    expect(credentialProblems({ accessKeyId: TEMP_ID, secretAccessKey: SECRET, sessionToken: 'token' })).toEqual([]);
  });

  it('names each field at fault, in a form\'s words (env-credentials.test.ts: the environment\'s)', () => {
    expect(credentialProblems({ accessKeyId: 'akia', secretAccessKey: 'a b' }).map((p) => p.field)).toEqual(['accessKeyId', 'secretAccessKey']);
    expect(credentialProblems({ accessKeyId: TEMP_ID, secretAccessKey: SECRET })[0]?.message).toMatch(/no session token was given/);
  });
});

describe('credentialHints: the rules as you type', () => {
  it('says nothing of empty fields, and is not ready until key id and secret are given', () => {
    expect(credentialHints({ accessKeyId: '', secretAccessKey: '' })).toEqual({ accessKeyId: null, secretAccessKey: null, sessionToken: null, ready: false });
    expect(credentialHints({ accessKeyId: ID, secretAccessKey: ' ' }).ready).toBe(false);
  });

  it('trims what was pasted, and is ready when the rules accept the credential', () => {
    expect(credentialHints({ accessKeyId: ` ${ID}\n`, secretAccessKey: `${SECRET}\n`, sessionToken: '  ' })).toEqual({ accessKeyId: null, secretAccessKey: null, sessionToken: null, ready: true });
  });

  it('puts a key id on its way in plain words, then in the rule\'s', () => {
    expect(credentialHints({ accessKeyId: 'akia-not-a-key', secretAccessKey: SECRET })).toMatchObject({ accessKeyId: 'Only upper-case letters and digits.', ready: false });
    expect(credentialHints({ accessKeyId: 'AKIA1234', secretAccessKey: SECRET })).toMatchObject({ accessKeyId: 'Too short: 8 characters, a key id has at least 16.', ready: false });
    expect(credentialHints({ accessKeyId: 'ZZZZIOSFODNN7EXAMPLE', secretAccessKey: SECRET }).accessKeyId).toMatch(/start with AKIA/);
    expect(credentialHints({ accessKeyId: `AKIA${'A'.repeat(130)}`, secretAccessKey: SECRET })).toMatchObject({ accessKeyId: 'The access key id is not well formed.', ready: false });
  });

  it('warns of a secret of unusual length without stopping it, and refuses one with a space inside', () => {
    expect(credentialHints({ accessKeyId: ID, secretAccessKey: 'short' })).toMatchObject({ secretAccessKey: 'Secret access keys are usually 40 characters; this one has 5.', ready: true });
    expect(credentialHints({ accessKeyId: ID, secretAccessKey: 'two words' })).toMatchObject({ secretAccessKey: 'The secret access key holds a space or a line break.', ready: false });
  });

  it('asks for the session token of a temporary key, and refuses a token in pieces', () => {
    expect(credentialHints({ accessKeyId: TEMP_ID, secretAccessKey: SECRET, sessionToken: '' })).toMatchObject({ sessionToken: 'Temporary keys only work with their session token.', ready: false });
    expect(credentialHints({ accessKeyId: TEMP_ID, secretAccessKey: SECRET, sessionToken: 'two\npieces' })).toMatchObject({ sessionToken: 'The session token holds a space or a line break.', ready: false });
    expect(credentialHints({ accessKeyId: TEMP_ID, secretAccessKey: SECRET, sessionToken: 'token' }).ready).toBe(true);
  });
});

describe('paste mistakes get words of their own', () => {
  it('says to remove quotes around a key id or a secret', () => {
    expect(credentialProblems({ accessKeyId: `"${ID}"`, secretAccessKey: SECRET })[0]).toMatchObject({ field: 'accessKeyId', message: 'The access key id is in quotes.', hint: expect.stringMatching(/^Remove the quotes/) });
    expect(credentialHints({ accessKeyId: `“${ID}”`, secretAccessKey: SECRET })).toMatchObject({ accessKeyId: expect.stringMatching(/^The access key id is in quotes\. Remove the quotes/), ready: false });
    expect(credentialHints({ accessKeyId: ID, secretAccessKey: `"${SECRET}"` })).toMatchObject({ secretAccessKey: expect.stringMatching(/is in quotes\. Remove the quotes/), ready: false });
  });

  it('recognises a key id pasted into the secret field', () => {
    expect(credentialProblems({ accessKeyId: ID, secretAccessKey: TEMP_ID })[0]).toMatchObject({ field: 'secretAccessKey', message: 'The secret access key is an access key id, not a secret.' });
    expect(credentialHints({ accessKeyId: ID, secretAccessKey: ID })).toMatchObject({ secretAccessKey: expect.stringMatching(/is an access key id, not a secret\. Paste the secret access key here/), ready: false });
  });

  it('names an invisible or non-ASCII character in a secret or token (a zero-width space from a chat or a web page)', () => {
    // Such a token cannot go in an HTTP header: it was saved, then every check of it was an internal error.
    expect(credentialProblems({ accessKeyId: TEMP_ID, secretAccessKey: SECRET, sessionToken: 'Fwo\u200bGZX' })[0]).toMatchObject({
      field: 'sessionToken',
      message: 'The session token holds an invisible or non-ASCII character (U+200B), as text copied from a chat or a web page can.',
    });
    expect(credentialProblems({ accessKeyId: ID, secretAccessKey: `${SECRET.slice(0, 20)}\u20ac${SECRET.slice(20)}` })[0]).toMatchObject({ field: 'secretAccessKey', message: expect.stringMatching(/^The secret access key holds an invisible or non-ASCII character \(U\+20AC\)/) });
    expect(credentialHints({ accessKeyId: TEMP_ID, secretAccessKey: SECRET, sessionToken: 'Fwo\u200bGZX' })).toMatchObject({ sessionToken: expect.stringMatching(/invisible or non-ASCII/), ready: false });
    expect(credentialHints({ accessKeyId: ID, secretAccessKey: `\u200b${SECRET}` })).toMatchObject({ secretAccessKey: expect.stringMatching(/invisible or non-ASCII character \(U\+200B\).*Paste/), ready: false });
  });

  it('names the invisible or look-alike character in a key id, which reads as upper-case letters and digits', () => {
    // A zero-width space (not removed as a space), and a Cyrillic А in place of the Latin A.
    expect(credentialHints({ accessKeyId: `${ID}\u200b`, secretAccessKey: SECRET })).toMatchObject({
      accessKeyId: 'The access key id holds an invisible or non-ASCII character (U+200B), as text copied from a chat or a web page can. Remove it, or type the key id: upper-case letters and digits only.',
      ready: false,
    });
    expect(credentialHints({ accessKeyId: `\u0410KIAIOSFODNN7EXAMPLE`, secretAccessKey: SECRET }).accessKeyId).toMatch(/^The access key id holds an invisible or non-ASCII character \(U\+0410\)/);
    expect(credentialHints({ accessKeyId: 'AKIA IOSFODNN7EXAMPLE\u200b', secretAccessKey: SECRET }).accessKeyId).toMatch(/\(U\+200B\)/);
    expect(credentialHints({ accessKeyId: 'AKIA IOSFODNN7EXAMPLE', secretAccessKey: SECRET }).accessKeyId).toBe('Only upper-case letters and digits.');
    expect(credentialHints({ accessKeyId: 'akia-not-a-key', secretAccessKey: SECRET }).accessKeyId).toBe('Only upper-case letters and digits.');
  });

  it('names a carriage return inside a secret, and says one at the end is removed', () => {
    expect(credentialHints({ accessKeyId: ID, secretAccessKey: `${SECRET}\r` })).toMatchObject({ secretAccessKey: expect.stringMatching(/carriage return \(\\r\) after the secret/), ready: true });
  });
});

describe('unsendableField: a saved credential no request can carry', () => {
  it('names the first field holding a character outside printable ASCII, and its code point', () => {
    const ok = { accessKeyId: 'ASIAY34FZKBOKMUTVV7A', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2Vj=' };
    expect(unsendableField(ok)).toBeUndefined();
    expect(unsendableField({ ...ok, sessionToken: 'IQoJ\u200Bb3J' })).toEqual({ field: 'sessionToken', codePoint: 'U+200B' });
    expect(unsendableField({ ...ok, secretAccessKey: 'wJalr\u00e9' })).toEqual({ field: 'secretAccessKey', codePoint: 'U+00E9' });
    expect(unsendableField({ ...ok, accessKeyId: 'ASIA\u0000' })).toEqual({ field: 'accessKeyId', codePoint: 'U+0000' });
  });
});
