/**
 * One Secret Service operation at a time in this process: the binding's calls (keychain-store.ts) and the sessions
 * spoken directly (secret-service-bus.ts) each wait for the one before them to end.
 *
 * gnome-keyring 42 to 50 aborts when clients open sessions side by side: it can answer a client's OpenSession before
 * it has that client on record ("gkd_secret_service_get_pkcs11_session: assertion 'client' failed", then GLib's
 * "g_variant_new: expected GVariant of type 'v' but received value has type '(null)'"), reported upstream and by
 * other apps' users; a desktop then starts it again with the login keyring locked. The binding opens a connection and
 * an encrypted session for every call, so reads or saves made side by side (a recheck's single reads and claims, the
 * app's handlers) did just that. Measured here against gnome-keyring 42.1: 32 reads at once, 300 times over, aborted
 * the daemon 2, 4 and 1 times in three runs; the same 9,600 reads one at a time, twice, never. They cost about the
 * same either way (~7 ms a read one at a time, ~6 ms side by side): the daemon answers one call at a time.
 */

let last: Promise<unknown> = Promise.resolve();
const settled = (): void => undefined;

/** Runs `work` once every operation queued before it has ended, whatever their outcome; its own outcome is returned. */
export function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const mine = last.then(work);
  last = mine.then(settled, settled);
  return mine;
}
