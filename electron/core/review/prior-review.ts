/**
 * An earlier review read back for comparison (the previous saved review, or --baseline FILE): its time and, of each
 * finding, what comparison needs and "Resolved" lists (PriorFinding). A file is read a piece at a time and each
 * finding parsed alone (json-walk.ts), keeping only those fields: a review of 100,000 users is 254 MB of JSON, which
 * held whole as text and as a parsed tree would cost more than a GiB beside the new review's own findings.
 *
 * Chosen over two others. A compact file of ids and "Resolved" fields kept beside each saved review would be a
 * second file to keep in step with the first (a crash or a full disk between the two, a review copied without it),
 * and would not help --baseline FILE or reviews saved before it. A streaming parser from npm (stream-json) reads
 * through Node streams, so every caller here, all synchronous (the review worker's steps too), would turn
 * asynchronous; and it builds each value from tokens in JavaScript, where JSON.parse on each finding is native.
 */
import { MIB, readBoundedPieces, type BoundedReadError } from '../aws/read-bounded.js';
import { err, ok, type Result } from '../../../shared/result.js';
import type { FindingResource, PriorFinding } from './finding.js';
import { idKeyFingerprint } from './finding-id.js';
import { ID_KEY_FILE } from './store.js';
import { walkJson, type JsonWalkProblem, type JsonWalkVisitor } from './json-walk.js';

/**
 * The largest earlier review read: some 800,000 findings at 1.3 KB each, four times a review of 100,000 users
 * (254 MB). Past it the file is not a review keyscope could have written on a machine of a few GiB.
 */
const MAX_REVIEW_BYTES = 1024 * MIB;
/** The longest single finding (or other member) read: keyscope's are about 1.3 KB. */
const MAX_VALUE_CHARS = 16 * MIB;
/**
 * The most findings read, as the file's size alone does not bound what is held: each finding kept costs about 300
 * bytes (measured), and a GiB of the smallest (`{"Id": …, "Check": "c"}`, 45 bytes) would be 24 million of them,
 * some 7 GB, past Node's heap (4.3 GB here): the process would end. A million is five reviews of 100,000 users.
 */
const MAX_FINDINGS = 1_000_000;

/** What an earlier review gives a comparison. */
export interface PriorReview {
  readonly generatedAt: string | null;
  /** The fingerprint of the id key its finding ids were made with; null in reviews written before it was recorded. */
  readonly idKeyFingerprint: string | null;
  readonly findings: PriorFinding[];
}

/** Why an earlier review cannot serve as previous review or baseline. */
export interface PriorProblem {
  readonly kind: 'baseline';
  readonly message: string;
  readonly hint: string;
}

/** Why an earlier review's file cannot: it could not be read (`error.detail` completes a sentence naming it), or as above. */
export type PriorFileProblem = PriorProblem | { readonly kind: 'file'; readonly error: BoundedReadError };

/** Which findings to keep. */
export interface PriorOptions {
  /** Only those not muted when that review ran (the profile list's count). */
  readonly unmutedOnly?: boolean;
}

const HINT = 'Use a review keyscope wrote with --output json (or one saved under KEYSCOPE_HOME/reviews/).';
const problem = (message: string): PriorProblem => ({ kind: 'baseline', message, hint: HINT });
const str = (v: unknown): v is string => typeof v === 'string';
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function resourceOf(v: unknown): FindingResource {
  const r = (v ?? {}) as Record<string, unknown>;
  return { Account: strOrNull(r.Account), User: strOrNull(r.User), AccessKeyId: strOrNull(r.AccessKeyId), Profile: strOrNull(r.Profile), ...(str(r.KeySlot) ? { KeySlot: r.KeySlot } : {}) };
}

function walkProblem(p: JsonWalkProblem): PriorProblem {
  if (p.kind === 'not-json') return problem('The earlier review is not JSON.');
  if (p.kind === 'not-object') return problem('The earlier review has no "Findings" list.');
  const where = p.key === null ? '' : p.index === null ? ` ("${p.key.slice(0, 64)}")` : ` (item ${p.index + 1} of "${p.key.slice(0, 64)}")`;
  return problem(`The earlier review holds a value longer than ${MAX_VALUE_CHARS / MIB} MiB${where}: keyscope writes none.`);
}

