/** Parameter values as the AWS CLI takes them: file:// prefixes, JSON lists, and the shorthand Key=a,Value=b. */
import { MIB, readBoundedFile } from '../core/aws/read-bounded.js';
import { jsonComplaint } from '../core/aws/validate.js';
import { expandVariables } from '../core/vault/aws-files.js';
import { UsageError } from './io.js';

/** UTF-8 takes at most 4 bytes a character: a file longer than 4 × the parameter's limit cannot fit it. */
const BYTES_PER_CHAR = 4;

/**
 * A file:// path as the AWS CLI reads it (expanduser, then expandvars): `~` alone or before a slash is HOME, and
 * `$NAME` or `${NAME}` a variable's value; a variable that is not set stays as written.
 */
function expandPath(path: string, env: Readonly<Record<string, string | undefined>>): string {
  const home = env.HOME;
  const expanded = home && (path === '~' || path.startsWith('~/')) ? `${home}${path.slice(1)}` : path;
  return expandVariables(expanded, env);
}

/**
 * Reads `file://path` values (only regular files, at most what the parameter can hold: `maxChars` characters, else
 * 1 MiB; the path expanded with `env` as the AWS CLI expands it); other values pass unchanged.
 */
export function paramValue(flag: string, value: string | undefined, maxChars: number | undefined, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (value === undefined || !value.startsWith('file://')) return value;
  const file = expandPath(value.slice('file://'.length), env);
  const read = readBoundedFile(file, maxChars === undefined ? MIB : maxChars * BYTES_PER_CHAR);
  if (read.ok) return read.value;
  const limit = maxChars === undefined ? '' : ` (${flag} takes at most ${maxChars} characters)`;
  throw new UsageError(`${flag}: the file ${file} ${read.error.detail}${read.error.reason === 'too-large' ? limit : ''}.`, 'Give file:// the path of a regular file that holds the value.');
}

/** Parses an integer flag. */
export function intValue(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} must be a whole number; got "${value}".`);
  return Number(value);
}

/**
 * One shorthand item, `Name=value,Name=value`, as the AWS CLI's shorthand reads values: one in quotes ("…" or '…',
 * with \" or \' and \\ inside) is what they hold, commas included; an unquoted one ends at a comma that is not
 * written \, and loses trailing spaces.
 */
function shorthand(flag: string, item: string, index: number): Record<string, string> {
  const out: Record<string, string> = {};
  let rest = item;
  for (;;) {
    const i = rest.indexOf('=');
    const name = i > 0 ? rest.slice(0, i) : '';
    if (i <= 0 || name.includes(',')) throw new UsageError(`${flag}: "${item}" is not in the form Name=value,Name=value.`, `Write ${flag} as shorthand (Key=a,Value=b) or as JSON.`);
    const value = rest.slice(i + 1);
    const quote = value[0];
    let end: number; // where the value ends in `value`: its end, or the comma after it
    if (quote === '"' || quote === "'") {
      const quoted = new RegExp(`^${quote}((?:\\\\.|[^${quote}\\\\])*)${quote}`, 's').exec(value);
      end = quoted ? quoted[0].length : -1;
      if (!quoted || (end < value.length && value[end] !== ',')) throw new UsageError(`${flag} item ${index + 1} has a quoted value that is not closed, or more after its closing quote.`, `Close the quote before the next comma, or write ${flag} as JSON.`);
      out[name] = (quoted[1] as string).replace(new RegExp(`\\\\([${quote}\\\\])`, 'g'), '$1');
    } else {
      const unquoted = /^(?:\\,|[^,])*/.exec(value)?.[0] ?? '';
      end = unquoted.length;
      out[name] = unquoted.replace(/\\,/g, ',').trimEnd();
    }
    if (end >= value.length) return out;
    rest = value.slice(end + 1); // past the comma: another Name=value must follow
  }
}

/** What a JSON value is, in words: a message says it without quoting the value, which may be a secret. */
export function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return typeof value === 'object' ? 'an object' : 'text';
}

/**
 * A list of structures: JSON (`[{"Key":"a","Value":"b"}]`, a file:// value already read) or shorthand items. Members
 * keep their JSON values, for the caller to check (shorthand gives text only).
 */
export function structList(flag: string, values: readonly string[] | undefined): Array<Record<string, unknown>> | undefined {
  if (!values || values.length === 0) return undefined;
  const first = values[0] as string;
  if (values.length === 1 && first.trim().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(first) as unknown;
      if (!Array.isArray(parsed)) throw new Error('a list of objects is needed');
    } catch (e) {
      throw new UsageError(`${flag} is not valid JSON: ${jsonComplaint(e)}.`);
    }
    return parsed.map((item: unknown, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new UsageError(`${flag} item ${i + 1} is ${jsonKind(item)}, not an object.`);
      return item as Record<string, unknown>;
    });
  }
  return values.map((v, i) => shorthand(flag, v, i));
}
