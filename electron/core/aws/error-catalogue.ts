/**
 * The error catalogue as data: every code the STS and IAM references name, with what it means for the credential
 * and what to do, and the network and TLS errors in plain words. errors.ts applies it.
 */
import type { FailureCategory } from '../../../shared/failure.js';

/** What one AWS error code means for the credential, and what to do. */
export interface CatalogueEntry {
  readonly category: FailureCategory;
  readonly hint: string;
}

/** The advice for a clock that is off. */
export const CHECK_CLOCK = 'Set this computer\'s clock automatically (NTP) and try again.';

const ENDPOINT_LACKS_ACTION =
  'The endpoint does not offer this action, so the key\'s validity is unknown: check that --endpoint-url (or the profile\'s endpoint_url) points at STS or IAM, not another service, and that an emulator supports the action.';
const REQUEST_ALTERED =
  'The request arrived incomplete or altered, so the key\'s validity is unknown: a proxy may be rewriting requests (check HTTPS_PROXY and the endpoint URL); if none is, please report it as a keyscope bug with the request id.';

/** What each AWS error code means here. */
export const ERROR_CATALOGUE: Readonly<Record<string, CatalogueEntry>> = {
  InvalidClientTokenId: {
    category: 'invalid-key',
    hint: 'AWS does not accept this access key id: it was deactivated or deleted in IAM, mistyped, or belongs to another partition (China, GovCloud). Check its status in the IAM console (Security credentials), the key id and the region.',
  },
  SignatureDoesNotMatch: {
    category: 'invalid-secret',
    hint: 'The key id exists but the secret does not match it: check the secret access key for a typo or a missing character.',
  },
  IncompleteSignature: { category: 'input', hint: 'The request was not fully signed: check that the key id and secret are complete.' },
  MissingAuthenticationToken: { category: 'input', hint: 'No credential was sent: give an access key id and secret.' },
  ExpiredToken: { category: 'expired', hint: 'These temporary credentials have expired: get new ones (assume the role or get a session token again).' },
  ExpiredTokenException: { category: 'expired', hint: 'The web identity or SAML token has expired: get a fresh token from the identity provider.' },
  RequestExpired: { category: 'clock-skew', hint: `The request arrived too late or too early for AWS. ${CHECK_CLOCK}` },
  AccessDenied: { category: 'access-denied', hint: 'The credential works, but its policies do not allow this action.' },
  AccessDeniedException: { category: 'access-denied', hint: 'The credential works, but its policies do not allow this action.' },
  InternalFailure: { category: 'service', hint: 'AWS failed to process the request: try again in a moment.' },
  ServiceUnavailable: { category: 'service', hint: 'The service is unavailable for now: try again in a moment.' },
  ServiceFailure: { category: 'service', hint: 'IAM failed to process the request: try again in a moment.' },
  Throttling: { category: 'throttled', hint: 'AWS is limiting the request rate: wait a little and try again.' },
  ThrottlingException: { category: 'throttled', hint: 'AWS is limiting the request rate: wait a little and try again.' },
  RequestLimitExceeded: { category: 'throttled', hint: 'AWS is limiting the request rate: wait a little and try again.' },
  TooManyRequestsException: { category: 'throttled', hint: 'AWS is limiting the request rate: wait a little and try again.' },
  NoSuchEntity: { category: 'input', hint: 'IAM found no such entity: check the name or id you gave.' },
  InvalidInput: { category: 'input', hint: 'IAM refused a parameter: check the values you gave.' },
  ValidationError: { category: 'input', hint: 'A parameter does not meet the service\'s rules: check the values you gave.' },
  InvalidParameterValue: { category: 'input', hint: 'A parameter does not meet the service\'s rules: check the values you gave.' },
  RegionDisabledException: {
    category: 'input',
    hint: 'STS is not activated for this region in the account: activate it in the IAM account settings, or use another region or the global endpoint.',
  },
  InvalidIdentityToken: { category: 'input', hint: 'The identity provider\'s token is not valid: check it is complete, signed, and meant for this role.' },
  IDPRejectedClaim: { category: 'access-denied', hint: 'The identity provider rejected the claim: check the role\'s trust policy and the token\'s audience and subject.' },
  IDPCommunicationError: { category: 'service', hint: 'AWS could not reach the identity provider: try again in a moment.' },
  MalformedPolicyDocument: { category: 'input', hint: 'The policy document is not valid IAM policy JSON: check its syntax.' },
  PackedPolicyTooLarge: { category: 'input', hint: 'The session policies and tags are too large once packed: shorten them.' },
  InvalidAuthorizationMessageException: { category: 'input', hint: 'The encoded message is not one AWS issued, or it was cut: paste the whole message.' },
  OptInRequired: { category: 'access-denied', hint: 'The account is not subscribed to this service.' },
  // AWS's common errors, which any Query action can return. A valid request from keyscope draws none of the first
  // five: they mean the endpoint is not STS or IAM (or an emulator lacks the action), or something on the way altered
  // the request. Either way the key's validity is unknown.
  InvalidAction: { category: 'service', hint: ENDPOINT_LACKS_ACTION },
  MissingAction: { category: 'service', hint: ENDPOINT_LACKS_ACTION },
  MissingParameter: { category: 'service', hint: REQUEST_ALTERED },
  InvalidQueryParameter: { category: 'service', hint: REQUEST_ALTERED },
  MalformedQueryString: { category: 'service', hint: REQUEST_ALTERED },
  InvalidParameterCombination: { category: 'input', hint: 'Two of the values you gave cannot be used together: check the options of this command.' },
  NotAuthorized: { category: 'access-denied', hint: 'The credential works, but its policies do not allow this action.' },
};

