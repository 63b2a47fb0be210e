/**
 * One Secret Service operation at a time in this process: the binding's calls (keychain-store.ts) and the sessions
 * spoken directly (secret-service-bus.ts) each wait for the one before them to end. Each has an end: the direct
 * sessions' calls fail after REPLY_MS without an answer, and keychain-store.ts gives each binding call a deadline,
 * so one keychain that does not answer holds the others up only that long.
 *
 * gnome-keyring 42 to 50 aborts when clients open sessions side by side: it can answer a client's OpenSession before
 * it has that client on record ("gkd_secret_service_get_pkcs11_session: assertion 'client' failed", then GLib's
 * "g_variant_new: expected GVariant of type 'v' but received value has type '(null)'"), reported upstream and by
 * other apps' users; a desktop then starts it again with the login keyring locked. The binding opens a connection and
 * an encrypted session for every call, so reads or saves made side by side (a recheck's single reads and claims, the
 * app's handlers) did just that. Measured here against gnome-keyring 42.1: 32 reads asked at once, 300 times over,
 * aborted the daemon 2, 4 and 1 times in three runs; in turn, 0 times in two such runs. The cost: ~8.5 ms a read
 * in turn against ~6.3 ms side by side (the daemon answers one call at a time anyway). Other processes (a second
 * keyscope, other apps) are not held back by this.
 */

interface Turns {
  last: Promise<unknown>;
  /** How many operations have been asked for. */
  asked: number;
  /** The last failure that says the keychain did not answer, and how many operations had been asked for then. */
  silence?: { readonly upTo: number; readonly error: unknown };
}

/** The queue, shared by every copy of this module a process loads (the app's main bundle and the CLI's). */
const TURNS = Symbol.for('keyscope.secret-service-turns');
const shared = globalThis as { [TURNS]?: Turns };
const turns = (shared[TURNS] ??= { last: Promise.resolve(), asked: 0 });

/**
 * Runs `work` once every operation queued before it has ended, whatever their outcome; its own outcome is returned.
 * With `unanswered` (a test of a failure: the keychain did not answer), an operation that fails that way fails at
 * once, with the same error, every operation given `unanswered` that was asked for before it failed and has not run
 * yet: they were asked of the same silent keychain, and each would otherwise wait its own deadline in turn. One asked
 * for later tries again.
 */
export function inTurn<T>(work: () => Promise<T>, unanswered?: (error: unknown) => boolean): Promise<T> {
  turns.asked += 1;
  const ticket = turns.asked;
  let ran = false;
  const mine = turns.last.then(() => {
    const silence = turns.silence;
    if (unanswered && silence && ticket <= silence.upTo) return Promise.reject(silence.error);
    ran = true;
    return work();
  });
  turns.last = mine.then(
    () => undefined,
    (error: unknown) => {
      // Only a failure of its own: one handed on from an earlier call does not extend the silence.
      if (ran && unanswered?.(error)) turns.silence = { upTo: turns.asked, error };
    },
  );
  return mine;
}
