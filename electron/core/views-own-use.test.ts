/** A profile's page tells keyscope's own check from the owner's use (issue #9): isOwnLastUse decides, ownerLastUse is shown beside it. */
import { describe, expect, it } from 'vitest';
import { DEPLOYER } from '../../e2e/fixtures/profile-meta.js';
import type { ProfileMeta } from './vault/profiles.js';
import { profileDetailView } from './views.js';

const base = DEPLOYER;
const check = (at: string, service: string, date: string) => ({ at, valid: true as const, account: '609629065308', arn: 'arn:aws:iam::609629065308:user/deployer', userId: 'AIDA', userName: 'deployer', lastUsed: { LastUsedDate: date, ServiceName: service, Region: 'us-east-1' } });

describe('the last use on a profile\'s page', () => {
  it('says it was keyscope\'s own check when the reported use is sts within 15 minutes of a check, and shows the owner\'s', () => {
    const owner = { LastUsedDate: '2025-03-01T10:00:00Z', ServiceName: 's3', Region: 'eu-west-1' };
    const p: ProfileMeta = { ...base, ownerLastUse: owner, history: [check('2025-06-01T12:05:00.000Z', 'sts', '2025-06-01T12:00:00Z'), check('2025-06-01T11:58:00.000Z', 's3', '2025-03-01T10:00:00Z')] };
    const view = profileDetailView(p, true);
    expect(view.lastUsedIsOwnCheck).toBe(true);
    expect(view.ownerLastUsed).toEqual(owner);
  });

  it('counts another service\'s use as the owner\'s', () => {
    const view = profileDetailView({ ...base, history: [check('2025-06-01T12:05:00.000Z', 's3', '2025-06-01T12:00:00Z')] }, true);
    expect(view.lastUsedIsOwnCheck).toBe(false);
    expect(view.ownerLastUsed).toBeNull();
  });
});
