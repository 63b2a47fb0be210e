/** An earlier review read back from its file a piece at a time gives what reading its whole text gives. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReviewFinding } from './finding.js';
import { formatJson } from './format-json.js';
import { priorReviewTime, readPriorReview, readPriorReviewFile } from './prior-review.js';
import { runReview } from './report.js';
import { parseCredentialReport } from './credential-report.js';
import { AS_OF, ID_KEY, readReport } from './test-kit.js';

const dir = mkdtempSync(join(tmpdir(), 'keyscope-prior-review-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function review() {
  const r = parseCredentialReport(readReport('thresholds.csv'), { label: 'report.csv', dataAsOf: AS_OF });
  if (!r.ok) throw new Error(r.error.message);
  return runReview({ sources: [r.value], idKey: ID_KEY, generatedAt: AS_OF, offline: true });
}

/** A review of `n` findings named in characters of two, three and four bytes, every third one muted. */
function wide(n: number) {
  const base = review();
  const model = base.findings[0] as ReviewFinding;
  const findings = Array.from({ length: n }, (_, i): ReviewFinding => ({ ...model, Id: i.toString(16).padStart(32, '0'), Title: `é€😀 ${'ü'.repeat(i % 7)}`, Resource: { ...model.Resource, Profile: `prøfile-€-${i}` }, Muted: i % 3 === 0 ? { Reason: 'accepted', Expires: null } : null }));
  return { ...base, findings };
}

describe('readPriorReviewFile', () => {
  it('reads a 2.5 MB review in pieces (characters cut between them kept whole) as reading its text gives it', () => {
    const text = formatJson(wide(2000), { unmask: true });
    const path = join(dir, 'wide.json');
    writeFileSync(path, text);
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 1024 * 1024); // more than two pieces
    const whole = readPriorReview(text);
    expect(whole.ok && whole.value.findings).toHaveLength(2000);
    expect(readPriorReviewFile(path)).toEqual(whole);
    expect(whole.ok && whole.value.findings[1999]?.Resource.Profile).toBe('prøfile-€-1999');
  });

  it('keeps only the findings not muted then, when asked (the profile list counts those)', () => {
    const path = join(dir, 'muted.json');
    writeFileSync(path, formatJson(wide(30), { unmask: true }));
    const read = readPriorReviewFile(path, { unmutedOnly: true });
    expect(read.ok && read.value.findings.map((f) => parseInt(f.Id, 16))).toEqual(Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 3 !== 0));
  });

  it('refuses what the text reader refuses, and says why a file cannot be read', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"Findings": [{"Id": "x"}]}');
    expect(readPriorReviewFile(path)).toEqual({ ok: false, error: { kind: 'baseline', message: 'Finding 1 of the earlier review has no valid Id or Check.', hint: expect.any(String) } });
    writeFileSync(path, formatJson(review(), { unmask: true }).slice(0, -10));
    expect(readPriorReviewFile(path)).toMatchObject({ ok: false, error: { message: 'The earlier review is not JSON.' } });
    expect(readPriorReviewFile(join(dir, 'none.json'))).toEqual({ ok: false, error: { kind: 'file', error: { reason: 'not-found', code: 'ENOENT', detail: 'does not exist' } } });
    expect(readPriorReviewFile(dir)).toMatchObject({ ok: false, error: { kind: 'file', error: { reason: 'not-regular' } } });
  });
});

describe('the bounds of an earlier review', () => {
  it('refuses one of more than 1,000,000 findings (a GiB of the smallest would need gigabytes held, and end the process)', () => {
    const one = `{"Id": "${'a'.repeat(32)}", "Check": "c"}`;
    const text = (n: number) => `{"Findings": [${`${one},`.repeat(n - 1)}${one}]}`;
    const most = readPriorReview(text(1_000_000));
    expect(most.ok && most.value.findings.length).toBe(1_000_000);
    expect(readPriorReview(text(1_000_001))).toEqual({ ok: false, error: { kind: 'baseline', message: 'The earlier review has more than 1,000,000 findings, more than keyscope compares with.', hint: expect.any(String) } });
  }, 20_000);

  it('counts the findings a review carried forward (NotReviewed) with its own, as they are held', () => {
    const one = `{"Id": "${'a'.repeat(32)}", "Check": "c"}`;
    const list = (n: number) => `[${`${one},`.repeat(n - 1)}${one}]`;
    const both = readPriorReview(`{"Findings": ${list(2)}, "NotReviewed": ${list(3)}}`);
    expect(both.ok && both.value.findings.length).toBe(5);
    expect(readPriorReview(`{"Findings": ${list(600_000)}, "NotReviewed": ${list(400_001)}}`)).toMatchObject({ ok: false, error: { message: 'The earlier review has more than 1,000,000 findings, more than keyscope compares with.' } });
  }, 20_000);
});

describe('priorReviewTime', () => {
  it('reads the time from the head of the file alone: what follows is not read', () => {
    const path = join(dir, 'head.json');
    const text = formatJson(review(), { unmask: true });
    writeFileSync(path, `${text.slice(0, text.indexOf('"Summary"'))} and then anything`);
    expect(priorReviewTime(path)).toBe(AS_OF);
    expect(priorReviewTime(join(dir, 'none.json'))).toBeNull();
    writeFileSync(path, '{"Findings": []}');
    expect(priorReviewTime(path)).toBeNull();
  });
});
