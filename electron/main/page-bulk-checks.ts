/**
 * The bulk checks each page started, cancelled when that page goes: a `keyscope ui` tab closed or reloaded, the
 * window's page loaded again (a reload, or after its renderer was gone). The page cancels its check when the view is
 * left, but its own clean-up never runs on unload, and the check's keys would go on being sent to AWS, unseen.
 * Used by the browser UI's server (a page is its events sockets: page-sockets.ts) and by the Electron main process (a
 * page is one load of the window).
 */
import type { Events, Response } from '../../shared/contract.js';
import type { HandlerDeps, Handlers } from '../handlers/handlers.js';

export interface PageBulkChecks {
  /** `page` is showing: the checks it starts are its own. */
  opened(page: string): void;
  /** `page` is gone: the checks it started are cancelled. */
  gone(page: string): void;
  /** `page` asked for a bulk check and got `answer`; a page already gone has its check cancelled at once. */
  started(page: string, answer: Response<'bulk:start'>): void;
  /** The check ended on its own (`bulk:done`): nothing left to cancel. */
  ended(jobId: string): void;
}

/** Tracks pages and their bulk checks; `cancel` stops one check (the bulk:cancel handler). */
export function pageBulkChecks(cancel: (jobId: string) => void): PageBulkChecks {
  const open = new Set<string>();
  const jobs = new Map<string, Set<string>>();
  return {
    opened: (page) => void open.add(page),
    gone(page) {
      open.delete(page);
      for (const jobId of jobs.get(page) ?? []) cancel(jobId);
      jobs.delete(page);
    },
    started(page, answer) {
      if (!answer.ok) return;
      if (!open.has(page)) return cancel(answer.value.jobId);
      jobs.set(page, (jobs.get(page) ?? new Set()).add(answer.value.jobId));
    },
    ended(jobId) {
      for (const ofPage of jobs.values()) ofPage.delete(jobId);
    },
  };
}

/** How events are sent on. */
type Emit = HandlerDeps['emit'];

/**
 * The handlers `create` makes, wired to the pages' bulk checks as both fronts need them: a page gone cancels its
 * checks through bulk:cancel, and a check's bulk:done ends it before `send` passes the event on to the pages.
 */
export function handlersWithPageBulkChecks(send: Emit, create: (emit: Emit) => Handlers): { readonly pages: PageBulkChecks; readonly handlers: Handlers } {
  const pages = pageBulkChecks((jobId) => void handlers['bulk:cancel']({ jobId }));
  const handlers = create((event, payload) => {
    if (event === 'bulk:done') pages.ended((payload as Events['bulk:done']).jobId);
    send(event, payload);
  });
  return { pages, handlers };
}
