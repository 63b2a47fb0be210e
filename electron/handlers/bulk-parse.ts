/**
 * Reads what a person pasted or dropped into the bulk check: the IAM console's accessKeys.csv (or the user-creation
 * credentials.csv), credentials-file sections or AWS_* exports, the AWS CLI's JSON ("AccessKeyId": "…" members), or
 * lines of "key id, secret" (comma, tab, space, colon or semicolon between them, quotes around either tolerated,
 * Windows and old Mac line endings too). Pure: no I/O. Never quotes the text in what it says: it may hold secrets.
 */
import { ACCESS_KEY_ID_PATTERN, credentialProblems } from '../../shared/credential-rules.js';
import { inputFailure, type InputFailure } from '../../shared/failure.js';
import { err, ok, type Result } from '../../shared/result.js';
import type { Credentials } from '../core/aws/model.js';
import { scrubSecrets } from '../core/aws/scrub.js';
import { parseCsv } from '../core/review/csv.js';
import { NAME_PATTERN } from '../core/vault/store-doc.js';

/** At most this many pairs in one bulk check. */
export const BULK_LIMIT = 500;
/** How many lines not read are listed, before how many more: a paste of 1 MiB can hold some 350,000. */
const SKIPPED_SHOWN = 10;

/** One pair as read, with the line it came from and the credential rules' objection, if any. */
export interface BulkPair {
  readonly line: number;
  readonly credentials: Credentials;
  readonly name: string | undefined;
  readonly problem: string | null;
}

export interface BulkRead {
  readonly readAs: string;
  readonly pairs: readonly BulkPair[];
  readonly skipped: readonly string[];
}

