/**
 * Failures from what went wrong: an AWS error document (classified with the catalogue in error-catalogue.ts), a
 * network error, a time-out, an answer that is not AWS XML; and which of them are worth another try. Codes we do not
 * know fall back on the HTTP status and never call a key invalid.
 */
import type { AwsFailure, CanaryFailure, FailureCategory, NetworkFailure, ParseFailure, TimeoutFailure } from '../../../shared/failure.js';
import { canaryService } from '../keys/canary-accounts.js';
import { analyzeKeyId } from '../keys/key-id.js';
import { bundleHint, CHECK_CLOCK, ERROR_CATALOGUE, NETWORK_HINTS, NOT_HTTP, THROTTLING_CODES, TRANSIENT_CODES, UNTRUSTED_CERT_CODES } from './error-catalogue.js';
import { scrubSecrets } from './scrub.js';

export { ERROR_CATALOGUE, scrubSecrets };

/** Context that makes a hint more precise. */
export interface ErrorContext {
  readonly service: 'sts' | 'iam';
  readonly accessKeyId?: string;
}

/** Turns an AWS error document into a failure with a category and a hint. */
export function awsFailure(
  operation: string,
  error: { code: string; message: string; requestId?: string },
  httpStatus: number,
  context: ErrorContext,
): AwsFailure {
  const entry = ERROR_CATALOGUE[error.code];
  let category: FailureCategory = entry?.category ?? fallbackCategory(httpStatus);
  let hint = entry?.hint ?? fallbackHint(httpStatus);
  if (error.code === 'SignatureDoesNotMatch' && /signature expired|not yet current/i.test(error.message)) {
    category = 'clock-skew';
    hint = `AWS says the signature's time is out of range: this computer's clock is probably wrong. ${CHECK_CLOCK}`;
  }
  if (error.code === 'InvalidClientTokenId' && context.service === 'iam' && context.accessKeyId?.startsWith('ASIA')) {
    // Session-token credentials without MFA are refused by IAM with this code; the key itself may be fine.
    category = 'access-denied';
    hint = 'IAM refuses temporary credentials from GetSessionToken unless they were issued with MFA: this does not mean the key is invalid.';
  }
  const message = error.message.trim() === '' ? `AWS answered ${error.code} (HTTP ${httpStatus}) to ${operation}.` : error.message;
  return {
    kind: 'aws',
    category,
    // Everything here came from the server, and may be kept in a profile's history.
    code: scrubSecrets(error.code),
    message: scrubSecrets(message),
    hint,
    httpStatus,
    ...(error.requestId ? { requestId: scrubSecrets(error.requestId) } : {}),
    operation,
  };
}

/**
 * A code the catalogue does not know decides nothing about the key, whatever its status: a 403 with an unknown code
 * (a new code, a proxy or firewall answering in AWS's place) had read as access-denied, which verify counts as a
 * rejection (not valid, exit 1).
 */
function fallbackCategory(status: number): FailureCategory {
  return status === 429 ? 'throttled' : 'service';
}

function fallbackHint(status: number): string {
  if (status === 429) return 'AWS is limiting the request rate: wait a little and try again.';
  if (status >= 500) return 'The service failed: try again in a moment.';
  return 'AWS refused the request with an error keyscope does not know; the credential\'s validity is unknown.';
}

/** Whether a failure is worth another try after a pause. */
export function isRetryable(failure: AwsFailure | NetworkFailure | TimeoutFailure | ParseFailure): boolean {
  switch (failure.kind) {
    case 'aws':
      return (
        THROTTLING_CODES.has(failure.code) ||
        failure.httpStatus === 429 ||
        [500, 502, 503, 504].includes(failure.httpStatus) ||
        TRANSIENT_CODES.has(failure.code)
      );
    case 'parse':
      return [429, 500, 502, 503, 504].includes(failure.httpStatus);
    case 'network':
      return ['ECONNRESET', 'EPIPE', 'ECONNABORTED'].includes(failure.code);
    case 'timeout':
      return false;
  }
}

/** The failure for a key of a canary-token account, or undefined for any other key (decided offline, from the id). */
export function canaryFailure(accessKeyId: string, action: string): CanaryFailure | undefined {
  const account = analyzeKeyId(accessKeyId).derivedAccount;
  const service = canaryService(account);
  if (!account || !service) return undefined;
  return {
    kind: 'canary',
    category: 'canary',
    account,
    service,
    message: `This key belongs to account ${account}, a canary-token account (${service}): signing ${action} with it would alert whoever planted it. keyscope sent nothing.`,
    hint: 'It is almost certainly a honeytoken, not a working credential. To use it anyway (you planted it, or you mean to set it off): --allow-canary on the command line, or confirm when the app asks.',
  };
}