/**
 * Codes by which AWS answers a well-formed request: what it names does not exist. Nothing typed was malformed, so
 * the CLI exits 1 (AWS's answer) for them, not 2 (bad input), as the AWS CLI reports a service error.
 */
export const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['NoSuchEntity']);

/** The codes by which AWS says it is limiting the request rate. */
export const THROTTLING_CODES: ReadonlySet<string> = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException']);
/** Codes of a passing fault on AWS's side, worth another try whatever the status. */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set(['InternalFailure', 'ServiceUnavailable', 'ServiceFailure', 'IDPCommunicationError']);

/**
 * The TLS errors of a certificate chain this computer does not trust: with AWS_CA_BUNDLE set, its file did not vouch
 * for the server (a wrong CA, or a certificate cut or mistyped, which TLS skips without a word).
 */
export const UNTRUSTED_CERT_CODES: ReadonlySet<string> = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);

/** The hint for an untrusted chain when AWS_CA_BUNDLE is set: setting it, as the others say, is done. */
export function bundleHint(bundle: string): string {
  return `AWS_CA_BUNDLE (${bundle}) is set, but no certificate in it vouches for this server: check that it holds the proxy's or server's CA certificate, whole (TLS skips a certificate that is cut or mistyped without a word), or unset it.`;
}

/** Said for Node's HTTP parser's other codes (HPE_…): bytes came back, but not an HTTP answer. */
export const NOT_HTTP = {
  message: 'What answered at this address does not speak HTTP.',
  hint: 'Check the endpoint URL\'s port and scheme (another kind of server listens there: SSH, a database, a service that speaks only HTTP/2) and any proxy in between.',
} as const;

/** Node and OpenSSL error codes in plain words, with what to check. */
export const NETWORK_HINTS: Readonly<Record<string, { message: string; hint: string }>> = {
  ECONNREFUSED: { message: 'The connection was refused.', hint: 'Nothing is listening at that address: check the endpoint URL, the port and any proxy setting.' },
  ENOTFOUND: { message: 'The host name could not be resolved.', hint: 'Check the network connection, the DNS settings and the endpoint or region name.' },
  EAI_AGAIN: { message: 'The host name could not be resolved for now.', hint: 'Check the network connection and DNS, then try again.' },
  ECONNRESET: { message: 'The connection was reset.', hint: 'A firewall or proxy may be cutting the connection: check the network and try again.' },
  // The transport stops reading an answer past 1 MiB (node-transport.ts): STS and IAM answers are a few KiB.
  EMSGSIZE: {
    message: 'The answer was larger than 1 MiB, which no STS or IAM answer is.',
    hint: 'Something other than STS or IAM answered (a download, a proxy\'s or portal\'s page): check the endpoint URL and any proxy.',
  },
  // Node reads at most 16 KiB of headers (its --max-http-header-size); AWS sends well under 1 KiB.
  HPE_HEADER_OVERFLOW: {
    message: 'The answer\'s headers were larger than 16 KiB, which no STS or IAM answer\'s are.',
    hint: 'Something other than STS or IAM answered: check the endpoint URL and any proxy.',
  },
  EHOSTUNREACH: { message: 'The host cannot be reached.', hint: 'Check the network connection and any VPN or firewall.' },
  ENETUNREACH: { message: 'The network cannot be reached.', hint: 'Check that this computer is online.' },
  SELF_SIGNED_CERT_IN_CHAIN: {
    message: 'The TLS certificate chain holds a certificate this computer does not trust.',
    hint: 'A corporate proxy may be inspecting TLS: set AWS_CA_BUNDLE to its CA certificate file.',
  },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    message: 'The TLS certificate could not be verified.',
    hint: 'A corporate proxy may be inspecting TLS: set AWS_CA_BUNDLE to its CA certificate file.',
  },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: {
    message: 'The TLS certificate\'s issuer is not trusted here.',
    hint: 'A corporate proxy may be inspecting TLS: set AWS_CA_BUNDLE to its CA certificate file.',
  },
  DEPTH_ZERO_SELF_SIGNED_CERT: { message: 'The server\'s TLS certificate is self-signed.', hint: 'Set AWS_CA_BUNDLE to a file holding that certificate if you trust it.' },
  CERT_HAS_EXPIRED: { message: 'The server\'s TLS certificate has expired.', hint: 'Check this computer\'s clock; if it is right, the server or proxy is misconfigured.' },
  ERR_SSL_WRONG_VERSION_NUMBER: {
    message: 'The endpoint did not answer in TLS: what listens at this https:// URL is not an HTTPS server (a plain-http server, perhaps).',
    hint: 'Check the URL: a local plain-http endpoint (moto, LocalStack) takes http://; otherwise check the port and any proxy in between.',
  },
  EPROTO: {
    message: 'The TLS handshake failed: the server broke the protocol.',
    hint: 'The server may not speak TLS at this address, or a proxy or firewall interferes: check the URL\'s scheme and port, and any proxy.',
  },
  ERR_TLS_CERT_ALTNAME_INVALID: { message: 'The TLS certificate is for another host name.', hint: 'Check the endpoint URL and any proxy in between.' },
};
