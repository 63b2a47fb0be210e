/**
 * The transport's contract and its construction: the one way the core reaches the network, built from the
 * environment (proxy variables, AWS_CA_BUNDLE) once. Handed in to the client, so the Electron build may pass one that
 * follows the system proxy. The Node implementation is in node-transport.ts.
 */
import type { InputFailure, NetworkFailure, TimeoutFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { processSecureContexts, type BundleTrust, type SecureContextCache } from './ca-bundle.js';
import { NodeTransport } from './node-transport.js';
import { checkProxyVariables } from './proxy.js';

/** A request ready to go: headers are final (signed). */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** An answer read whole. */
export interface HttpResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Why a request got no answer. */
export type TransportFailure = NetworkFailure | TimeoutFailure;

/** Sends requests; the one way the core reaches the network. */
export interface Transport {
  send(request: HttpRequest, operation?: string): Promise<Result<HttpResponse, TransportFailure>>;
  /** Closes idle keep-alive connections so the process can exit. */
  close(): void;
}

/** How to build a transport; everything has a default. */
export interface TransportOptions {
  readonly connectTimeoutMs?: number;
  readonly responseTimeoutMs?: number;
  /** Where HTTPS_PROXY, HTTP_PROXY, NO_PROXY and AWS_CA_BUNDLE are read. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where the AWS_CA_BUNDLE secure context is built and kept: the process's cache unless a test hands its own. */
  readonly secureContexts?: SecureContextCache;
}

/** How long opening a connection may take (--cli-connect-timeout). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
/** How long an answer may take, connecting included (--cli-read-timeout). */
export const DEFAULT_RESPONSE_TIMEOUT_MS = 20_000;

/** Builds the default transport, or says why it cannot (a proxy variable that is not a URL, an unreadable CA bundle). */
export function createTransport(options: TransportOptions = {}): Result<Transport, InputFailure> {
  const env = options.env ?? process.env;
  const badProxy = checkProxyVariables(env);
  if (badProxy) return err(badProxy);
  const bundle = env.AWS_CA_BUNDLE;
  let trust: BundleTrust | undefined;
  if (bundle) {
    const checked = (options.secureContexts ?? processSecureContexts).forBundle(bundle);
    if (!checked.ok) return checked;
    trust = checked.value;
  }
  return ok(
    new NodeTransport({
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      responseTimeoutMs: options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS,
      env,
      ...(trust ? { trust, caBundle: bundle } : {}),
    }),
  );
}
