/**
 * The handlers behind every IPC channel, in plain Node: the Electron main process and the e2e harness both bind
 * these. Each one narrows its `unknown` argument, calls the core, and answers with a Result holding no saved secret.
 */
import type { Channel, Response } from '../../shared/contract.js';
import type { Failure } from '../../shared/failure.js';
import { err, type Result } from '../../shared/result.js';
import { appInternalFailure, handlerContext, type HandlerDeps } from './handler-context.js';
import { BadArgument } from './guards.js';
import { importHandlers } from './import-handlers.js';
import { profileHandlers } from './profile-handlers.js';
import { stsHandlers } from './sts-handlers.js';

export type { HandlerDeps } from './handler-context.js';
export type Handlers = { readonly [C in Channel]: (arg: unknown) => Promise<Response<C>> };

/** Builds the handler of every channel. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const context = handlerContext(deps);
  const impl = { ...profileHandlers(context), ...importHandlers(context), ...stsHandlers(context) };

  // Every handler: a malformed argument becomes an input failure, anything else thrown is a bug and becomes an
  // internal failure; nothing throws past here, so the process keeps running.
  const wrapped = {} as Record<Channel, (arg: unknown) => Promise<Result<unknown, Failure>>>;
  for (const [channel, fn] of Object.entries(impl) as Array<[Channel, (arg: unknown) => Promise<Result<unknown, Failure>>]>) {
    wrapped[channel] = async (arg: unknown) => {
      try {
        return await fn(arg);
      } catch (e) {
        if (e instanceof BadArgument) return err(e.failure);
        return err(appInternalFailure(`handling ${channel}`));
      }
    };
  }
  return wrapped as unknown as Handlers;
}
