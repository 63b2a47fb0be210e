import { describe, expect, it } from 'vitest';
import { wholeProfileRow, type ProfileRowView } from './model';
import { leaveOutNulls } from './sparse';

const row: ProfileRowView = { id: 'p1', name: 'alice', maskedKeyId: 'AKIA************0000', keyType: 'long-term', account: '609629065308', status: 'never checked', lastChecked: null, lastDecided: null, lastAttempt: null, lastUsed: null, region: null, arn: null, userName: null, notes: 'kept', expiration: null };

describe('a list row without its null members', () => {
  it('leaves out exactly the nulls, and keeps falsy values that are not null', () => {
    expect(leaveOutNulls(row)).toEqual({ id: 'p1', name: 'alice', maskedKeyId: 'AKIA************0000', keyType: 'long-term', account: '609629065308', status: 'never checked', notes: 'kept' });
    expect(leaveOutNulls({ a: 0, b: '', c: false, d: null })).toEqual({ a: 0, b: '', c: false });
    expect(row.arn).toBeNull(); // the row itself is not changed
  });

  it('is whole again on the page, through JSON as the browser receives it', () => {
    const received = JSON.parse(JSON.stringify(leaveOutNulls(row)));
    const whole = wholeProfileRow(received);
    expect(whole).toEqual(row);
    // Its members in the order of a row made in main: one shape for every row.
    expect(Object.keys(whole)).toEqual(Object.keys(row));
  });

  it('keeps every member that is not null', () => {
    const full: ProfileRowView = { ...row, lastChecked: '2026-11-01T00:00:00Z', lastDecided: { valid: true, status: 'valid', at: '2026-11-01T00:00:00Z' }, lastAttempt: { at: '2026-11-02T00:00:00Z', error: null }, lastUsed: 'never', region: 'eu-west-1', arn: 'arn:aws:iam::609629065308:user/alice', userName: 'alice', expiration: '2026-12-01T00:00:00Z' };
    expect(wholeProfileRow(JSON.parse(JSON.stringify(leaveOutNulls(full))))).toEqual(full);
  });
});