const KEY_START = /^(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,}$/;
/** A JSON member holding a credential, as the AWS CLI prints it (create-access-key, export-credentials --format process). */
const JSON_MEMBER = /"(AccessKeyId|SecretAccessKey|SessionToken|aws_access_key_id|aws_secret_access_key|aws_session_token)"\s*:\s*"([^"]*)"/gi;
const unquote = (s: string) => s.trim().replace(/^(["'`‘’“”])(.*)(["'`‘’“”])$/s, '$2');

/** The pairs in `text`, what was skipped and why, or why nothing could be read. */
export function readBulkText(text: string): Result<BulkRead, InputFailure> {
  // Line ends as Windows (CRLF) and old Mac (CR) files write them: a CR alone joined two lines, the second pair read as the first's token.
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const first = body.split('\n').find((l) => l.trim() !== '') ?? '';
  const read = /access key id/i.test(first) && /secret access key/i.test(first) ? readConsoleCsv(body) : ok(readLines(body));
  if (!read.ok) return read;
  if (read.value.pairs.length === 0) {
    return err(inputFailure('text', 'No access key id and secret pair was found.', 'Paste one pair a line ("AKIA…, secret"), or choose the accessKeys.csv the IAM console downloads.'));
  }
  if (read.value.pairs.length > BULK_LIMIT) return err(inputFailure('text', `${read.value.pairs.length} pairs were found; a bulk check takes at most ${BULK_LIMIT}.`, 'Split the list and check it in parts.'));
  // The same pair twice is checked once: two checks of one key within seconds can disagree (DESIGN.md).
  const seen = new Map<string, number>();
  const skipped = [...read.value.skipped];
  const pairs = read.value.pairs.filter((p) => {
    const key = JSON.stringify([p.credentials.accessKeyId, p.credentials.secretAccessKey, p.credentials.sessionToken ?? null]);
    const earlier = seen.get(key);
    if (earlier !== undefined) skipped.push(`line ${p.line}: the same key id and secret as line ${earlier}`);
    else seen.set(key, p.line);
    return earlier === undefined;
  });
  const more = skipped.length - SKIPPED_SHOWN;
  const shown = more > 0 ? [...skipped.slice(0, SKIPPED_SHOWN), `and ${more.toLocaleString('en-US')} more line${more === 1 ? '' : 's'} not read`] : skipped;
  return ok({ ...read.value, skipped: shown, pairs: uniqueNames(pairs) });
}

function pair(line: number, accessKeyId: string, secretAccessKey: string, sessionToken: string | undefined, name: string | undefined): BulkPair {
  const credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  const [problem] = credentialProblems(credentials);
  return { line, credentials, name, problem: problem ? `${problem.message} ${problem.hint}` : null };
}

/** accessKeys.csv ("Access key ID,Secret access key") or credentials.csv (with "User name" first). */
function readConsoleCsv(text: string): Result<BulkRead, InputFailure> {
  const rows = parseCsv(text);
  if (!rows.ok) return err(inputFailure('text', `The CSV could not be read${rows.error.line ? ` at line ${rows.error.line}` : ''}: ${rows.error.message}.`, 'Choose the file the IAM console downloaded, unchanged.'));
  const [header = [], ...data] = rows.value;
  const col = (name: string) => header.findIndex((h) => h.trim().toLowerCase() === name);
  const [id, secret, user] = [col('access key id'), col('secret access key'), col('user name')];
  const pairs = data.map((r, i) => pair(i + 2, (r[id] ?? '').trim(), (r[secret] ?? '').trim(), undefined, user >= 0 ? r[user]?.trim() : undefined));
  return ok({ readAs: user >= 0 ? "the console's credentials.csv" : "the console's accessKeys.csv", pairs, skipped: [] });
}

/** Lines of pairs, credentials-file sections, or exports; a key id alone on a line may have its secret on the next. */
function readLines(text: string): BulkRead {
  const pairs: BulkPair[] = [];
  const skipped: string[] = [];
  let section: string | undefined;
  let named: { line: number; id?: string; secret?: string; token?: string } = { line: 0 };
  let pendingId: { line: number; id: string } | null = null;
  const flushNamed = () => {
    if (named.id && named.secret) pairs.push(pair(named.line, named.id, named.secret, named.token, section));
    else if (named.id) skipped.push(`line ${named.line}: a key id without its secret`);
    named = { line: 0 };
  };
  const setNamed = (n: number, key: string, v: string) => {
    const k = key.toLowerCase();
    if (k === 'aws_access_key_id' || k === 'accesskeyid') {
      if (named.id) flushNamed();
      named = { ...named, line: n, id: v };
    } else if (k === 'aws_secret_access_key' || k === 'secretaccesskey') named = { ...named, line: named.line || n, secret: v };
    else named = { ...named, token: v };
  };
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    const header = /^\[(?:profile\s+)?([^\]]+)\]$/.exec(line);
    const setting = /^(?:export\s+)?(aws_access_key_id|aws_secret_access_key|aws_session_token|aws_security_token)\s*[=:]\s*(.*)$/i.exec(line);
    if (header) {
      flushNamed();
      section = header[1]?.trim();
      return;
    }
    if (setting) {
      const [, key = '', value = ''] = setting;
      setNamed(n, key, unquote(value));
      return;
    }
    // The AWS CLI's JSON: its members are settings (the words were read as a pair: the label as the secret, the
    // secret as a session token); its other members and its braces are not lines to report.
    const members = [...line.matchAll(JSON_MEMBER)];
    if (members.length) return members.forEach(([, key = '', value = '']) => setNamed(n, key, value));
    if (line === '' || line.startsWith('#') || /^"[^"]*"\s*:/.test(line) || !/[A-Za-z0-9]/.test(line)) return;
    const tokens = line.split(/[\s,;:|]+/).map(unquote).filter((t) => t !== '');
    const at = tokens.findIndex((t) => KEY_START.test(t) || ACCESS_KEY_ID_PATTERN.test(t));
    if (at >= 0 && tokens[at + 1] !== undefined) {
      pendingId = null;
      // A word after the secret is a session token only for a temporary key: AWS refuses a long-term key sent with
      // one ("Active", a user name, a URL after it), and the key read as invalid.
      const id = tokens[at] as string;
      pairs.push(pair(n, id, tokens[at + 1] as string, id.startsWith('ASIA') ? tokens[at + 2] : undefined, undefined));
    } else if (at >= 0) {
      if (pendingId) skipped.push(`line ${pendingId.line}: a key id without its secret`);
      pendingId = { line: n, id: tokens[at] as string };
    } else if (pendingId && tokens.length === 1) {
      pairs.push(pair(pendingId.line, pendingId.id, tokens[0] as string, undefined, undefined));
      pendingId = null;
    } else if (!/access key|secret/i.test(line)) skipped.push(`line ${n}: no access key id`);
  });
  flushNamed();
  if (pendingId) skipped.push(`line ${(pendingId as { line: number }).line}: a key id without its secret`);
  return { readAs: 'the pasted text', pairs, skipped };
}

/** Names to save under, one per pair, unique in the list: the file's user or section, else key- and the id's end. */
function uniqueNames(pairs: readonly BulkPair[]): BulkPair[] {
  const used = new Set<string>();
  return pairs.map((p) => {
    // A section or user name shaped like a secret or a key id, or a secret where the key id goes (pasted in the wrong
    // place), is never part of the name sent to the page.
    const base = p.name !== undefined && scrubSecrets(p.name) === p.name ? p.name.replace(/[^\w.@+=,-]/g, '-').slice(0, 56) : '';
    const id = p.credentials.accessKeyId;
    let name = NAME_PATTERN.test(base) ? base : ACCESS_KEY_ID_PATTERN.test(id) ? `key-${id.slice(-6).toLowerCase()}` : 'key';
    for (let n = 2; used.has(name); n += 1) name = `${name.replace(/-\d+$/, '')}-${n}`;
    used.add(name);
    return { ...p, name };
  });
}
