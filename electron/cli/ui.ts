/** `keyscope ui`: the desktop app's page in the default browser, served on 127.0.0.1 (body follows). */
import type { Command } from 'commander';
import type { CliIo } from './io.js';

/** Registers `keyscope ui`. */
export function addUiCommand(program: Command, _io: CliIo, _setExit: (code: number) => void): void {
  program.command('ui').description('open the app in your browser, served on 127.0.0.1 with a random token');
}
