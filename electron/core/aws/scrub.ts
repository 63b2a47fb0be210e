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
