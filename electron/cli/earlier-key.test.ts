/**
 * After Replace key… (`profiles set-key`) the history keeps the old key's checks: the app's page and `profiles show`
 * mark them as an earlier key's, so a "not valid" row is not read as the new key's.
 */
import { describe, expect, it } from 'vitest';
import { DEPLOYER } from '../../e2e/fixtures/profile-meta.js';
import { cliDetailView } from './profile-views.js';
import { showSections } from './profile-text.js';
import type { ProfileMeta } from '../core/vault/profiles.js';
import { profileDetailView } from '../core/views.js';

const replaced: ProfileMeta = {
  ...DEPLOYER,
  keyChangedAt: '2025-06-01T12:00:00.000Z',
  history: [
    { at: '2025-06-01T12:00:05.000Z', valid: true, account: '609629065308', arn: 'arn:aws:iam::609629065308:user/deployer', userId: 'AIDA', userName: 'deployer', lastUsed: null },
    { at: '2025-06-01T11:59:00.000Z', valid: false, error: { Code: 'InvalidClientTokenId', Message: 'The security token included in the request is invalid.', HttpStatus: 403, Category: 'invalid-key', Hint: '' } },
  ],
};

describe("a replaced key's checks in the history", () => {
  it('are marked as an earlier key\'s on the page, and the new key\'s are not', () => {
    const history = profileDetailView(replaced, true).history;
    expect(history.map((h) => h.earlierKey ?? false)).toEqual([false, true]);
    expect(profileDetailView({ ...replaced, keyChangedAt: undefined }, true).history.map((h) => h.earlierKey ?? false)).toEqual([false, false]);
  });

  it('are marked in `profiles show`, in words and in JSON', () => {
    const text = showSections(replaced, true, Date.parse('2025-06-01T13:00:00Z'));
    expect(text).toMatch(/2025-06-01T11:59:00\.000Z\s+earlier key: NOT VALID: InvalidClientTokenId/);
    expect(text).not.toMatch(/earlier key: valid/);
    const json = cliDetailView(replaced, true);
    expect(json.KeyChangedAt).toBe('2025-06-01T12:00:00.000Z');
    expect(json.History.map((h) => h.EarlierKey ?? false)).toEqual([false, true]);
  });
});
