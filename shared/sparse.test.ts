import { describe, expect, it } from 'vitest';
import { PROFILE_ROW_NULLABLE, type ProfileRowView } from './model';
import { leaveOutNulls, withNulls } from './sparse';

const row: ProfileRowView = { id: 'p1', name: 'alice', maskedKeyId: 'AKIA************0000', keyType: 'long-term', account: '609629065308', status: 'never checked', lastChecked: null, lastDecided: null, lastAttempt: null, lastUsed: null, region: null, arn: null, userName: null, notes: 'kept', expiration: null };

describe('a list row without its null members', () => {
  it('leaves out exactly the nulls, and keeps falsy values that are not null', () => {
    expect(leaveOutNulls(row)).toEqual({ id: 'p1', name: 'alice', maskedKeyId: 'AKIA************0000', keyType: 'long-term', account: '609629065308', status: 'never checked', notes: 'kept' });
    expect(leaveOutNulls({ a: 0, b: '', c: false, d: null })).toEqual({ a: 0, b: '', c: false });
    expect(row.arn).toBeNull(); // the row itself is not changed
  });

  it('is whole again on the page, through JSON as the browser receives it', () => {
    const received = JSON.parse(JSON.stringify(leaveOutNulls(row)));
    expect(withNulls(received, PROFILE_ROW_NULLABLE)).toEqual(row);
  });
});
