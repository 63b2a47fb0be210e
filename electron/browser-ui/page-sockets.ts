/**
 * The pages' events sockets, counted by page. A page is gone once it has had no socket for a grace period, or at once
 * when its socket closed saying the page goes away (1001: its tab closed, reloaded or navigated away): a connection
 * dropped under a page that stays (a proxy, a network service restarted, `ss -K`) is opened again by the page within
 * a second, and cancelled none of its bulk checks. Each event is sent to every open socket; what is sent while a page
 * has none is kept for it (bounded) and sent once it opens one again, so a check that ended meanwhile is not left
 * "Checking…"; past the bound only the ends of jobs are kept, and the page is told first that the others were dropped
 * and of which jobs (app:events-dropped), so it does not take a result it did not hear for a key never checked. A page
 * away for longer than that is given up; when it comes back, it is told that what it missed is lost (app:events-lost),
 * so it does not wait for ends that will never come.
 */
import type { EventChannel, Events } from '../../shared/contract.js';
import type { PageBulkChecks } from '../main/page-bulk-checks.js';
import type { EventSocket } from './event-socket.js';

/** How long a page may have no socket before it is taken as gone: its reconnections come 0.5 s to 5 s apart. */
const PAGE_GRACE_MS = 5_000;
/** How long what a page without a socket missed is kept: a hidden tab's timers may run once a minute. */
const MISSED_KEPT_MS = 120_000;
/** How many events a page without a socket is kept at most; beyond that only the ends of jobs (`…:done`). */
const MISSED_MAX = 2_000;

/** Tracks the open sockets and which page each is. */
export interface PageSockets {
  /**
   * A socket of `page` opened (keyscope ui refuses one that names no page): it is sent what the page missed meanwhile. `back`: the
   * page says it had a socket before; if it was given up meanwhile, it is told that what it missed is lost.
   */
  opened(page: string, socket: EventSocket, back: boolean): void;
  /** That socket closed; `leaving` when the page said it goes away. */
  closed(page: string, socket: EventSocket, leaving: boolean): void;
  /** Sends `event` to every open socket, and keeps it for the pages that have none. */
  send<E extends EventChannel>(event: E, payload: Events[E]): void;
  /** Closes every socket (keyscope stops). */
  close(): void;
  /** How long a page without a socket is kept, and what it missed: a page away for longer is given up. */
  readonly keptMs: number;
}

interface Page {
  readonly open: Set<EventSocket>;
  missed: string[];
  /** The jobs whose events were dropped from `missed` (more came than are kept). */
  dropped: Set<string>;
  gone?: NodeJS.Timeout;
  forgotten?: NodeJS.Timeout;
}

/** An event as a socket carries it. */
const message = <E extends EventChannel>(event: E, payload: Events[E]) => JSON.stringify({ event, payload });

export function pageSockets(pages: PageBulkChecks, graceMs = PAGE_GRACE_MS, keptMs = MISSED_KEPT_MS, missedMax = MISSED_MAX): PageSockets {
  const sockets = new Set<EventSocket>();
  const byId = new Map<string, Page>();
  const forgottenMs = Math.max(graceMs, keptMs);
  const stopTimers = (page: Page) => {
    clearTimeout(page.gone);
    clearTimeout(page.forgotten);
  };
  const forget = (id: string, page: Page) => {
    stopTimers(page);
    byId.delete(id);
  };
  return {
    opened(id, socket, back) {
      sockets.add(socket);
      const known = byId.get(id);
      const page = known ?? { open: new Set(), missed: [], dropped: new Set<string>() };
      byId.set(id, page);
      stopTimers(page);
      pages.opened(id);
      if (back && !known) socket.send(message('app:events-lost', { keptMs: forgottenMs, by: 'keyscope' }));
      if (page.dropped.size > 0) socket.send(message('app:events-dropped', { kept: missedMax, jobIds: [...page.dropped] }));
      for (const text of page.missed) socket.send(text);
      page.missed = [];
      page.dropped.clear();
      page.open.add(socket);
    },
    closed(id, socket, leaving) {
      sockets.delete(socket);
      const page = byId.get(id);
      if (!page?.open.delete(socket) || page.open.size > 0) return;
      if (leaving) {
        forget(id, page);
        return pages.gone(id);
      }
      page.gone = setTimeout(() => pages.gone(id), graceMs).unref();
      page.forgotten = setTimeout(() => forget(id, page), forgottenMs).unref();
    },
    send(event, payload) {
      const text = message(event, payload);
      for (const s of sockets) s.send(text);
      for (const page of byId.values()) {
        if (page.open.size > 0) continue;
        if (page.missed.length < missedMax || event.endsWith(':done')) page.missed.push(text);
        else if ('jobId' in payload) page.dropped.add(payload.jobId);
      }
    },
    close() {
      for (const s of sockets) s.close();
      for (const [id, page] of byId) forget(id, page);
    },
    keptMs: forgottenMs,
  };
}
