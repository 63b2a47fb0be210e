/**
 * One Query call: build, sign, send, parse, classify; retry throttling and 5xx with backoff; correct clock skew once.
 */
import type { Failure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { buildRequest } from './build-request.js';
import { ClockSkew, describeSkew } from './clock-skew.js';
import { IAM_API_VERSION, STS_API_VERSION, type ServiceName } from './constants.js';
import { resolveEndpoint, type EndpointSettings } from './endpoints.js';
import { canaryFailure, isRetryable } from './errors.js';
import type { Credentials, QueryAnswer } from './model.js';
import { queryPairs, type QueryValue } from './query.js';
import { backoffDelay, DEFAULT_RETRY, retryAfterMs, type RetryPolicy } from './retry.js';
import { interpretResponse } from './response.js';
import type { Transport } from './transport.js';
import type { XmlNode } from './xml.js';

/** Something the client reports for --debug: never a secret, never a body. */
export interface ClientEvent {
  readonly operation: string;
  readonly attempt: number;
  readonly url: string;
  readonly status?: number;
  readonly outcome: string;
  readonly ms: number;
}

/** What a client needs: where to send, how to identify itself, and (for tests) the clock, pauses and dice. */
export interface ClientOptions {
  readonly transport: Transport;
  readonly endpoints: EndpointSettings;
  readonly userAgent: string;
  readonly retry?: RetryPolicy;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly onEvent?: (event: ClientEvent) => void;
  /** Sign with a key of a canary-token account anyway (--allow-canary): it alerts whoever planted it. */
  readonly allowCanary?: boolean;
}

const VERSIONS: Readonly<Record<ServiceName, string>> = { sts: STS_API_VERSION, iam: IAM_API_VERSION };
/** The pairs of a call without parameters (every call of a check), made once per service and action. */
const BARE_PAIRS: Readonly<Record<ServiceName, Map<string, Array<[string, string]>>>> = { sts: new Map(), iam: new Map() };

function pairsOf(service: ServiceName, action: string, params: Readonly<Record<string, QueryValue>>): Array<[string, string]> {
  for (const key in params) if (Object.hasOwn(params, key)) return queryPairs(action, VERSIONS[service], params);
  let pairs = BARE_PAIRS[service].get(action);
  if (!pairs) {
    pairs = queryPairs(action, VERSIONS[service], params);
    BARE_PAIRS[service].set(action, pairs);
  }
  return pairs;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Calls STS and IAM actions for one credential (or none, for the unsigned calls). */
export class QueryClient {
  private readonly clock: ClockSkew;
  private readonly endpoints = new Map<ServiceName, ReturnType<typeof resolveEndpoint>>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly retry: RetryPolicy;
  /** Whether the credential's key belongs to a canary-token account; undefined until the first signed call. */
  private canaryKey: boolean | undefined;

  constructor(
    private readonly options: ClientOptions,
    private readonly credentials?: Credentials,
  ) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.clock = new ClockSkew(this.now);
  }

  /** The clock correction in force, in milliseconds (0 when our clock is fine). */
  get clockSkewMs(): number {
    return this.clock.offsetMs;
  }

  /** Calls `action` and reads its `<action>Result` with `read`. Unsigned when `signed` is false. */
  async call<T>(
    service: ServiceName,
    action: string,
    params: Readonly<Record<string, QueryValue>>,
    read: (result: XmlNode | undefined) => T,
    signed = true,
  ): Promise<Result<QueryAnswer<T>, Failure>> {
    const endpoint = this.endpoint(service);
    if (!endpoint.ok) return endpoint;
    if (signed && !this.credentials) {
      return err({ kind: 'input', category: 'input', message: `${action} needs a credential.`, hint: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pick a saved profile.' });
    }
    // A key's account is decoded from its id once per client (the credential never changes), not on every call.
    if (signed && this.credentials && !this.options.allowCanary && this.canaryKey !== false) {
      const canary = canaryFailure(this.credentials.accessKeyId, action);
      this.canaryKey = canary !== undefined;
      if (canary) return err(canary); // nothing is sent: the first signed request is what alerts
    }
    const { url, signingRegion } = endpoint.value;
    const pairs = pairsOf(service, action, params);
    const credentials = signed ? this.credentials : undefined;
    const { userAgent, onEvent } = this.options;
    let skewRetried = false;
    for (let attempt = 1; ; attempt += 1) {
      const started = this.now();
      // The correction this request is signed with: another call under way may learn a new one before it is answered.
      const signedWithOffset = this.clock.offsetMs;
      const request = await buildRequest({ service, url, signingRegion, userAgent, credentials, signingDate: this.clock.signingDate() }, pairs);
      const sent = await this.options.transport.send(request, action);
      // Made only for a caller that listens (--debug): a check without one spends no closure on it.
      const report = onEvent
        ? (outcome: string, status?: number) => onEvent({ operation: action, attempt, url: `${url.origin}${url.pathname}`, status, outcome, ms: this.now() - started })
        : undefined;
      if (!sent.ok) {
        report?.(sent.error.kind === 'network' ? sent.error.code : `timeout (${sent.error.phase})`);
        if (isRetryable(sent.error) && attempt < this.retry.maxAttempts) {
          await this.sleep(backoffDelay(this.retry, attempt, this.random()));
          continue;
        }
        return sent;
      }
      const response = sent.value;
      this.clock.learn(response);
      const outcome = interpretResponse(action, service, response, read, this.credentials?.accessKeyId);
      report?.(outcome.ok ? 'ok' : outcome.error.kind === 'aws' ? outcome.error.code : outcome.error.kind, response.status);
      if (outcome.ok) return this.clock.offsetMs !== 0 ? ok({ ...outcome.value, clockSkewMs: this.clock.offsetMs }) : outcome;
      const failure = outcome.error;
      // Re-signed once when the correction changed since this request was signed: learned from this answer, or from
      // another call's answered first (verify's two calls go together; the second refusal taught nothing new).
      if (failure.category === 'clock-skew' && this.clock.changedSince(signedWithOffset) && !skewRetried) {
        skewRetried = true;
        attempt -= 1;
        continue;
      }
      if (failure.category === 'clock-skew' && this.clock.offsetMs !== 0) {
        return err({ ...failure, hint: `${failure.hint} ${describeSkew(this.clock.offsetMs)}` });
      }
      if (isRetryable(failure) && attempt < this.retry.maxAttempts) {
        await this.sleep(backoffDelay(this.retry, attempt, this.random(), retryAfterMs(response.headers['retry-after'])));
        continue;
      }
      return err(failure);
    }
  }

  /** The endpoint of a service, resolved once per client. */
  private endpoint(service: ServiceName): ReturnType<typeof resolveEndpoint> {
    let endpoint = this.endpoints.get(service);
    if (!endpoint) {
      endpoint = resolveEndpoint(service, this.options.endpoints);
      this.endpoints.set(service, endpoint);
    }
    return endpoint;
  }
}
