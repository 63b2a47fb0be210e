/**
 * The handlers behind every IPC channel, in plain Node: the Electron main process and the e2e harness both bind
 * these. Each one parses its `unknown` argument (requests.ts), calls the core, and answers with a Result holding no
 * saved secret.
 */
import { CHANNELS, type Channel, type Response } from '../../shared/contract.js';
import { err } from '../../shared/result.js';
import { bulkHandlers } from './bulk-handlers.js';
import { appInternalFailure, handlerContext, type ChannelHandlers, type HandlerDeps } from './handler-context.js';
import { importHandlers } from './import-handlers.js';
import { profileHandlers } from './profile-handlers.js';
import { REQUESTS } from './requests.js';
import { reviewHandlers } from './review-handlers.js';
import { stsHandlers } from './sts-handlers.js';

export type { HandlerDeps } from './handler-context.js';
export type Handlers = { readonly [C in Channel]: (arg: unknown) => Promise<Response<C>> };

/** Builds the handler of every channel. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const context = handlerContext(deps);
  const impl: ChannelHandlers<Channel> = { ...profileHandlers(context), ...importHandlers(context), ...stsHandlers(context), ...reviewHandlers(context), ...bulkHandlers(context) };

  // Every channel: an argument its parser refuses is an input failure, anything thrown is a bug and becomes an
  // internal failure; nothing throws past here, so the process keeps running.
  const handler =
    <C extends Channel>(channel: C) =>
    async (arg: unknown): Promise<Response<C>> => {
      try {
        const req = REQUESTS[channel](arg);
        return req.ok ? await impl[channel](req.value) : err(req.error);
      } catch {
        return err(appInternalFailure(`handling ${channel}`));
      }
    };
  return Object.fromEntries(CHANNELS.map((channel) => [channel, handler(channel)])) as unknown as Handlers;
}
