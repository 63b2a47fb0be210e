/**
 * The app's review at scale, measured (not a test: timings on a shared machine are no pass/fail): a credential report
 * of N users (two findings each) reviewed through the handlers with the real worker bundle, as `keyscope ui` runs it.
 *
 *   npm run build && npx esbuild scripts/bench/review-scale.ts --bundle --platform=node --external:@napi-rs/keyring \
 *     --outfile=/tmp/review-scale.js && NODE_PATH=node_modules node --expose-gc /tmp/review-scale.js 100000
 *
 * Prints one JSON line: the longest time the main process's event loop was held (a 1 ms timer's longest gap) while
 * the review ran, and from the worker's last progress line to review:done (the result coming back and being sent);
 * the review:done payload as the browser UI sends it (JSON characters) and as Electron does (v8 structured-clone
 * bytes), with the time main spends making each; what the page asks after (a page of findings, a finding, Mute…, an
 * export) with each answer's size and time; and main's heap at the end.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { createTransport } from '../../electron/core/aws/transport.js';
import { KeychainStore } from '../../electron/core/vault/keychain-store.js';
import { ProfileStore } from '../../electron/core/vault/profiles.js';
import { Vault } from '../../electron/core/vault/vault.js';
import { createHandlers } from '../../electron/handlers/handlers.js';

const users = Number(process.argv[2] ?? 100_000);
// Run from the checkout, after `npm run build`: the worker is the one the app ships (out/main/review-worker.js).
const AS_OF = '2025-06-30T00:00:00Z';
const header = readFileSync('test-vectors/credential-reports/thresholds.csv', 'utf8').split('\n')[0] as string;
const rows = Array.from({ length: users }, (_, i) => `u${i},arn:aws:iam::111122223333:user/u${i},2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-03-02T00:00:00+00:00,2025-05-01T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`);
const report = [header, ...rows, ''].join('\n');

const ms = (t0: number) => Math.round(performance.now() - t0);
const timed = async <T>(f: () => Promise<T> | T): Promise<{ value: T; ms: number }> => {
  const t0 = performance.now();
  const value = await f();
  return { value, ms: ms(t0) };
};
const sizes = (v: unknown) => {
  const j = timed(() => JSON.stringify(v));
  const s = timed(() => serialize(v));
  return Promise.all([j, s]).then(([json, clone]) => ({ jsonChars: json.value.length, jsonMs: json.ms, cloneBytes: clone.value.length, cloneMs: clone.ms }));
};

async function main() {
  const home = mkdtempSync(join(tmpdir(), 'keyscope-review-scale-'));
  const t = createTransport({ env: {} });
  if (!t.ok) throw new Error('transport');
  // The loop's gaps: a 1 ms timer, its longest wait past 1 ms, and when.
  let last = performance.now();
  let longest = { ms: 0, at: 0 };
  const gaps: Array<{ at: number; ms: number }> = [];
  const tick = setInterval(() => {
    const now = performance.now();
    const gap = now - last - 1;
    if (gap > longest.ms) longest = { ms: gap, at: now };
    if (gap > 50) gaps.push({ at: Math.round(now), ms: Math.round(gap) });
    last = now;
  }, 1);
  const marks: Record<string, number> = {};
  let donePayload: unknown = null;
  const handlers = createHandlers({
    vault: new Vault(new ProfileStore(home), new KeychainStore()),
    env: { HOME: '/nonexistent' },
    transport: t.value,
    reviewWorker: join(process.cwd(), 'out/main/review-worker.js'),
    // As the browser UI's server sends an event (server.ts): the payload as one JSON line, in this turn.
    emit: (event, payload) => {
      if (event === 'review:progress') marks[(payload as { message: string }).message] = performance.now();
      if (event !== 'review:done') return;
      const sent = JSON.stringify(payload);
      marks.done = performance.now();
      marks.sentChars = sent.length;
      donePayload = payload;
    },
  });
  const imported = await handlers['review:import-report']({ name: 'large.csv', text: report });
  if (!imported.ok) throw new Error(imported.error.message);
  const start = performance.now();
  longest = { ms: 0, at: 0 };
  const started = await handlers['review:run']({ offline: true, importedReports: [imported.value.handle], asOf: AS_OF });
  if (!started.ok) throw new Error(started.error.message);
  while (marks.done === undefined) await new Promise((r) => setTimeout(r, 5));
  const saving = marks['Saving the review for the next comparison…'] ?? start;
  const heldWhileRunning = { ...longest };
  const handoffGaps = gaps.filter((g) => g.at >= saving);
  const done = donePayload as { review: Record<string, unknown> & { reviewId: string } };
  const out: Record<string, unknown> = {
    users,
    reviewMs: Math.round(marks.done - start),
    longestHeldMs: Math.round(heldWhileRunning.ms),
    longestHeldAtMsAfterStart: Math.round(heldWhileRunning.at - start),
    savingToDoneMs: Math.round(marks.done - saving),
    handoffGapsMs: handoffGaps.map((g) => g.ms),
    gapsMs: gaps.map((g) => `${g.ms} at ${Math.round(g.at - start)}`),
    done: { ...(await sizes(donePayload)), keys: Object.keys(done.review) },
  };

  const h = handlers as unknown as Record<string, (req: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>>;
  // Each answer: how long it took, the longest the loop was held meanwhile, and its size as sent.
  const answer = async (channel: string, req: unknown) => {
    longest = { ms: 0, at: 0 };
    last = performance.now();
    const r = await timed(() => h[channel]?.(req) ?? Promise.reject(new Error(`no ${channel}`)));
    await new Promise((resolve) => setTimeout(resolve, 20)); // the timer's turn after a handler that held the loop
    const heldMs = Math.round(longest.ms);
    if (!r.value.ok) throw new Error(`${channel}: ${r.value.error?.message}`);
    return { value: r.value.value, ms: r.ms, heldMs, ...(await sizes(r.value.value)) };
  };
  // A finding to mute: the first listed (from review:done, or from a page of findings where the review no longer carries them).
  const listed = Array.isArray(done.review.findings) ? (done.review.findings as Array<{ Id: string }>) : null;
  if (h['review:findings']) {
    const first = await answer('review:findings', { reviewId: done.review.reviewId, sort: 'severity', offset: 0, limit: 500 });
    out.firstPage = { ms: first.ms, heldMs: first.heldMs, jsonChars: first.jsonChars };
    const page = await answer('review:findings', { reviewId: done.review.reviewId, sort: 'resource', offset: 0, limit: 500 });
    out.resourcePage = { ms: page.ms, heldMs: page.heldMs, jsonChars: page.jsonChars };
    const again = await answer('review:findings', { reviewId: done.review.reviewId, sort: 'resource', check: 'access-key-unused', offset: 500, limit: 500 });
    out.resourcePageAgain = { ms: again.ms, heldMs: again.heldMs, jsonChars: again.jsonChars };
      const found = await answer('review:finding', { reviewId: done.review.reviewId, findingId: (page.value as { findings: Array<{ Id: string }> }).findings[0]?.Id });
    out.finding = { ms: found.ms, heldMs: found.heldMs, jsonChars: found.jsonChars };
  }
  const firstId = listed?.[0]?.Id ?? ((await h['review:findings']?.({ reviewId: done.review.reviewId, sort: 'severity', offset: 0, limit: 1 }))?.value as { findings: Array<{ Id: string }> }).findings[0]?.Id;
  const muted = await answer('review:mute', { reviewId: done.review.reviewId, findingId: firstId, scope: 'check', reason: 'measured' });
  out.mute = { ms: muted.ms, heldMs: muted.heldMs, jsonChars: muted.jsonChars, cloneBytes: muted.cloneBytes };
  const exported = await answer('review:export', { reviewId: done.review.reviewId, format: 'json' });
  out.exportJson = { ms: exported.ms, heldMs: exported.heldMs, jsonChars: exported.jsonChars };
  clearInterval(tick);
  donePayload = null;
  globalThis.gc?.();
  out.mainHeapMB = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  out.mainRssMB = Math.round(process.memoryUsage().rss / 2 ** 20);
  writeFileSync(1, `${JSON.stringify(out)}\n`);
  t.value.close();
  process.exit(0);
}

void main();
