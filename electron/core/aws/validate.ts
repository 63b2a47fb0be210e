/** Parameter checks against the services' documented limits, made before anything is sent. */
import { inputFailure, type InputFailure } from '../../../shared/failure.js';

export interface Rule {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  /** Says in words what the pattern allows. */
  readonly allowed?: string;
  readonly required?: boolean;
}

/** Checks one string parameter; undefined passes unless required. */
export function checkString(name: string, value: string | undefined, rule: Rule): InputFailure | undefined {
  if (value === undefined) {
    return rule.required ? inputFailure(name, `${name} is required.`, `Give a value for ${name}.`) : undefined;
  }
  const length = [...value].length;
  if (rule.min !== undefined && length < rule.min) {
    return inputFailure(name, `${name} is too short: ${length} character${length === 1 ? '' : 's'}, at least ${rule.min} needed.`, `Give ${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name} of ${rule.min} to ${rule.max ?? 'any number of'} characters.`);
  }
  if (rule.max !== undefined && length > rule.max) {
    return inputFailure(name, `${name} is too long: ${length} characters, at most ${rule.max} allowed.`, `Shorten ${name} to ${rule.max} characters or fewer.`);
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    // A value read from a file (`echo ARN > f`, then file://f) keeps the file's last line break, as the AWS CLI keeps it.
    const trimmed = value.replace(/\r?\n$/, '');
    if (trimmed !== value && rule.pattern.test(trimmed)) {
      return inputFailure(name, `${name} ends in a line break, which it may not hold (a file read with file:// keeps its last line break, as the AWS CLI does).`, `Write the file without it (printf '%s' VALUE > FILE, or echo -n), or give the value itself.`);
    }
    return inputFailure(name, `${name} has characters that are not allowed.`, `${name} may hold ${rule.allowed ?? 'only the documented characters'}.`);
  }
  return undefined;
}

/** Checks a duration in seconds against a range. */
export function checkDuration(name: string, value: number | undefined, min: number, max: number): InputFailure | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    return inputFailure(name, `${name} must be a whole number of seconds from ${min} to ${max}; got ${value}.`, `Pick a ${name} between ${min} (${min / 60} minutes) and ${max} (${max / 3600} hours).`);
  }
  return undefined;
}

/** Checks that a policy is JSON and within the documented length and character set. */
export function checkPolicy(name: string, value: string | undefined): InputFailure | undefined {
  const shape = checkString(name, value, {
    min: 1,
    max: 2048,
    // The STS API reference: tab, line feed, carriage return and U+0020 to U+00FF.
    // eslint-disable-next-line no-control-regex -- the documented pattern names these control characters
    pattern: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/,
    allowed: 'printable characters from U+0020 to U+00FF, tabs and line breaks',
  });
  if (shape || value === undefined) return shape;
  try {
    JSON.parse(value);
  } catch (e) {
    return inputFailure(name, `${name} is not valid JSON: ${jsonComplaint(e)}.`, `Fix the JSON of ${name}; a policy looks like {"Version":"2012-10-17","Statement":[…]}.`);
  }
  return undefined;
}

/**
 * What JSON.parse found wrong, without the excerpt of the text V8 quotes ('Unexpected token 'w', "{"a": wJalrXUtnF"...
 * is not valid JSON'): ten characters of what may be a secret pasted in the wrong place.
 */
export function jsonComplaint(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');
}

/** Returns the first failure of a list of checks. */
export function firstFailure(...checks: Array<InputFailure | undefined>): InputFailure | undefined {
  return checks.find((c) => c !== undefined);
}

let tagPattern: RegExp | undefined;

/** Patterns from the STS and IAM API references. */
export const PATTERNS = {
  sessionName: { pattern: /^[\w+=,.@-]*$/, allowed: 'letters, digits and _+=,.@-' },
  externalId: { pattern: /^[\w+=,.@:/-]*$/, allowed: 'letters, digits and _+=,.@:/-' },
  serialNumber: { pattern: /^[\w+=/:,.@-]*$/, allowed: 'letters, digits and _+=/:,.@-' },
  tokenCode: { pattern: /^\d{6}$/, allowed: 'exactly six digits' },
  // Built when first asked for (a spread of PATTERNS.tag reads it): creating a pattern of Unicode classes looks them up
  // at once, ~1.5 ms of every cold start, and only tag parameters need it.
  tag: {
    get pattern(): RegExp {
      tagPattern ??= new RegExp('^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$', 'u');
      return tagPattern;
    },
    allowed: 'letters, digits, spaces and _.:/=+-@',
  },
  // Encoded authorization messages are base64 or base64url text; a line break inside means a bad paste.
  encodedMessage: { pattern: /^[A-Za-z0-9+/_=-]*$/, allowed: 'base64 characters only (letters, digits, + / - _ =), with no spaces or line breaks' },
  roleArn: { pattern: /^arn:[\w-]+:iam::\d{12}:role\/[\w+=,.@/-]+$/, allowed: 'a role ARN such as arn:aws:iam::123456789012:role/Name' },
  arn: { pattern: /^arn:[\w-]+:[\w-]*:[\w-]*:[\w-]*:.+$/, allowed: 'an ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess' },
} as const;
