/**
 * Key lists as a review source: key ids one per line (a leak scan's output), the console's accessKeys.csv
 * (`Access key ID,Secret access key`), or id/secret pairs. Every id is analysed offline (type, derived account,
 * canary, unexpected account). Secrets are dropped as each line is read: only their number is kept, and no message
 * quotes a line, since a line may hold one.
 */
import { err, ok, type Result } from '../../../../shared/result.js';
import { analyzeKeyId, type KeyType } from '../../keys/key-id.js';
import type { ReviewedKey, SourceData } from '../model.js';
import { splitKeyListLine } from '../../../../shared/key-list-line.js';

/** Why a key list cannot be used. */
export interface KeyListProblem {
  readonly kind: 'key-list';
  readonly message: string;
  readonly hint: string;
}

/** What was read besides the keys. */
export interface KeyListSummary {
  readonly ids: number;
  /** Lines that also held a secret (dropped). */
  readonly withSecret: number;
  readonly duplicates: number;
  readonly types: Readonly<Partial<Record<KeyType, number>>>;
}

const ID = /^[A-Z0-9]{16,128}$/;
const CONSOLE_HEADER = /^access key id\s*,\s*secret access key\s*$/i;
const HINT = 'Give key ids one per line, the console\'s accessKeys.csv, or "ID,SECRET" / "ID SECRET" pairs one per line.';

/** Parses a key list into a source; `dataAsOf` is the review's time (a list has no time of its own). */
export function parseKeyList(text: string, label: string, dataAsOf: string): Result<{ source: SourceData; summary: KeyListSummary }, KeyListProblem> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const seen = new Set<string>();
  const keys: ReviewedKey[] = [];
  const types: Partial<Record<KeyType, number>> = {};
  let withSecret = 0;
  let duplicates = 0;
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || (index === 0 && CONSOLE_HEADER.test(line))) continue;
    const { id, secret } = splitKeyListLine(line);
    if (!ID.test(id)) {
      return err({ kind: 'key-list', message: `Line ${index + 1} of ${label} does not start with a key id (16 to 128 upper-case letters and digits).`, hint: HINT });
    }
    if (secret) withSecret += 1;
    if (seen.has(id)) {
      duplicates += 1;
      continue;
    }
    seen.add(id);
    const type = analyzeKeyId(id).type;
    types[type] = (types[type] ?? 0) + 1;
    keys.push({ source: 'key-list', accessKeyId: id });
  }
  if (keys.length === 0) return err({ kind: 'key-list', message: `${label} holds no key ids.`, hint: HINT });
  return ok({ source: { kind: 'key-list', label, dataAsOf, asOfOrigin: 'the time of the review', keys }, summary: { ids: keys.length, withSecret, duplicates, types } });
}

/** An id with the secret that followed it on its line, for `--check` only: held in memory, never written or echoed. */
export interface KeyPair {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The id/secret pairs of a key list (lines without a secret are left out; the first pair of an id wins). */
export function keyPairsOf(text: string): KeyPair[] {
  const pairs = new Map<string, KeyPair>();
  for (const [index, raw] of text.replace(/^\uFEFF/, '').split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || (index === 0 && CONSOLE_HEADER.test(line))) continue;
    const m = /^"?([^\s,:;"]+)"?\s*[,:;\t ]\s*"?([^\s"]+)"?\s*$/.exec(line);
    if (m && ID.test(m[1] as string) && !pairs.has(m[1] as string)) pairs.set(m[1] as string, { accessKeyId: m[1] as string, secretAccessKey: m[2] as string });
  }
  return [...pairs.values()];
}
