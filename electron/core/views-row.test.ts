/** The list's row view: the list view's fields, then whose the key is, its notes and expiry, in that order on the wire. */
import { describe, expect, it } from 'vitest';
import { DEPLOYER } from '../../e2e/fixtures/profile-meta.js';
import type { ProfileMeta } from './vault/profiles.js';
import { profileRowView, profileView } from './views.js';

const base = DEPLOYER;
const valid = { at: '2025-06-01T12:05:00.000Z', valid: true as const, account: '609629065308', arn: 'arn:aws:iam::609629065308:user/deployer', userId: 'AIDA', userName: 'deployer', lastUsed: null };
const undecided = { at: '2025-06-02T08:00:00.000Z', valid: null, error: { Code: 'NetworkError', Message: 'no route', HttpStatus: null, Category: 'offline' as const, Hint: 'Check the network.' } };

describe('the list row view', () => {
  it('is the list view with arn, userName, notes and expiration after its fields, as JSON too', () => {
    const noted: ProfileMeta = { ...base, notes: 'CI', expiration: '2025-06-03T00:00:00.000Z', history: [undecided, valid] };
    for (const p of [base, noted]) {
      const row = profileRowView(p);
      const list = profileView(p);
      expect(Object.keys(row)).toEqual([...Object.keys(list), 'arn', 'userName', 'notes', 'expiration']);
      expect(JSON.stringify(row)).toBe(JSON.stringify({ ...list, arn: row.arn, userName: row.userName, notes: row.notes, expiration: row.expiration }));
    }
  });

  it('says whose the key is from the last decided check, never from an undecided one', () => {
    const row = profileRowView({ ...base, notes: 'CI', history: [undecided, valid] });
    expect(row).toMatchObject({ status: 'could not check', arn: valid.arn, userName: 'deployer', notes: 'CI', expiration: null, lastDecided: { valid: true, status: 'valid' } });
    expect(profileRowView(base)).toMatchObject({ status: 'never checked', arn: null, userName: null, notes: null, expiration: null });
  });
});
