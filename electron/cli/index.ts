/**
 * The `keyscope` command line: the same core as the app, for people and scripts. The hot commands (hot.ts) start
 * without commander; every other command line loads the whole program (program.ts) on demand.
 */
import { isatty } from 'node:tty';
import type { CliIo } from './io.js';
import { parseHotArgs } from './hot-args.js';
import { runHot } from './hot.js';
import { EXIT } from './io.js';
import { outputWriter } from './output-failure.js';
import { reportThrown } from './thrown.js';

/** Runs the command line; returns the exit code. Never throws, and shows no stack trace without --debug. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const hot = parseHotArgs(argv, io.env);
  if (hot) {
    try {
      const code = await runHot(hot, io);
      if (code !== undefined) return code;
    } catch (e) {
      return reportThrown(e, argv, io);
    }
  }
  let program: typeof import('./program.js');
  try {
    program = await import('./program.js');
  } catch (e) {
    return reportThrown(e, argv, io); // a build missing its commands piece: said, not an unhandled rejection
  }
  return program.runProgram(argv, io);
}

/** The process entry point used by bin/keyscope.js. */
export function runProcess(): void {
  let outputFailed = false;
  // A write standard output refuses (a full disk where it was redirected) throws, and ends the command with exit 3.
  const stdout = outputWriter(process.stdout, (e) => {
    outputFailed = true;
    process.stderr.write(`keyscope: ${e.message}\n`);
    process.exitCode = EXIT.undecided;
  });
  const io: CliIo = {
    env: process.env,
    stdout: stdout.write,
    stdoutCutShort: stdout.cutShort,
    stderr: (t) => void process.stderr.write(t),
    readStdin: (maxBytes?: number) =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        process.stdin.on('data', (c: Buffer) => {
          chunks.push(c);
          size += c.length;
          // Past the caller's limit, stop: the caller refuses by size, and an endless pipe would fill memory.
          if (maxBytes !== undefined && size > maxBytes) {
            process.stdin.destroy();
            resolve(Buffer.concat(chunks).toString('utf8'));
          }
        });
        process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        process.stdin.on('error', reject);
      }),
    // isatty, not process.stdin.isTTY: that builds the stdin stream (~10 modules of Node) that a check never reads;
    // and the prompt's module is loaded when a question is asked.
    ...(isatty(0) ? { prompt: async (q: string, hidden: boolean) => (await import('./prompt.js')).promptTerminal(q, hidden) } : {}),
    stderrIsTTY: isatty(2),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    ...(process.stdout.isTTY && process.stdout.columns ? { stdoutColumns: process.stdout.columns } : {}),
    onInterrupt: (cancel) => {
      const handler = () => {
        process.stderr.write('\nkeyscope: stopping after the checks under way (Ctrl-C again to quit at once)\n');
        process.removeListener('SIGINT', handler);
        cancel();
      };
      process.on('SIGINT', handler);
      return () => process.removeListener('SIGINT', handler);
    },
  };
  void main(process.argv.slice(2), io).then((code) => {
    process.exitCode = outputFailed ? EXIT.undecided : code;
  });
}
