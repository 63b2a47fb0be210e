/**
 * Binds the contract's channels to their handlers. Takes an ipcMain-like object so tests (and the e2e harness)
 * drive it without Electron: every message's sender frame is checked, then its one argument is handed, still
 * `unknown`, to the handler, which validates it.
 */
import { CHANNELS, type Channel } from '../../shared/contract.js';
import { internalFailure, type Failure } from '../../shared/failure.js';
import { err, type Result } from '../../shared/result.js';
import type { Handlers } from '../handlers/handlers.js';

/** What registerHandlers needs of an IPC event: the frame that sent it. */
export interface IpcEventLike {
  readonly senderFrame?: { readonly url: string } | null;
}

/** The part of ipcMain that registerHandlers uses. */
export interface IpcLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
}

export interface IpcServices {
  readonly handlers: Handlers;
  /** Whether a frame URL is our own renderer. */
  readonly isTrustedSender: (url: string) => boolean;
}

const refused = (channel: string, why: string): Result<never, Failure> =>
  err({ kind: 'input', category: 'input', message: `Request on ${channel} refused: ${why}.`, hint: 'Only keyscope\'s own window may call keyscope.' });

/** A sender check that accepts exactly one page (its query and fragment aside). */
export function trustPage(pageUrl: string): (url: string) => boolean {
  const expected = new URL(pageUrl);
  return (url) => {
    try {
      const u = new URL(url);
      return u.protocol === expected.protocol && u.host === expected.host && u.pathname === expected.pathname;
    } catch {
      return false;
    }
  };
}

/** Registers one handler per contract channel. */
export function registerHandlers(ipc: IpcLike, services: IpcServices): void {
  for (const channel of CHANNELS) {
    ipc.handle(channel, async (event, ...args) => {
      const url = event.senderFrame?.url;
      if (!url || !services.isTrustedSender(url)) return refused(channel, 'the sender is not keyscope\'s window');
      if (args.length !== 1) return refused(channel, `expected one argument, got ${args.length}`);
      try {
        return await services.handlers[channel as Channel](args[0]);
      } catch {
        // The handlers answer failures as values; this only catches a bug in that wrapping itself.
        return err(internalFailure(`handling ${channel}`));
      }
    });
  }
}