/** A reading of a review's JSON: the walk's visitor, and the review once the walk has ended (or its first member). */
function priorReader(options: PriorOptions, stopAfterReview = false): { visitor: JsonWalkVisitor; done: (walk: JsonWalkProblem | null) => Result<PriorReview, PriorProblem> } {
  let generatedAt: string | null = null;
  let idKeyFingerprint: string | null = null;
  // As JSON.parse reads a repeated member, the last "Findings" counts; null while there is none (or it is no list).
  let findings: PriorFinding[] | null = null;
  // Findings that review carried forward, unreviewed (compare.ts): compared with as its own findings are.
  let carried: PriorFinding[] = [];
  let bad: PriorProblem | null = null;
  const listOf = (key: string | null): PriorFinding[] | null => (key === 'Findings' ? findings : key === 'NotReviewed' && !options.unmutedOnly ? carried : null);
  const visitor: JsonWalkVisitor = {
    member: (key, value) => {
      if (key === 'Review') {
        const review = value as { GeneratedAt?: unknown; IdKeyFingerprint?: unknown } | null;
        generatedAt = strOrNull(review?.GeneratedAt);
        idKeyFingerprint = strOrNull(review?.IdKeyFingerprint);
      }
      if (key === 'Findings') findings = null;
      if (key === 'NotReviewed') carried = [];
      return !stopAfterReview;
    },
    array: (key) => {
      if (key === 'Findings') findings = [];
      if (key === 'NotReviewed') carried = [];
      if (key === 'Review') {
        generatedAt = null;
        idKeyFingerprint = null;
      }
      return !stopAfterReview;
    },
    element: (key, raw, i) => {
      const list = listOf(key);
      if (list === null) return true;
      const f = (raw ?? {}) as Record<string, unknown>;
      if (!str(f.Id) || !/^[0-9a-f]{32}$/.test(f.Id) || !str(f.Check)) {
        bad = problem(`Finding ${i + 1} of the earlier review${key === 'Findings' ? '' : '\'s "NotReviewed"'} has no valid Id or Check.`);
        return false;
      }
      // Counted in each list as it is read, and across both: what is held is bounded as it grows.
      if (i >= MAX_FINDINGS || (findings?.length ?? 0) + carried.length >= MAX_FINDINGS) {
        bad = problem(`The earlier review has more than ${MAX_FINDINGS.toLocaleString('en-US')} findings, more than keyscope compares with.`);
        return false;
      }
      if (options.unmutedOnly && (f.Muted ?? null) !== null) return true;
      list.push({ Id: f.Id, Check: f.Check, Severity: strOrNull(f.Severity) ?? 'info', Title: strOrNull(f.Title) ?? f.Check, Resource: resourceOf(f.Resource), DataAsOf: strOrNull(f.DataAsOf) ?? '', ...(str(f.Source) ? { Source: f.Source } : {}) });
      return true;
    },
  };
  const done = (walk: JsonWalkProblem | null): Result<PriorReview, PriorProblem> => {
    if (bad) return err(bad);
    if (walk) return err(walkProblem(walk));
    if (stopAfterReview) return ok({ generatedAt, idKeyFingerprint, findings: [] });
    if (findings === null) return err(problem('The earlier review has no "Findings" list.'));
    return ok({ generatedAt, idKeyFingerprint, findings: carried.length === 0 ? findings : [...findings, ...carried] });
  };
  return { visitor, done };
}

/**
 * Why an earlier review made with another id key cannot be compared with (null when it can): its finding ids are
 * keyed by another home's reviews/.id-key, so none would match. One that names no key (written before keyscope
 * recorded it) is compared with as before.
 */
export function otherIdKey(prior: PriorReview, idKey: string): PriorProblem | null {
  if (prior.idKeyFingerprint === null || prior.idKeyFingerprint === idKeyFingerprint(idKey)) return null;
  return {
    kind: 'baseline',
    message: `it was made in another keyscope home (or before its finding-id key was replaced): its finding ids are keyed by another reviews/${ID_KEY_FILE}, so none could match, and every finding would show both new and resolved.`,
    hint: `Run the review with the KEYSCOPE_HOME that wrote it, or copy that home's reviews/${ID_KEY_FILE} into this one's (finding ids then follow it); in CI, keep reviews/${ID_KEY_FILE} between runs.`,
  };
}

/** Reads the findings of a JSON review (format-json.ts) for comparison. */
export function readPriorReview(text: string, options: PriorOptions = {}): Result<PriorReview, PriorProblem> {
  const { visitor, done } = priorReader(options);
  const walk = walkJson(visitor, MAX_VALUE_CHARS);
  walk.write(text);
  return done(walk.end());
}

function readFile(path: string, options: PriorOptions, stopAfterReview: boolean): Result<PriorReview, PriorFileProblem> {
  const { visitor, done } = priorReader(options, stopAfterReview);
  const walk = walkJson(visitor, MAX_VALUE_CHARS);
  const read = readBoundedPieces(path, MAX_REVIEW_BYTES, walk.write);
  if (!read.ok) return err({ kind: 'file', error: read.error });
  return done(walk.end());
}

/** Reads the findings of the JSON review in the file `path`, a piece at a time; at most MAX_REVIEW_BYTES. */
export function readPriorReviewFile(path: string, options: PriorOptions = {}): Result<PriorReview, PriorFileProblem> {
  return readFile(path, options, false);
}

/** The time of the review in the file `path`, from its first member alone (keyscope writes "Review" first); null if none. */
export function priorReviewTime(path: string): string | null {
  const read = readFile(path, {}, true);
  return read.ok ? read.value.generatedAt : null;
}
