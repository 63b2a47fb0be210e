/**
 * Builds one Query request, signed or not: IAM as a GET with the parameters in the query string, STS as a
 * form-encoded POST.
 */
import { FORM_CONTENT_TYPE, SIGNING_SERVICE, type ServiceName } from './constants.js';
import type { Credentials } from './model.js';
import { encodeForm, encodeQuery } from './query.js';
import { signRequest } from './sign.js';
import type { HttpRequest } from './transport.js';

/** Where the request goes and how it is signed; `credentials` undefined sends it unsigned. */
export interface RequestTarget {
  readonly service: ServiceName;
  readonly url: URL;
  readonly signingRegion: string;
  readonly userAgent: string;
  readonly credentials?: Credentials;
  readonly signingDate: Date;
}

/** What a request takes from its URL. */
interface UrlParts {
  readonly host: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly port: number | undefined;
  readonly path: string;
}

/** The last URL read and its parts: a client sends every call of a service to one URL object. */
let lastUrl: URL | undefined;
let lastParts: UrlParts | undefined;
/** The last pairs form-encoded and their body: a call without parameters hands the same pairs each time (client.ts). */
let lastPairs: Array<[string, string]> | undefined;
let lastBody: string | undefined;

function partsOf(url: URL): UrlParts {
  if (url !== lastUrl || !lastParts) {
    lastParts = { host: url.host, protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: url.pathname };
    lastUrl = url;
  }
  return lastParts;
}

/**
 * The request for `pairs` (Action and Version first), with its final headers. Not an async function: the signer's
 * promise is handed on (see signRequest); a throw here still reaches the caller's await as one.
 */
export function buildRequest(target: RequestTarget, pairs: Array<[string, string]>): Promise<HttpRequest> {
  const { service, url, credentials } = target;
  const { host, protocol, hostname, port, path } = partsOf(url);
  const scope = { region: target.signingRegion, service: SIGNING_SERVICE[service], signingDate: target.signingDate };
  if (service === 'iam') {
    const headers: Record<string, string> = { host, 'user-agent': target.userAgent };
    const query: Record<string, string> = Object.fromEntries(pairs);
    const get = (signed: Record<string, string>): HttpRequest => ({ method: 'GET', url: new URL(`${url.origin}${url.pathname}?${encodeQuery(pairs)}`), headers: signed });
    return credentials
      ? signRequest({ method: 'GET', protocol, hostname, port, path, query, headers }, credentials, scope).then(get)
      : Promise.resolve(get(headers));
  }
  const body = pairs === lastPairs && lastBody !== undefined ? lastBody : encodeForm(pairs);
  lastPairs = pairs;
  lastBody = body;
  const headers: Record<string, string> = { host, 'user-agent': target.userAgent, 'content-type': FORM_CONTENT_TYPE };
  const post = (signed: Record<string, string>): HttpRequest => ({ method: 'POST', url, headers: signed, body });
  return credentials
    ? signRequest({ method: 'POST', protocol, hostname, port, path, headers, body }, credentials, scope).then(post)
    : Promise.resolve(post(headers));
}
