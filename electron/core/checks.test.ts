import { describe, expect, it } from 'vitest';
import type { ProfileMeta } from './vault/profiles.js';
import { chooseProfiles } from './checks.js';

const profile = (id: string, name: string) => ({ id, name }) as unknown as ProfileMeta;
const SAVED = [profile('1', 'alice'), profile('2', 'bob'), profile('3', 'carol')];
const names = (r: ReturnType<typeof chooseProfiles>) => (r.ok ? r.value.map((p) => p.name) : r.error.message);

describe('chooseProfiles', () => {
  it('takes all, in the store order', () => {
    expect(names(chooseProfiles(SAVED, { all: true }))).toEqual(['alice', 'bob', 'carol']);
  });

  it('takes ids in the store order, leaving out one no longer saved (a stale list)', () => {
    expect(names(chooseProfiles(SAVED, { ids: ['3', 'gone', '1'] }))).toEqual(['alice', 'carol']);
  });

  it('takes names in the order given, and refuses an unknown name by name', () => {
    expect(names(chooseProfiles(SAVED, { names: ['carol', 'alice'] }))).toEqual(['carol', 'alice']);
    const unknown = chooseProfiles(SAVED, { names: ['alice', 'dave'] });
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'input', field: 'names', message: 'No profile is named "dave".' } });
  });
});
