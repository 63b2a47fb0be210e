/**
 * Bulk checks: the pairs a window sent once, held in main under a job id (the renderer never gets a secret back),
 * checked a few at a time with one result per `bulk:progress` event, then `bulk:done`; the ticked ones saved from
 * what main holds. One key id is never checked twice within 5 s, nor within 5 s of a recheck's check of it (the
 * context's one KeySpacing: AWS can answer a spurious SignatureDoesNotMatch to quick repeated checks of one key); a row
 * that waits for that is said to (`bulk:waiting`).
 */
import { profileRowView } from '../core/views.js';
import { randomUUID } from 'node:crypto';
import type { BulkSaveView, BulkStartView, CheckView } from '../../shared/model.js';
import { errorView } from '../../shared/model.js';
import { ACCESS_KEY_ID_PATTERN } from '../../shared/credential-rules.js';
import { inputFailure, type Failure } from '../../shared/failure.js';
import { err, ok, type Result } from '../../shared/result.js';
import { analyzeKeyId } from '../core/keys/key-id.js';
import { checkRecord, type ProfileMeta } from '../core/vault/profiles.js';
import { lastCheckedMs } from '../core/vault/recheck.js';
import { failedCheck, verifyCredential } from '../core/verify.js';
import { readBulkText, type BulkPair } from './bulk-parse.js';
import type { HandlerContext } from './handler-context.js';

/** Checks at once. */
const CONCURRENCY = 4;
/** Jobs held at once; the oldest are forgotten (with their secrets) first. */
const JOB_LIMIT = 5;

interface Job {
  readonly pairs: readonly BulkPair[];
  /** The profiles saved when it started, for when each key id was last checked. */
  readonly saved: readonly ProfileMeta[];
  readonly reports: Map<number, CheckView>;
  readonly controller: AbortController;
}

/** The bulk checks of one window's handlers. */
export class BulkJobs {
  private readonly jobs = new Map<string, Job>();
  constructor(private readonly context: HandlerContext) {}

  /** Reads `text`, holds its pairs and starts checking them; answers with the rows at once. */
  start(text: string): Result<BulkStartView, Failure> {
    const read = readBulkText(text);
    if (!read.ok) return read;
    const saved = this.context.deps.vault.list();
    if (!saved.ok) return saved;
    const jobId = randomUUID();
    const job: Job = { pairs: read.value.pairs, saved: saved.value, reports: new Map(), controller: new AbortController() };
    this.jobs.set(jobId, job);
    while (this.jobs.size > JOB_LIMIT) {
      const [oldest] = this.jobs.keys();
      this.jobs.get(oldest as string)?.controller.abort();
      this.jobs.delete(oldest as string);
    }
    const rows = read.value.pairs.map((p, index) => {
      const key = analyzeKeyId(p.credentials.accessKeyId);
      // What is not a key id may be a secret pasted in its place: none of it is shown, not even its ends.
      const maskedKeyId = ACCESS_KEY_ID_PATTERN.test(p.credentials.accessKeyId) ? key.masked : 'not a key id';
      return { index, line: p.line, maskedKeyId, keyType: key.type, problem: p.problem, savedAs: saved.value.find((s) => s.accessKeyId === p.credentials.accessKeyId)?.name ?? null, suggestedName: p.name ?? '' };
    });
    this.run(jobId, job).catch(() => this.context.emit('bulk:done', { jobId, checked: job.reports.size, cancelled: true }));
    return ok({ jobId, rows, skipped: read.value.skipped, readAs: read.value.readAs });
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    job?.controller.abort();
    return Boolean(job);
  }

  /** Saves each row given a name, from the pairs held, with its check if it had one. */
  async save(jobId: string, names: readonly string[]): Promise<Result<BulkSaveView, Failure>> {
    const job = this.jobs.get(jobId);
    if (!job) return err(inputFailure('jobId', 'That bulk check is no longer held (the app forgets the oldest, and all of them when it restarts).', 'Paste the keys again.'));
    const saved: Array<BulkSaveView['saved'][number]> = [];
    const failed: Array<BulkSaveView['failed'][number]> = [];
    for (const [index, raw] of names.entries()) {
      const name = raw.trim();
      const p = job.pairs[index];
      if (!name || !p) continue;
      const report = job.reports.get(index);
      const added = await this.context.deps.vault.add({ name, ...p.credentials, source: 'manual', ...(report ? { check: checkRecord(report) } : {}) });
      if (added.ok) saved.push({ index, profile: profileRowView(added.value) });
      else failed.push({ index, error: errorView(added.error) });
    }
    return ok({ saved, failed });
  }

  private async run(jobId: string, job: Job): Promise<void> {
    const { client, emit } = this.context;
    // One chain per key id, checked in order; a few chains at once.
    const chains = new Map<string, Array<{ p: BulkPair; index: number }>>();
    job.pairs.forEach((p, index) => {
      if (p.problem !== null) return;
      const chain = chains.get(p.credentials.accessKeyId) ?? [];
      chain.push({ p, index });
      chains.set(p.credentials.accessKeyId, chain);
    });
    const lists = [...chains.values()];
    const total = lists.reduce((n, c) => n + c.length, 0);
    let done = 0;
    const worker = async (): Promise<void> => {
      for (let chain = lists.shift(); chain; chain = lists.shift()) {
        for (const { p, index } of chain) {
          const { signal } = job.controller;
          if (signal.aborted) return;
          const keyId = p.credentials.accessKeyId;
          const since = lastCheckedMs(job.saved.find((s) => s.accessKeyId === keyId));
          const onWait = (waitMs: number) => emit('bulk:waiting', { jobId, index, waitMs });
          // A canary-token account's key is refused by the client: nothing is sent, and the row says why.
          const made = client(p.credentials);
          const report = made.ok ? await this.context.spacing.run(keyId, () => verifyCredential(made.value, p.credentials, { lastUsed: true }), { since, signal, onWait }) : failedCheck(keyId, made.error);
          if (!report) return; // cancelled while it waited
          job.reports.set(index, report);
          done += 1;
          emit('bulk:progress', { jobId, index, done, total, report });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, lists.length) }, worker));
    emit('bulk:done', { jobId, checked: done, cancelled: job.controller.signal.aborted });
  }
}
