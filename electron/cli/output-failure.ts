/**
 * Standard output that refuses what a command writes: `keyscope review > review.json` on a full disk or over a quota
 * (or `> /dev/full`). Node writes to a file synchronously but reports the failure as an 'error' event no one heard,
 * so the process died with a stack trace and exit 1, which reads as "a finding at or above --fail-on". The write
 * now throws OutputError, which stops the command (a review is then not saved as the next one's baseline) and is
 * said in words, exit 3. A reader that went away (`| head`) is no failure: the rest is dropped quietly, and the
 * writer remembers the output was cut short (a review is then not kept, as its reader did not get it all).
 */
import { errnoName, fileErrorReason } from '../core/errno-name.js';

/** Standard output refused a write: what the command printed is incomplete. */
export class OutputError extends Error {
  constructor(readonly code: string) {
    super(`The output could not be written (${code}): ${fileErrorReason(code)}. What was written of it is incomplete.`);
    this.name = 'OutputError';
  }
}

/**
 * Whether `e` is an OutputError: by name, as the writer lives in the build's hot piece (dist/cli.js) and a command
 * that meets it in another (dist/cli-commands.js), each with its own copy of the class.
 */
export function isOutputError(e: unknown): e is OutputError {
  return e instanceof Error && e.name === 'OutputError' && typeof (e as { code?: unknown }).code === 'string';
}

/** The hint that goes with an OutputError. */
export const OUTPUT_HINT = 'Free some space where the output goes (or write it elsewhere), then run the command again.';

/** Standard output's writer, and whether what was written was cut short by a reader that went away (EPIPE). */
export interface OutputWriter {
  readonly write: (text: string) => void;
  /**
   * Settles once every write so far has reached the reader or failed: true when the reader went away first. A pipe
   * takes what fits in its buffer at once and queues the rest; the EPIPE of a reader gone since comes later.
   */
  readonly cutShort: () => Promise<boolean>;
}

/** A writer for `stream` (process.stdout) that throws OutputError when the stream refuses a write; EPIPE is dropped. */
export function outputWriter(stream: NodeJS.WriteStream, onLateFailure: (e: OutputError) => void): OutputWriter {
  let failed = false;
  let cut = false;
  // Every failure is also emitted as 'error'; unheard, it ends the process. The ones a write reports at once are
  // thrown there; one reported later (an asynchronous pipe) is said once by onLateFailure.
  stream.on('error', (e) => {
    const code = errnoName(e);
    if (code === 'EPIPE') cut = true;
    if (failed || code === 'EPIPE') return;
    failed = true;
    onLateFailure(new OutputError(code));
  });
  // The last write's callback: a stream calls them in order, each once its write was flushed or failed.
  let settled: Promise<void> = Promise.resolve();
  const write = (text: string): void => {
    if (stream.destroyed) {
      cut ||= text.length > 0; // the reader left, or a failure already said
      return;
    }
    settled = new Promise((resolve) => {
      stream.write(text, (e) => {
        // EPIPE, or the stream destroyed by it before this write went out (ERR_STREAM_DESTROYED).
        if (e && text.length > 0 && (errnoName(e) === 'EPIPE' || stream.destroyed)) cut = true;
        resolve();
      });
    });
    const e = stream.errored;
    if (!e) return;
    const code = errnoName(e);
    if (code === 'EPIPE') cut = true;
    if (code === 'EPIPE' || failed) return;
    failed = true;
    throw new OutputError(code);
  };
  const cutShort = async (): Promise<boolean> => {
    await settled;
    return cut;
  };
  return { write, cutShort };
}
