/**
 * Words for a `keyscope ui` page that was out of touch with keyscope for longer than keyscope keeps what a page
 * missed (app:events-lost): the ends it was waiting for will never come, so what waited on them says so instead.
 */
import type { EventsDroppedView, EventsLostView } from '../../shared/contract';

/** "2 minutes", "1 second": how long keyscope keeps what a page missed. */
function span(ms: number): string {
  const [n, unit] = ms >= 60_000 ? [Math.round(ms / 60_000), 'minute'] : [Math.round(ms / 1000), 'second'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * Why the page missed what it did: "it was out of touch with keyscope for more than 2 minutes (its connection dropped,
 * or the tab slept)" when keyscope said so; "it has had no connection to keyscope for more than 2 minutes, so keyscope
 * ui may have stopped: start it again and open the new address it prints" when the page found it out itself (a reload
 * cannot work: each start has a new token, and by default a new port).
 */
export function lostWords(lost: EventsLostView): string {
  return lost.by === 'keyscope'
    ? `it was out of touch with keyscope for more than ${span(lost.keptMs)} (its connection dropped, or the tab slept)`
    : `it has had no connection to keyscope for more than ${span(lost.keptMs)}, so keyscope ui may have stopped: start it again and open the new address it prints`;
}

/** Why results of a job did not reach the page although its end did (app:events-dropped). */
export function droppedWords(dropped: EventsDroppedView): string {
  return `more events came while it was out of touch with keyscope than keyscope keeps for a page (${dropped.kept.toLocaleString()})`;
}

/** Notices of dropped events (app:events-dropped) as one: a later notice, of another job, keeps the jobs named before. */
export function withDropped(seen: EventsDroppedView | null, view: EventsDroppedView): EventsDroppedView {
  return { ...view, jobIds: [...(seen?.jobIds ?? []), ...view.jobIds] };
}

/** The notice if it names `jobId`, else null: only a check of the page's own among the dropped jobs lost results. */
export function droppedOf(dropped: EventsDroppedView | null, jobId: string | undefined): EventsDroppedView | null {
  return jobId !== undefined && dropped?.jobIds.includes(jobId) ? dropped : null;
}
