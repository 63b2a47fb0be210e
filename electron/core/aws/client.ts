/**
 * One Query call: build, sign, send, parse, classify; retry throttling and 5xx with backoff; correct clock skew once.
 */
import type { Failure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { CLOCK_SKEW_LIMIT_MS, FORM_CONTENT_TYPE, HEADER_DATE, SIGNING_SERVICE, STS_API_VERSION, IAM_API_VERSION, type ServiceName } from './constants.js';
import { resolveEndpoint, type EndpointSettings } from './endpoints.js';
import { isRetryable } from './errors.js';
import { encodeForm, encodeQuery, queryPairs, type QueryValue } from './query.js';
import { backoffDelay, DEFAULT_RETRY, retryAfterMs, type RetryPolicy } from './retry.js';
import { signRequest, type Credentials } from './sign.js';
import type { HttpRequest, HttpResponse, Transport } from './transport.js';
import { interpretResponse } from './response.js';
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

export interface ClientOptions {
  readonly transport: Transport;
  readonly endpoints: EndpointSettings;
  readonly userAgent: string;
  readonly retry?: RetryPolicy;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly onEvent?: (event: ClientEvent) => void;
}

/** A parsed answer with what came with it. */
export interface Answer<T> {
  readonly value: T;
  readonly requestId?: string;
  /** Set when AWS's clock and ours differ by more than SigV4 allows: server time minus local time. */
  readonly clockSkewMs?: number;
}

const VERSIONS: Readonly<Record<ServiceName, string>> = { sts: STS_API_VERSION, iam: IAM_API_VERSION };
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Calls STS and IAM actions for one credential (or none, for the unsigned calls). */
export class QueryClient {
  /** Server time minus local time, learned from Date headers once it passes the SigV4 limit. */
  private clockOffsetMs = 0;
  private readonly endpoints = new Map<ServiceName, ReturnType<typeof resolveEndpoint>>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly options: ClientOptions,
    private readonly credentials?: Credentials,
  ) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /** The clock correction in force, in milliseconds (0 when our clock is fine). */
  get clockSkewMs(): number {
    return this.clockOffsetMs;
  }

  /** Calls `action` and reads its `<action>Result` with `read`. Unsigned when `signed` is false. */
  async call<T>(
    service: ServiceName,
    action: string,
    params: Readonly<Record<string, QueryValue>>,
    read: (result: XmlNode | undefined) => T,
    signed = true,
  ): Promise<Result<Answer<T>, Failure>> {
    let endpoint = this.endpoints.get(service);
    if (!endpoint) {
      endpoint = resolveEndpoint(service, this.options.endpoints);
      this.endpoints.set(service, endpoint);
    }
    if (!endpoint.ok) return endpoint;
    if (signed && !this.credentials) {
      return err({ kind: 'input', category: 'input', message: `${action} needs a credential.`, hint: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pick a saved profile.' });
    }
    const pairs = queryPairs(action, VERSIONS[service], params);
    let skewRetried = false;
    for (let attempt = 1; ; attempt += 1) {
      const started = this.now();
      const request = await this.build(service, endpoint.value.url, endpoint.value.signingRegion, pairs, signed);
      const sent = await this.options.transport.send(request, action);
      const report = (outcome: string, status?: number) =>
        this.options.onEvent?.({ operation: action, attempt, url: `${endpoint.value.url.origin}${endpoint.value.url.pathname}`, status, outcome, ms: this.now() - started });
      if (!sent.ok) {
        report(sent.error.kind === 'network' ? sent.error.code : `timeout (${sent.error.phase})`);
        if (isRetryable(sent.error) && attempt < this.retry.maxAttempts) {
          await this.sleep(backoffDelay(this.retry, attempt, this.random()));
          continue;
        }
        return sent;
      }
      const response = sent.value;
      const skewed = this.learnClock(response);
      const outcome = interpretResponse(action, service, response, read, this.credentials?.accessKeyId);
      report(outcome.ok ? 'ok' : outcome.error.kind === 'aws' ? outcome.error.code : outcome.error.kind, response.status);
      if (outcome.ok) {
        const skew = this.clockOffsetMs !== 0 ? { clockSkewMs: this.clockOffsetMs } : {};
        return ok({ ...outcome.value, ...skew });
      }
      const failure = outcome.error;
      if (failure.category === 'clock-skew' && skewed && !skewRetried) {
        skewRetried = true; // re-sign once with the corrected clock
        attempt -= 1;
        continue;
      }
      if (failure.category === 'clock-skew' && this.clockOffsetMs !== 0) {
        return err({ ...failure, hint: `${failure.hint} ${describeSkew(this.clockOffsetMs)}` });
      }
      if (isRetryable(failure) && attempt < this.retry.maxAttempts) {
        await this.sleep(backoffDelay(this.retry, attempt, this.random(), retryAfterMs(response.headers['retry-after'])));
        continue;
      }
      return err(failure);
    }
  }

  private async build(service: ServiceName, url: URL, region: string, pairs: Array<[string, string]>, signed: boolean): Promise<HttpRequest> {
    const headers: Record<string, string> = { host: url.host, 'user-agent': this.options.userAgent };
    const base = { protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: url.pathname };
    if (service === 'iam') {
      // IAM as a signed GET with the parameters in the query string.
      const query: Record<string, string> = Object.fromEntries(pairs);
      const signedHeaders = signed && this.credentials
        ? await signRequest({ method: 'GET', ...base, query, headers }, this.credentials, { region, service: SIGNING_SERVICE[service], signingDate: this.signingDate() })
        : headers;
      return { method: 'GET', url: new URL(`${url.origin}${url.pathname}?${encodeQuery(pairs)}`), headers: signedHeaders };
    }
    const body = encodeForm(pairs);
    const postHeaders = { ...headers, 'content-type': FORM_CONTENT_TYPE };
    const signedHeaders = signed && this.credentials
      ? await signRequest({ method: 'POST', ...base, headers: postHeaders, body }, this.credentials, { region, service: SIGNING_SERVICE[service], signingDate: this.signingDate() })
      : postHeaders;
    return { method: 'POST', url, headers: signedHeaders, body };
  }

  private signingDate(): Date {
    return new Date(this.now() + this.clockOffsetMs);
  }

  /** Updates the clock offset from the Date header; true when it changed because the skew passed the limit. */
  private learnClock(response: HttpResponse): boolean {
    const header = response.headers[HEADER_DATE];
    const server = header ? Date.parse(header) : NaN;
    if (Number.isNaN(server)) return false;
    const offset = server - this.now();
    if (Math.abs(offset) <= CLOCK_SKEW_LIMIT_MS) {
      this.clockOffsetMs = 0;
      return false;
    }
    const changed = Math.abs(offset - this.clockOffsetMs) > 1000;
    this.clockOffsetMs = offset;
    return changed;
  }
}

/** "Your clock is 7 minutes behind AWS." */
export function describeSkew(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const amount = minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.round(Math.abs(offsetMs) / 1000)} seconds`;
  return `This computer's clock is ${amount} ${offsetMs > 0 ? 'behind' : 'ahead of'} AWS's.`;
}