/** A network error in plain words; `caBundle` is AWS_CA_BUNDLE's file when set, which an untrusted chain's hint names. */
export function networkFailure(code: string, target: string, operation?: string, caBundle?: string): NetworkFailure {
  // Node's HTTP parser failed (HPE_…): bytes came back, but not an HTTP answer.
  const notHttp = code.startsWith('HPE_');
  const known = NETWORK_HINTS[code] ?? (notHttp ? NOT_HTTP : undefined);
  return {
    kind: 'network',
    // EMSGSIZE is an answer past 1 MiB, HPE_… one that is not HTTP: something answered, so it is what a proxy's page is
    // (service), not "offline".
    category: code === 'EMSGSIZE' || notHttp ? 'service' : 'offline',
    code,
    message: `${known?.message ?? `The request failed (${code}).`} (${target})`,
    hint: caBundle && UNTRUSTED_CERT_CODES.has(code) ? bundleHint(caBundle) : (known?.hint ?? 'Check the network connection, the endpoint and any proxy, then try again.'),
    ...(operation ? { operation } : {}),
  };
}

/** A proxy's refusal of the CONNECT tunnel to `tunnelTo` (host:port), in words that fit its status. */
export function proxyRefusal(status: number | undefined, proxy: URL, tunnelTo: string, where: string, operation?: string): NetworkFailure {
  const said = (message: string, hint: string): NetworkFailure => ({ ...networkFailure('EPROXY', where, operation), message: `The proxy ${proxy.host} ${message} (HTTP ${status}).`, hint });
  if (status === 407 && proxy.username) return said('refused the user name and password in the proxy URL', 'Check the user name and password in HTTPS_PROXY (percent-encoded: %40 for @, %3A for :).');
  if (status === 407) return said('asks for a user name and password', 'Give them in HTTPS_PROXY as http://user:password@host:port (percent-encode /, ?, #, @ and : in them).');
  if (status === 403) return said(`does not allow a tunnel to ${tunnelTo}`, 'Ask the proxy\'s administrators to allow it, or list the host in NO_PROXY if it can be reached directly.');
  if (status === 502 || status === 503 || status === 504) {
    return said(`could not reach ${tunnelTo}`, 'Check the endpoint\'s host name and region (the proxy looks the name up, not this computer); if they are right, the network behind the proxy is failing: try again later.');
  }
  return said(`refused the tunnel to ${tunnelTo}`, 'Check HTTPS_PROXY, the proxy credentials and NO_PROXY.');
}

/** A time-out in plain words. */
export function timeoutFailure(phase: 'connect' | 'response', timeoutMs: number, target: string, operation?: string): TimeoutFailure {
  const seconds = (timeoutMs / 1000).toFixed(timeoutMs % 1000 === 0 ? 0 : 1);
  return {
    kind: 'timeout',
    category: 'offline',
    phase,
    timeoutMs,
    message:
      phase === 'connect'
        ? `No connection to ${target} within ${seconds} s.`
        : `${target} did not answer within ${seconds} s.`,
    hint: 'Check the network connection and any proxy; a longer --cli-read-timeout or --cli-connect-timeout may help on a slow link.',
    ...(operation ? { operation } : {}),
  };
}

/** An answer that is not the XML we expect; `location` is its Location header, said of a redirect. */
export function parseFailure(reason: string, httpStatus: number, body: string, contentType: string | undefined, operation?: string, location?: string): ParseFailure {
  const html = /html/i.test(contentType ?? '') || /^\s*(<!doctype html|<html)/i.test(body);
  let message: string;
  let hint: string;
  if (httpStatus >= 300 && httpStatus < 400) {
    // Where to, without its query and fragment: a portal's sign-in URL may carry a session.
    const to = location ? ` to ${scrubSecrets((location.split(/[?#]/)[0] as string).slice(0, 200))}` : '';
    message = `The endpoint redirected (HTTP ${httpStatus})${to}, which keyscope does not follow: a signed request is for the endpoint it names.`;
    hint = 'Check the endpoint URL (https:// where it says http://, the host, the path); a captive portal redirects too: sign in to the network, then try again.';
  } else if (html) {
    message = `Got an HTML page (HTTP ${httpStatus}) instead of an AWS answer.`;
    hint = 'A proxy, captive portal or firewall answered in AWS\'s place: sign in to the network or check HTTPS_PROXY and the endpoint URL.';
  } else if (body.trim() === '') {
    message = `Got an empty answer (HTTP ${httpStatus}).`;
    hint = 'Something between here and AWS dropped the answer: try again, and check any proxy.';
  } else {
    message = `Got an answer that is not AWS XML (HTTP ${httpStatus}): ${reason}.`;
    hint = 'The answer was cut or came from something other than AWS: try again, and check the endpoint URL and any proxy.';
  }
  return {
    kind: 'parse',
    category: 'service',
    httpStatus,
    ...(contentType ? { contentType } : {}),
    // Scrubbed before it is cut: a secret that begins before the cut keeps enough of itself, in the wider window, to be
    // recognised (cut first, its first characters were shown as they were).
    bodyStart: scrubSecrets(body.slice(0, 1024).replace(/\s+/g, ' ').trim()).slice(0, 200),
    message,
    hint,
    ...(operation ? { operation } : {}),
  };
}
