/** What a command needs from the outside world, passed in so tests run commands in process. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /**
   * Settles once all that was written to standard output reached its reader or failed: true when the reader went
   * away first (`| head`); absent: never.
   */
  readonly stdoutCutShort?: () => Promise<boolean>;
  /** Reads all of standard input (for `inspect -`); with `maxBytes`, stops once more than that was read. */
  readonly readStdin: (maxBytes?: number) => Promise<string>;
  /** Asks on the terminal; `hidden` does not echo what is typed. Absent when standard input is not a terminal. */
  readonly prompt?: (question: string, hidden: boolean) => Promise<string>;
  /** True when standard error is a terminal (progress lines are drawn there). */
  readonly stderrIsTTY?: boolean;
  /** True when standard output is a terminal (a command may then default to a format for people). */
  readonly stdoutIsTTY?: boolean;
  /** The terminal's width in columns when standard output is one (tables fit it); else COLUMNS, else no limit. */
  readonly stdoutColumns?: number;
  /** Called with a function to run on Ctrl-C, for long work that can be cancelled; returns an unsubscribe. */
  readonly onInterrupt?: (cancel: () => void) => () => void;
}

/** Exit codes of the command line contract. */
export const EXIT = {
  ok: 0,
  /** AWS rejected the credential or the request. */
  rejected: 1,
  /** Bad usage or input: nothing was sent, or AWS refused a parameter. */
  usage: 2,
  /** Could not decide: network, service, throttling, unexpected answers. */
  undecided: 3,
} as const;

/** A problem with the command line itself, reported as exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * Standard input, read up to `maxBytes` and refused past it with `tooLarge` (exit 2). The reader stops there, so an
 * endless pipe or a large file piped by mistake ends: read whole, 600 MiB died as Node could not make it one string.
 */
export async function readStdinWithin(io: CliIo, maxBytes: number, tooLarge: UsageError): Promise<string> {
  const text = await io.readStdin(maxBytes);
  if (Buffer.byteLength(text, 'utf8') > maxBytes) throw tooLarge;
  return text;
}

/** How wide output for people may be: the terminal's columns, else COLUMNS, else undefined (no limit: a pipe or a file). */
export function outputWidth(io: CliIo): number | undefined {
  const columns = io.stdoutColumns ?? Number(io.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}
