/**
 * The credential rules, written once: a key id's shape, a secret's shape, a session token for temporary (ASIA…)
 * keys. Pure, for every front: the vault, the command line, the handlers and the renderer (as you type). Each front
 * names the fields its own way ("AWS_SECRET_ACCESS_KEY", "The secret access key"), so the words fit where they
 * are read.
 */

/** 16 to 128 upper-case letters and digits (IAM's AccessKeyId pattern). */
export const ACCESS_KEY_ID_PATTERN = /^[A-Z0-9]{16,128}$/;

export type CredentialField = 'accessKeyId' | 'secretAccessKey' | 'sessionToken';

/** Each field in words, for a message: "access key id". */
export const CREDENTIAL_FIELD_NAMES: Readonly<Record<CredentialField, string>> = { accessKeyId: 'access key id', secretAccessKey: 'secret access key', sessionToken: 'session token' };

export interface CredentialProblem {
  readonly field: CredentialField;
  /** What is wrong, in one sentence; never quotes the secret or the token. */
  readonly message: string;
  /** What to do. */
  readonly hint: string;
}

export interface CredentialText {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/**
 * How a front names the fields in the problems: a form, a prompt or a file (TYPED_WORDS), or the AWS_* variables
 * (the command line's, in env-credentials.ts, so the page does not carry them).
 */
export type CredentialWords = Readonly<Record<'keyIdName' | 'secretName' | 'tokenName' | 'badId' | 'emptySecret' | 'spaceSecret' | 'noToken' | 'spaceToken', string>>;

export const TYPED_WORDS: CredentialWords = {
  keyIdName: 'The access key id',
  secretName: 'The secret access key',
  tokenName: 'The session token',
  badId: 'The access key id is not well formed.',
  emptySecret: 'The secret access key is empty.',
  spaceSecret: 'The secret access key holds a space or a line break.',
  noToken: 'This is a temporary key (ASIA…) but no session token was given.',
  spaceToken: 'The session token holds a space or a line break.',
};

/** A text wrapped in one pair of quotes, as copied from a JSON file, a .env file or a shell line. */
// Curly quotes written as escapes: the bundles stay ASCII, which V8 reads without decoding (~1% of a cold start).
const QUOTED = /^(["'`\u2018\u2019\u201C\u201D]).*(["'`\u2018\u2019\u201C\u201D])$/s;
/**
 * A character no secret or token has: secrets and tokens are printable ASCII, and an HTTP header cannot carry the
 * rest (a zero-width space pasted from a chat made every check of a saved token an internal error).
 */
const NOT_PRINTABLE_ASCII = /[^\x21-\x7e]/;

/** Not printable ASCII and not a space: what a key id's hint names by code point (a space shows as one). */
const INVISIBLE_OR_NON_ASCII = /[^\x20-\x7e]/;

/** "(U+200B)": the character `text` holds that `pattern` finds, named by code point since it may not show. */
function codePointOf(text: string, pattern = NOT_PRINTABLE_ASCII): string {
  const c = pattern.exec(text)?.[0] ?? '';
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The first field of `c` holding a character NOT_PRINTABLE_ASCII finds, and that character's code point: a credential
 * saved before the rules refused such characters, which no request can carry (Node refuses the header).
 */
export function unsendableField(c: CredentialText): { readonly field: CredentialField; readonly codePoint: string } | undefined {
  if (NOT_PRINTABLE_ASCII.test(c.accessKeyId)) return { field: 'accessKeyId', codePoint: codePointOf(c.accessKeyId) };
  if (NOT_PRINTABLE_ASCII.test(c.secretAccessKey)) return { field: 'secretAccessKey', codePoint: codePointOf(c.secretAccessKey) };
  if (c.sessionToken !== undefined && NOT_PRINTABLE_ASCII.test(c.sessionToken)) return { field: 'sessionToken', codePoint: codePointOf(c.sessionToken) };
  return undefined;
}

/** An access key id where the secret belongs: 20 upper-case letters and digits starting with a key prefix. */
const KEY_ID_AS_SECRET = /^(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,124}$/;

/** What is wrong with a credential as given (already trimmed), first problem first; [] when it may be sent. */
export function credentialProblems(c: CredentialText, w: CredentialWords = TYPED_WORDS): CredentialProblem[] {
  const problems: CredentialProblem[] = [];
  // The mistakes pastes make get words of their own: what to remove, not only what the rule wants.
  if (QUOTED.test(c.accessKeyId) && ACCESS_KEY_ID_PATTERN.test(c.accessKeyId.slice(1, -1))) {
    problems.push({ field: 'accessKeyId', message: `${w.keyIdName} is in quotes.`, hint: 'Remove the quotes: the key id is only its letters and digits.' });
  } else if (!ACCESS_KEY_ID_PATTERN.test(c.accessKeyId)) {
    problems.push({ field: 'accessKeyId', message: w.badId, hint: 'An access key id is 16 to 128 upper-case letters and digits, such as AKIA… or ASIA….' });
  }
  if (c.secretAccessKey === '') problems.push({ field: 'secretAccessKey', message: w.emptySecret, hint: 'Paste the secret again: 40 characters, no spaces.' });
  else if (c.secretAccessKey.includes('\r')) {
    problems.push({ field: 'secretAccessKey', message: `${w.secretName} holds a carriage return (\\r), as text from a file with Windows line endings does.`, hint: 'Remove the \\r: convert the file to Unix line endings (dos2unix), or paste only the 40 characters of the secret.' });
  } else if (/\s/.test(c.secretAccessKey)) problems.push({ field: 'secretAccessKey', message: w.spaceSecret, hint: 'Paste the secret again: 40 characters, no spaces.' });
  else if (NOT_PRINTABLE_ASCII.test(c.secretAccessKey)) {
    problems.push({ field: 'secretAccessKey', message: `${w.secretName} holds an invisible or non-ASCII character (${codePointOf(c.secretAccessKey)}), as text copied from a chat or a web page can.`, hint: 'Paste the secret again from where it was created, or type it: 40 letters, digits, / and +.' });
  } else if (QUOTED.test(c.secretAccessKey) && c.secretAccessKey.length > 2) {
    problems.push({ field: 'secretAccessKey', message: `${w.secretName} is in quotes.`, hint: 'Remove the quotes: a secret access key never holds quote marks.' });
  } else if (KEY_ID_AS_SECRET.test(c.secretAccessKey)) {
    problems.push({ field: 'secretAccessKey', message: `${w.secretName} is an access key id, not a secret.`, hint: 'Paste the secret access key here: the 40-character value shown beside the key id when the key was created.' });
  }
  if (c.accessKeyId.startsWith('ASIA') && !c.sessionToken) {
    problems.push({ field: 'sessionToken', message: w.noToken, hint: 'Temporary keys only work with their session token: give it too.' });
  } else if (c.sessionToken !== undefined && /\s/.test(c.sessionToken)) {
    problems.push({ field: 'sessionToken', message: w.spaceToken, hint: 'Paste the session token again, in one piece.' });
  } else if (c.sessionToken !== undefined && NOT_PRINTABLE_ASCII.test(c.sessionToken)) {
    problems.push({ field: 'sessionToken', message: `${w.tokenName} holds an invisible or non-ASCII character (${codePointOf(c.sessionToken)}), as text copied from a chat or a web page can.`, hint: 'Paste the session token again from where it was issued: a token is only letters, digits, /, + and =.' });
  }
  return problems;
}

/** What a form shows beside each field as the user types (null: nothing to say), and whether it may be sent. */
export interface CredentialHints {
  readonly accessKeyId: string | null;
  /** A problem, or only a warning (an unusual length) that does not stop sending. */
  readonly secretAccessKey: string | null;
  readonly sessionToken: string | null;
  /** Key id and secret given, and nothing above but a warning. */
  readonly ready: boolean;
}

/** The problems a paste makes, which credentialHints shows with their hint. */
const PASTE_MISTAKE = / is in quotes\.$| is an access key id, not a secret\.$| holds a carriage return | holds an invisible or non-ASCII character /;

/** As-you-type words for a key id still being typed or pasted, before the rule's own refusal. */
function keyIdHint(id: string): string | null {
  // Named by code point: a zero-width space or a look-alike letter (Cyrillic А) shows as a key id of letters and digits.
  if (INVISIBLE_OR_NON_ASCII.test(id)) return `The access key id holds an invisible or non-ASCII character (${codePointOf(id, INVISIBLE_OR_NON_ASCII)}), as text copied from a chat or a web page can. Remove it, or type the key id: upper-case letters and digits only.`;
  if (!/^[A-Z0-9]+$/.test(id)) return 'Only upper-case letters and digits.';
  if (id.length < 16) return `Too short: ${id.length} characters, a key id has at least 16.`;
  if (!/^(AKIA|ASIA|ABIA|ACCA)/.test(id)) return 'Access key ids start with AKIA (long-term) or ASIA (temporary).';
  return null;
}

/**
 * The rules above as a form applies them while the user types (fields as typed, trimmed here): an empty field says
 * nothing yet, a key id gets plainer words on its way to the rule, and a secret of unusual length gets a warning.
 */
export function credentialHints(typed: CredentialText): CredentialHints {
  const token = typed.sessionToken?.trim();
  const c: CredentialText = { accessKeyId: typed.accessKeyId.trim(), secretAccessKey: typed.secretAccessKey.trim(), ...(token ? { sessionToken: token } : {}) };
  const problems = credentialProblems(c);
  const problem = (field: CredentialField) => problems.find((p) => p.field === field) ?? null;
  // A paste mistake (quotes, a key id in the secret field, a carriage return) says what to remove, in the rule's words.
  const pasted = (field: CredentialField) => {
    const p = problem(field);
    return p && PASTE_MISTAKE.test(p.message) ? `${p.message} ${p.hint}` : null;
  };
  const id = c.accessKeyId === '' ? null : (pasted('accessKeyId') ?? keyIdHint(c.accessKeyId) ?? problem('accessKeyId')?.message ?? null);
  const secretProblem = c.secretAccessKey === '' ? null : (pasted('secretAccessKey') ?? problem('secretAccessKey')?.message ?? null);
  const tokenProblem = problem('sessionToken');
  // A line ending at the end is trimmed before sending: said, so the person knows their file has Windows line endings.
  const trailingCr = /\r\s*$/.test(typed.secretAccessKey) ? 'The carriage return (\\r) after the secret, from a file with Windows line endings, is removed before sending.' : null;
  return {
    accessKeyId: id,
    secretAccessKey:
      secretProblem ??
      (c.secretAccessKey !== '' && c.secretAccessKey.length !== 40 ? `Secret access keys are usually 40 characters; this one has ${c.secretAccessKey.length}.` : trailingCr),
    sessionToken: tokenProblem === null ? null : c.sessionToken ? tokenProblem.message : 'Temporary keys only work with their session token.',
    ready: c.accessKeyId !== '' && c.secretAccessKey !== '' && id === null && problems.length === 0,
  };
}
