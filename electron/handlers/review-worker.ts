/**
 * The review's worker thread (review-work.ts): bundled on its own beside the main process's bundle and the browser
 * UI server's (scripts/build.mjs), started by each review job and stopped when the review ends, and for each imported
 * credential report, stopped once it has said how many keys the report holds. It answers each step
 * with `{ answer }`, or `{ crashed: true }` when the step threw (a run's step stops the review on an internal failure;
 * a held review's request fails alone, the review held still), and sends `{ progress }` while a step runs.
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
    } catch (e) {
      // Never the error itself: its message may quote the data being read. V8's own words for a text past its
      // longest string quote nothing: an export too large is told apart.
      reply = { crashed: true, ...(e instanceof RangeError && e.message === 'Invalid string length' ? { tooLong: true } : {}) };
    }
    port.postMessage(reply);
  });
}
