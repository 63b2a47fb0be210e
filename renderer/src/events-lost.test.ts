import { describe, expect, it } from 'vitest';
import { droppedOf, withDropped } from './events-lost';

describe('events dropped while a page was away (keyscope ui, app:events-dropped)', () => {
  it("are a bulk check's only when the notice names its job: another page's check, or a recheck, that lost events leaves it whole", () => {
    const dropped = withDropped(null, { kept: 500, jobIds: ['other-page-check', 'recheck'] });
    expect(droppedOf(dropped, 'mine')).toBeNull();
    expect(droppedOf(dropped, undefined)).toBeNull();
    expect(droppedOf(withDropped(dropped, { kept: 500, jobIds: ['mine'] }), 'mine')).toEqual({ kept: 500, jobIds: ['other-page-check', 'recheck', 'mine'] });
  });

  it("of the page's own check are kept when a later notice names only other jobs", () => {
    const dropped = withDropped(withDropped(null, { kept: 500, jobIds: ['mine'] }), { kept: 500, jobIds: ['other-page-check'] });
    expect(droppedOf(dropped, 'mine')?.jobIds).toContain('mine');
    expect(droppedOf(null, 'mine')).toBeNull();
  });
});
