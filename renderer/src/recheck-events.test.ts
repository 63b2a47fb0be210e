import { describe, expect, it } from 'vitest';
import type { ErrorView, ProfileRowView, RecheckDoneView, RecheckProgressView } from '../../shared/model';
import { recheckEndTitle, recheckSummary } from './components/recheck-bar';
import { afterLost, applyEvent, EarlyEvents } from './recheck-events';

const row = (name: string): ProfileRowView =>
  ({ id: `id-${name}`, name, maskedKeyId: 'AKIA************0000', keyType: 'long-term', account: null, status: 'valid', lastChecked: null, lastDecided: null, lastAttempt: null, lastUsed: null, region: null, arn: null, userName: null, notes: null, expiration: null }) as ProfileRowView;
const refused: ErrorView = { Code: 'ECONNREFUSED', Message: 'connect ECONNREFUSED 127.0.0.1:9', HttpStatus: null, Category: 'offline', Hint: 'Check the endpoint, then retry.' };
const progress = (jobId: string, done: number, name: string, error: ErrorView | null = null): { progress: RecheckProgressView } => ({ progress: { jobId, done, total: 2, profile: row(name), error } });
const done = (jobId: string): { done: RecheckDoneView } => ({ done: { jobId, checked: 2, total: 2, cancelled: false, valid: 1, invalid: 0, couldNotCheck: 1, error: null } });

describe("a recheck's state from its events", () => {
  it('starts at 0 of its total when no event came before its answer', () => {
    const state = new EarlyEvents().start('job-1', 2);
    expect(recheckSummary(state)).toBe('Rechecking 0 of 2…');
    expect(state).toMatchObject({ jobId: 'job-1', finished: false, failures: [] });
  });

  it('applies the events that came before the answer naming the job, in order, and ends when its end came', () => {
    const early = new EarlyEvents();
    early.keep('job-1', progress('job-1', 1, 'alice'));
    early.keep('job-1', progress('job-1', 2, 'bob', refused));
    early.keep('job-1', done('job-1'));
    const state = early.start('job-1', 2);
    expect(recheckSummary(state)).toBe('Rechecked 2: 1 valid, 0 invalid, 1 could not check');
    expect(state.failures).toEqual([{ name: 'bob', error: refused }]);
    // Taken once: a second answer naming the job (there is none) would start afresh.
    expect(recheckSummary(early.start('job-1', 2))).toBe('Rechecking 0 of 2…');
  });

  it("keeps another job's events apart, and only the last ten jobs' events", () => {
    const early = new EarlyEvents();
    early.keep('other', done('other'));
    expect(recheckSummary(early.start('job-1', 2))).toBe('Rechecking 0 of 2…');
    for (let i = 0; i < 11; i += 1) early.keep(`job-${i}`, done(`job-${i}`));
    expect(early.start('job-0', 2).finished).toBe(false);
    expect(early.start('job-1', 2).finished).toBe(true);
    expect(early.start('job-10', 2).finished).toBe(true);
  });

  it('counts progress and lists every failed check after the answer too', () => {
    let state = new EarlyEvents().start('job-1', 2);
    state = applyEvent(state, progress('job-1', 1, 'alice', refused));
    expect(recheckSummary(state)).toBe('Rechecking 1 of 2…');
    state = applyEvent(state, done('job-1'));
    expect(state).toMatchObject({ finished: true, done: 2, failures: [{ name: 'alice' }] });
  });
});

describe("a recheck's end in words", () => {
  const ended = (error: ErrorView | null, cancelled = false) => applyEvent(new EarlyEvents().start('job-1', 2), { done: { ...done('job-1').done, cancelled, error } });
  const full: ErrorView = { Code: 'StoreError', Message: 'The profile store could not be written (ENOSPC: the disk is full).', HttpStatus: null, Category: 'service', Hint: 'Free some space, then recheck.' };
  const bug: ErrorView = { Code: 'InternalError', Message: 'The recheck stopped on an internal error in keyscope.', HttpStatus: null, Category: 'internal', Hint: 'Try again.' };

  it('says the checks were all made when only saving their results failed, and that not all were saved', () => {
    // Every check was made (the recheck goes on after a write fails): it said "Recheck stopped after 2 of 2".
    expect(recheckSummary(ended(full))).toBe('Rechecked 2: 1 valid, 0 invalid, 1 could not check. Not all of these results could be saved');
    expect(recheckEndTitle(ended(full))).toBe('Not all the results could be saved');
    expect(recheckSummary(ended(full, true))).toBe('Recheck cancelled after 2 of 2: 1 valid, 0 invalid, 1 could not check. Not all of these results could be saved');
  });

  it('says a recheck stopped by a bug stopped', () => {
    expect(recheckSummary(ended(bug))).toBe('Recheck stopped after 2 of 2: 1 valid, 0 invalid, 1 could not check');
    expect(recheckEndTitle(ended(bug))).toBe('The recheck stopped');
  });
});

describe('a recheck whose events the page lost (keyscope ui, app:events-lost)', () => {
  it('counts the results that reached the page, not the recheck\'s own count: a result after the notice adds one, though those between were lost', () => {
    const total = 5;
    let state = applyEvent(new EarlyEvents().start('job-1', total), { progress: { ...progress('job-1', 1, 'alice').progress, total } });
    state = { ...state, finished: true, lost: { keptMs: 120_000, by: 'keyscope' } };
    expect(recheckSummary(state)).toMatch(/^Recheck: 1 of 5 results reached this page, then/);
    // The recheck went on: its fourth result reaches the page, the second and third were lost.
    state = applyEvent(state, { progress: { ...progress('job-1', 4, 'dave').progress, total } });
    expect(recheckSummary(state)).toMatch(/^Recheck: 2 of 5 results reached this page, then/);
    // Its end says what the recheck did.
    state = applyEvent(state, { done: { ...done('job-1').done, checked: 5, total } });
    expect(recheckSummary(state)).toBe('Rechecked 5: 1 valid, 0 invalid, 1 could not check');
  });

  it('says to start keyscope ui again and open the address it prints when the page found it had no connection, never to reload (each start has a new token and port)', () => {
    const state = { ...new EarlyEvents().start('job-1', 2), finished: true, lost: { keptMs: 120_000, by: 'page' as const } };
    expect(recheckSummary(state)).toBe('Recheck: 0 of 2 results reached this page, then it has had no connection to keyscope for more than 2 minutes, so keyscope ui may have stopped: start it again and open the new address it prints. The recheck saved each result it made while keyscope ran.');
  });

  it("takes keyscope ui's notice after the page's own: keyscope ui is running, and the recheck went on there; a recheck over, or already told so by keyscope, is left as it is", () => {
    const running = new EarlyEvents().start('job-1', 2);
    const byPage = afterLost(running, { keptMs: 120_000, by: 'page' });
    expect(recheckSummary(byPage!)).toMatch(/keyscope ui may have stopped/);
    const byKeyscope = afterLost(byPage, { keptMs: 120_000, by: 'keyscope' });
    expect(recheckSummary(byKeyscope!)).toBe("Recheck: 0 of 2 results reached this page, then it was out of touch with keyscope for more than 2 minutes (its connection dropped, or the tab slept). The recheck went on there, saving each result: the list shows each profile's last saved one.");
    expect(afterLost(byKeyscope, { keptMs: 120_000, by: 'page' })).toBeNull();
    expect(afterLost(applyEvent(byPage!, done('job-1')), { keptMs: 120_000, by: 'keyscope' })).toBeNull();
    expect(afterLost(null, { keptMs: 120_000, by: 'keyscope' })).toBeNull();
  });
});
