/**
 * The handlers behind every IPC channel, in plain Node: the Electron main process and the e2e harness both bind
 * these. Each one narrows its `unknown` argument, calls the core, and answers with a Result holding no saved secret.
 */
import type { Channel, Response } from '../../../shared/contract.js';
import type { Failure } from '../../../shared/failure.js';
import { err, type Result } from '../../../shared/result.js';
import { handlerContext, type HandlerDeps } from './context.js';
import { BadArgument } from './guards.js';
import { profileHandlers } from './profile-handlers.js';
import { stsHandlers } from './sts-handlers.js';

export type { HandlerDeps } from './context.js';
export type Handlers = { readonly [C in Channel]: (arg: unknown) => Promise<Response<C>> };

/** Builds the handler of every channel. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const context = handlerContext(deps);
  const impl = { ...profileHandlers(context), ...stsHandlers(context) };

  // Every handler: a malformed argument becomes an input failure; nothing else throws past here.
  const wrapped = {} as Record<Channel, (arg: unknown) => Promise<Result<unknown, Failure>>>;
  for (const [channel, fn] of Object.entries(impl) as Array<[Channel, (arg: unknown) => Promise<Result<unknown, Failure>>]>) {
    wrapped[channel] = async (arg: unknown) => {
      try {
        return await fn(arg);
      } catch (e) {
        if (e instanceof BadArgument) return err(e.failure);
        return err({ kind: 'input', category: 'service', message: `keyscope failed while handling ${channel}.`, hint: 'This is a bug: please report it with what you did.' } as Failure);
      }
    };
  }
  return wrapped as unknown as Handlers;
}
