/**
 * The credential rules, written once: a key id's shape, a secret's shape, a session token for temporary (ASIA…)
 * keys. Pure, for every front: the vault, the command line, the handlers and the renderer (as you type). Each front
 * names the fields its own way ("AWS_SECRET_ACCESS_KEY", "The secret access key"), so the words fit where they
 * are read.
 */

/** 16 to 128 upper-case letters and digits (IAM's AccessKeyId pattern). */
export const ACCESS_KEY_ID_PATTERN = /^[A-Z0-9]{16,128}$/;

export type CredentialField = 'accessKeyId' | 'secretAccessKey' | 'sessionToken';

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

/** How a front names the fields: `typed` (a form, a prompt, a file) or `env` (the AWS_* variables). */
export type CredentialWording = 'typed' | 'env';

const WORDS: Readonly<Record<CredentialWording, Readonly<Record<'badId' | 'emptySecret' | 'spaceSecret' | 'noToken' | 'spaceToken', string>>>> = {
  typed: {
    badId: 'The access key id is not well formed.',
    emptySecret: 'The secret access key is empty.',
    spaceSecret: 'The secret access key holds a space or a line break.',
    noToken: 'This is a temporary key (ASIA…) but no session token was given.',
    spaceToken: 'The session token holds a space or a line break.',
  },
  env: {
    badId: 'AWS_ACCESS_KEY_ID is not an access key id.',
    emptySecret: 'AWS_SECRET_ACCESS_KEY is empty.',
    spaceSecret: 'AWS_SECRET_ACCESS_KEY holds a space or a line break.',
    noToken: 'This is a temporary key (ASIA…) but AWS_SESSION_TOKEN is not set.',
    spaceToken: 'AWS_SESSION_TOKEN holds a space or a line break.',
  },
};

/** What is wrong with a credential as given (already trimmed), first problem first; [] when it may be sent. */
export function credentialProblems(c: CredentialText, wording: CredentialWording = 'typed'): CredentialProblem[] {
  const w = WORDS[wording];
  const problems: CredentialProblem[] = [];
  if (!ACCESS_KEY_ID_PATTERN.test(c.accessKeyId)) {
    problems.push({ field: 'accessKeyId', message: w.badId, hint: 'An access key id is 16 to 128 upper-case letters and digits, such as AKIA… or ASIA….' });
  }
  if (c.secretAccessKey === '') problems.push({ field: 'secretAccessKey', message: w.emptySecret, hint: 'Paste the secret again: 40 characters, no spaces.' });
  else if (/\s/.test(c.secretAccessKey)) problems.push({ field: 'secretAccessKey', message: w.spaceSecret, hint: 'Paste the secret again: 40 characters, no spaces.' });
  if (c.accessKeyId.startsWith('ASIA') && !c.sessionToken) {
    problems.push({ field: 'sessionToken', message: w.noToken, hint: 'Temporary keys only work with their session token: give it too.' });
  } else if (c.sessionToken !== undefined && /\s/.test(c.sessionToken)) {
    problems.push({ field: 'sessionToken', message: w.spaceToken, hint: 'Paste the session token again, in one piece.' });
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

/** As-you-type words for a key id still being typed or pasted, before the rule's own refusal. */
function keyIdHint(id: string): string | null {
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
  const problems = credentialProblems(c, 'typed');
  const problem = (field: CredentialField) => problems.find((p) => p.field === field) ?? null;
  const id = c.accessKeyId === '' ? null : (keyIdHint(c.accessKeyId) ?? problem('accessKeyId')?.message ?? null);
  const secretProblem = c.secretAccessKey === '' ? null : (problem('secretAccessKey')?.message ?? null);
  const tokenProblem = problem('sessionToken');
  return {
    accessKeyId: id,
    secretAccessKey: secretProblem ?? (c.secretAccessKey !== '' && c.secretAccessKey.length !== 40 ? `Secret access keys are usually 40 characters; this one has ${c.secretAccessKey.length}.` : null),
    sessionToken: tokenProblem === null ? null : c.sessionToken ? tokenProblem.message : 'Temporary keys only work with their session token.',
    ready: c.accessKeyId !== '' && c.secretAccessKey !== '' && id === null && problems.length === 0,
  };
}
