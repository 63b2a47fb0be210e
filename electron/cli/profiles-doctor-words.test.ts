/**
 * `profiles doctor --repair`'s words and exit code for a repair that wrote its restore and then could not check or
 * undo it. The reports are given here as they come (doctor-beside-save.test.ts brings them about on a real
 * gnome-keyring and store, and checks the report); this is the CLI's rendering of them, a pure function.
 */
import { describe, expect, it } from 'vitest';
import type { DoctorReport } from '../core/vault/doctor.js';
import { doctorExit, doctorWords } from './profiles-doctor.js';
import { EXIT } from './io.js';

const REPAIRED: DoctorReport = {
  storeId: 'b6c0c5a4-1b9f-4f7e-9a53-3f5d2c1e0a77',
  orphanEntries: [{ id: '0e6f5f0e-8a4b-4c39-b0f4-2b1c7c9d1e23', name: 'restored', accessKeyId: 'AKIA…OR15', restoredAs: 'restored' }],
  profilesWithoutSecret: [],
  unclaimedEntries: [],
  otherStoresEntries: 0,
  unreadableEntries: 0,
  leftoverPieces: 0,
  recentPieces: 0,
  brokenEntries: [],
  keptAside: [],
  repaired: true,
  forgetNeedsYes: false,
};
const LOCKED = 'The Secret Service (GNOME Keyring or KWallet) is locked, and it could not ask you to unlock it here, so keyscope could not read from it (Cannot get secret of a locked object).';
/** A store failure as the report gives it: its cause, without the store's "Nothing was changed" (causeOnly). */
const BUSY = 'The profile store is busy (locked by process 4242).';

describe('profiles doctor --repair after its restore', () => {
  it('a restore checked and kept: said so, exit 0', () => {
    expect(doctorWords(REPAIRED)).toBe('Keychain entry "restored" (AKIA…OR15, id 0e6f5f0e-8a4b-4c39-b0f4-2b1c7c9d1e23): restored as profile "restored".\n');
    expect(doctorExit(REPAIRED, false)).toBe(EXIT.ok);
  });

  // It said the restore with no word of the look that failed, exit 0, where README promises no profile is left
  // without its secret.
  it('the keychain could not be looked at again (locked): says so, that a restored profile may have no secret and what to do, exit 3', () => {
    const d = { ...REPAIRED, restoreUnchecked: LOCKED };
    expect(doctorWords(d)).toContain(`The keychain could not be looked at again after the restore (${LOCKED.slice(0, -1)}): if another keyscope's set-key or remove deleted a restored entry meanwhile, its restored profile has no secret. Unlock the keychain, then run \`keyscope profiles doctor --repair\` again: it drops such a profile.\n`);
    expect(doctorExit(d, false)).toBe(EXIT.undecided);
  });

  // It failed with the store's words ("Nothing was changed") after writing the restore.
  it('a restored profile whose entry was deleted meanwhile and could not be dropped: says it has no secret and what to do, exit 3', () => {
    const [entry] = REPAIRED.orphanEntries;
    const d = { ...REPAIRED, orphanEntries: [{ ...entry, dropFailed: BUSY }] } as DoctorReport;
    expect(doctorWords(d)).toBe(
      `Keychain entry "restored" (AKIA…OR15, id 0e6f5f0e-8a4b-4c39-b0f4-2b1c7c9d1e23): restored as profile "restored", but another keyscope (a set-key or remove) deleted the entry meanwhile, and the store could not be written to drop that profile again (${BUSY.slice(0, -1)}), so "restored" has no secret: once the store can be written, run \`keyscope profiles doctor --repair\` again to drop it, or give it a key with \`keyscope profiles set-key restored\`.\n`,
    );
    expect(doctorExit(d, false)).toBe(EXIT.undecided);
  });
});
