/** Handlers for pasted credentials: many checked at once (bulk:*), and one held for the STS tools (creds:hold). */
import type { Channel } from '../../shared/contract.js';
import { credentialProblems } from '../../shared/credential-rules.js';
import { inputFailure } from '../../shared/failure.js';
import { err, ok } from '../../shared/result.js';
import { analyzeKeyId } from '../core/keys/key-id.js';
import { BulkJobs } from './bulk-job.js';
import type { ChannelHandlers, HandlerContext } from './handler-context.js';

export type BulkChannel = Extract<Channel, `bulk:${string}` | 'creds:hold'>;

/** The bulk check's handlers and creds:hold, on parsed requests (requests.ts). */
export function bulkHandlers(context: HandlerContext): ChannelHandlers<BulkChannel> {
  const bulk = new BulkJobs(context);
  return {
    'creds:hold': async (credentials) => {
      const [problem] = credentialProblems(credentials);
      if (problem) return err(inputFailure(problem.field, problem.message, problem.hint));
      const key = analyzeKeyId(credentials.accessKeyId);
      return ok({ credentialHandle: context.pasted.put(credentials), maskedKeyId: key.masked, keyType: key.type });
    },
    'bulk:start': async ({ text }) => bulk.start(text),
    'bulk:cancel': async ({ jobId }) => ok({ cancelled: bulk.cancel(jobId) }),
    'bulk:save': async ({ jobId, names }) => bulk.save(jobId, names),
  };
}
