/**
 * The review's worker thread (review-work.ts): bundled on its own beside the main process's bundle and the browser
 * UI server's (scripts/build.mjs), started by each review job and stopped when the review ends, and for each imported
 * credential report, stopped once it has said how many keys the report holds. It answers each step
 * with `{ answer }`, or `{ crashed: true }` on a bug (the job then stops the review on an internal failure), and sends
 * `{ progress }` while a step runs.
 */
import { parentPort } from 'node:worker_threads';
import { reviewWork, type ReviewStep } from './review-work.js';

const port = parentPort;
if (port) {
  const take = reviewWork((progress) => port.postMessage({ progress }));
  port.on('message', (step: ReviewStep) => {
    let reply: object;
    try {
      reply = { answer: take(step) };
    } catch {
      // Never the error itself: its message may quote the data being read.
      reply = { crashed: true };
    }
    port.postMessage(reply);
  });
}
