/**
 * Removes from free text (error messages a server sent, the start of an unexpected body) anything shaped like a
 * credential, whatever its length: a server, a proxy or an attacker's endpoint may echo what we sent.
 */
import { maskKeyId } from '../keys/key-id.js';

// Session tokens of STS begin with these (base64 of their binary header); a cut one is still a token.
const TOKEN_PREFIX = /(?:IQoJ|FwoG)[A-Za-z0-9/+=]{12,}/g;
// Secret access keys are 40 base64 characters; session tokens are hundreds. Nothing shorter is caught, so that
// ARNs, request ids and words stay readable.
const BASE64_RUN = /[A-Za-z0-9/+=]{40,}/g;
// Key ids are four letters and at least 12 more upper-case letters or digits; keep their ends, as elsewhere.
const KEY_ID = /(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,}/g;

/** Masks key ids and removes secret- and token-shaped runs from free text. */
export function scrubSecrets(text: string): string {
  return text
    .replace(TOKEN_PREFIX, '[token removed]')
    .replace(BASE64_RUN, (run) => (run.length >= 100 ? '[token removed]' : '[secret removed]'))
    .replace(KEY_ID, (id) => maskKeyId(id));
}

const mixes = (text: string) => /[A-Z]/.test(text) && /[a-z]/.test(text) && /\d/.test(text);

/** How often the case changes between adjacent letters: about 13 times in a random secret, once a word in a path. */
const caseChanges = (text: string) => text.match(/[a-z](?=[A-Z])|[A-Z](?=[a-z])/g)?.length ?? 0;

/**
 * Letters as random base64 draws them, for 40 characters with no digit (one secret in 900 has none): about as many
 * upper- as lower-case (a quarter to three quarters), in short runs of one case (at most three on average for either:
 * two at random), and few vowels (at most three in ten: one in five at random). Names run together
 * (KeyscopeReviewSessionForAlice, EKSCICDGitHubOIDCRoleForQA…) are mostly lower-case, run words or acronyms of
 * four letters and more, or are words, vowels and all; and so are paths.
 */
function randomLetters(text: string): boolean {
  if (/\d/.test(text)) return false;
  const letters = text.replace(/[^A-Za-z]/g, '').length;
  const lower = text.match(/[a-z]+/g) ?? [];
  const upper = text.match(/[A-Z]+/g) ?? [];
  const lowerCount = lower.reduce((n, r) => n + r.length, 0);
  const vowels = text.replace(/[^AEIOUaeiou]/g, '').length;
  return (
    letters >= 20 &&
    lowerCount >= letters * 0.25 &&
    lowerCount <= letters * 0.75 &&
    lowerCount <= lower.length * 3 &&
    letters - lowerCount <= upper.length * 3 &&
    vowels <= letters * 0.3
  );
}

/**
 * Where in a run a pasted secret of 40 characters would stand whole: the run itself when it is 40 long, or its last
 * 40 after a slash (`file://…`, a folder's path before it). A longer name holds no such place.
 */
function secretPlace(run: string): string | undefined {
  if (run.length === 40) return run;
  return run.length > 40 && run[run.length - 41] === '/' ? run.slice(-40) : undefined;
}

/**
 * A run a person typed that is a pasted secret or token, not a long path or word: it mixes upper- and lower-case
 * letters and digits, as random base64 does, and (under token length) holds at most two slashes, where a path of
 * 40 such characters (/home/alice/Documents/policies/…) has more. One secret in 40 has three slashes or more too: it
 * is still told from a path by a part between slashes that mixes as well, and by case changing as often as at random
 * (a path's words change case once or twice: /home/alice/Projects/Build2024/…). A secret with no digit is told by its
 * 40 letters alone (randomLetters, where secretPlace finds them).
 */
function pastedSecret(run: string): boolean {
  if (mixes(run)) {
    if (run.length >= 100 || (run.match(/\//g)?.length ?? 0) <= 2) return true;
    if (run.split('/').some(mixes) && caseChanges(run) >= 4) return true;
  }
  const place = secretPlace(run);
  return place !== undefined && randomLetters(place);
}

/**
 * Masks key ids and removes secret- and token-shaped runs from what a message quotes of the user's own input (a
 * flag's value, a file's path), keeping long paths readable: scrubSecrets would cut any path of 40 letters and slashes.
 */
export function scrubTyped(text: string): string {
  return text
    .replace(TOKEN_PREFIX, '[token removed]')
    .replace(BASE64_RUN, (run) => (!pastedSecret(run) ? run : run.length >= 100 ? '[token removed]' : '[secret removed]'))
    .replace(KEY_ID, (id) => maskKeyId(id));
}
