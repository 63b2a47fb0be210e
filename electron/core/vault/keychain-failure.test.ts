/**
 * keychainFailure's words for what the keychain binding and the bus say (their own messages, as seen from
 * gnome-keyring): a keychain that does not answer is not a locked one.
 */
import { describe, expect, it } from 'vitest';
import { keychainFailure } from './keychain-store.js';

const LABEL = 'the Secret Service (GNOME Keyring or KWallet)';
// What @napi-rs/keyring said when gnome-keyring was stopped (SIGSTOP), after ~2 s.
const NO_REPLY =
  'Platform failure: DBus error: Did not receive a reply. Possible causes include: the remote application did not send a reply, the message bus security policy blocked the reply, the reply timeout expired, or the network connection was broken.';

describe('keychainFailure', () => {
  it('says a keychain that did not answer did not answer, though the bus says "blocked"', () => {
    const read = keychainFailure(LABEL, new Error(NO_REPLY), 'read from');
    expect(read).toMatchObject({ category: 'service', message: expect.stringMatching(/^The Secret Service .* did not answer in time, so keyscope could not read from it/) });
    expect(read.hint).toContain('Nothing was read.');
    // A save or a removal asked for may still be made when it answers: the hint says where such an entry shows.
    const save = keychainFailure(LABEL, new Error(NO_REPLY), 'save to');
    expect(save.hint).toContain('keyscope profiles doctor');
    expect(save.hint).not.toContain('Nothing was');
    expect(keychainFailure(LABEL, new Error('the Secret Service did not answer within 10 s'), 'read from').category).toBe('service');
  });

  it('still says locked for a locked keychain, in the words each layer uses', () => {
    for (const raw of ["the keyring that holds keyscope's entries is locked; unlock it to read them", 'org.freedesktop.Secret.Error.IsLocked: Cannot get secret of a locked object', 'Collection is locked']) {
      expect(keychainFailure(LABEL, new Error(raw), 'read from').category).toBe('keychain-locked');
    }
  });
});
