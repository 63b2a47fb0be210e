/**
 * The transport on node:http and node:https: keep-alive agents, and one exchange per send, straight to the target,
 * through an HTTP proxy (plain http), or through a CONNECT tunnel (https). Every way ends in one Result.
 */
import http from 'node:http';
import type https from 'node:https';
import net from 'node:net';
import type tls from 'node:tls';
import { err, ok, type Result } from '../../../shared/result.js';
import type { BundleTrust } from './ca-bundle.js';
import { watchDeadlines } from './deadline.js';
import { bareHost } from './endpoints.js';
import { networkFailure, proxyRefusal, timeoutFailure } from './errors.js';
import { proxyFor } from './proxy.js';
import { openTunnel, viaHttpProxy } from './proxy-tunnel.js';
import { readBody } from './read-body.js';
import { headerList, headerObject } from './request-headers.js';
import type { HttpRequest, HttpResponse, Transport, TransportFailure } from './transport.js';

/** STS and IAM answers are a few KiB; anything this large is not one. */
const MAX_BODY_BYTES = 1 << 20;

/** What a NodeTransport is built with; the environment is read once, by createTransport. */
export interface NodeTransportSettings {
  readonly connectTimeoutMs: number;
  readonly responseTimeoutMs: number;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The trust roots when AWS_CA_BUNDLE is set (built at the first https request); Node's own otherwise. */
  readonly trust?: BundleTrust;
  /** AWS_CA_BUNDLE's file, named in the hint when a server's chain is not trusted. */
  readonly caBundle?: string;
}

/** A direct request's host, port, path and SNI name, as read off its target URL. */
interface DirectTarget {
  readonly target: URL;
  readonly isHttps: boolean;
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly servername: string | undefined;
}

/** One send: settles once, and then stops every timer it started. */
class Exchange {
  private settled = false;
  private readonly stops: Array<() => void> = [];

  constructor(
    private readonly resolve: (result: Result<HttpResponse, TransportFailure>) => void,
    private readonly target: URL,
    private readonly proxy: URL | undefined,
    readonly operation: string | undefined,
    private readonly caBundle: string | undefined,
  ) {}

  /** "host" or "host via proxy host", for messages: made only when one is said. */
  get where(): string {
    return this.proxy ? `${this.target.host} via proxy ${this.proxy.host}` : this.target.host;
  }

  onFinish(stop: () => void): void {
    this.stops.push(stop);
  }

  finish(result: Result<HttpResponse, TransportFailure>): void {
    if (this.settled) return;
    this.settled = true;
    this.stops.forEach((stop) => stop());
    this.resolve(result);
  }

  failWith(code: string): void {
    this.finish(err(networkFailure(code, this.where, this.operation, this.caBundle)));
  }

  readonly fail = (e: NodeJS.ErrnoException): void => this.failWith(tlsCode(e) ?? e.code ?? 'ERROR');
}

/**
 * OpenSSL's "wrong version number" arrives as a bare EPROTO whose only detail is in the message: it means the
 * other end does not speak TLS (a plain-http server at an https:// URL). Named, it can be said in words.
 */
function tlsCode(e: NodeJS.ErrnoException): string | undefined {
  return e.code === 'EPROTO' && /wrong version number/i.test(e.message) ? 'ERR_SSL_WRONG_VERSION_NUMBER' : undefined;
}

/**
 * node:https and node:tls, loaded by the first https request: loading them loads Node's crypto (~5 ms of a cold
 * start), which a check over plain http (a loopback endpoint, a test) never needs.
 */
const httpsModule = (): typeof https => process.getBuiltinModule('node:https');
const tlsModule = (): typeof tls => process.getBuiltinModule('node:tls');

/** The default transport: see createTransport. */
export class NodeTransport implements Transport {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  /** Built with the first https request (see httpsModule). */
  private httpsAgentBuilt: https.Agent | undefined;
  /** The proxy decision per origin: the environment does not change under a running transport. */
  private readonly proxies = new Map<string, URL | undefined>();
  /** The last target asked about and its proxy: a client sends every call of a service to one URL object. */
  private lastTarget: URL | undefined;
  private lastProxy: URL | undefined;
  private lastDirect: DirectTarget | undefined;

  constructor(private readonly settings: NodeTransportSettings) {}

  private httpsAgent(secureContext: tls.SecureContext | undefined): https.Agent {
    this.httpsAgentBuilt ??= new (httpsModule().Agent)({ keepAlive: true, maxSockets: 16, ...(secureContext ? { secureContext } : {}) });
    return this.httpsAgentBuilt;
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgentBuilt?.destroy();
  }

  send(request: HttpRequest, operation?: string): Promise<Result<HttpResponse, TransportFailure>> {
    const target = request.url;
    const proxy = this.proxyOf(target);
    return new Promise((resolve) => {
      const exchange = new Exchange(resolve, target, proxy, operation, this.settings.caBundle);
      const trusted = this.settings.trust && target.protocol === 'https:' ? this.settings.trust() : ok(undefined);
      if (!trusted.ok) {
        exchange.finish(err({ ...networkFailure('ECABUNDLE', exchange.where, operation), message: trusted.error.message, hint: trusted.error.hint }));
        return;
      }
      const secureContext = trusted.value;
      if (!proxy) this.exchange(exchange, this.direct(request, secureContext), request.body);
      else if (target.protocol !== 'https:') this.exchange(exchange, viaHttpProxy(request, proxy), request.body);
      else this.viaTunnel(exchange, request, headerObject(request), proxy, secureContext);
    });
  }

  private proxyOf(target: URL): URL | undefined {
    if (target === this.lastTarget) return this.lastProxy;
    const origin = target.origin;
    if (!this.proxies.has(origin)) this.proxies.set(origin, proxyFor(target, this.settings.env));
    this.lastTarget = target;
    this.lastProxy = this.proxies.get(origin);
    return this.lastProxy;
  }

  /** Straight to the target, on a keep-alive connection. */
  private direct(request: HttpRequest, secureContext: tls.SecureContext | undefined): http.ClientRequest {
    const to = this.directTo(request.url);
    const options: https.RequestOptions = {
      method: request.method,
      host: to.host,
      port: to.port,
      path: to.path,
      headers: headerList(request),
      agent: to.isHttps ? this.httpsAgent(secureContext) : this.httpAgent,
    };
    // SNI takes host names only (RFC 6066); an IP address there is a deprecation warning in Node.
    if (to.servername !== undefined) options.servername = to.servername;
    return (to.isHttps ? httpsModule() : http).request(options);
  }

  /** Where a direct request to `target` goes, read off the URL once per URL object (a client sends every call of a service to one). */
  private directTo(target: URL): DirectTarget {
    if (target === this.lastDirect?.target) return this.lastDirect;
    const isHttps = target.protocol === 'https:';
    const host = bareHost(target.hostname);
    this.lastDirect = { target, isHttps, host, port: targetPort(target), path: `${target.pathname}${target.search}`, servername: isHttps && !net.isIP(host) ? target.hostname : undefined };
    return this.lastDirect;
  }

  /** https through a proxy: a CONNECT tunnel, then TLS to the target inside it. */
  private viaTunnel(exchange: Exchange, request: HttpRequest, headers: Record<string, string>, proxy: URL, secureContext: tls.SecureContext | undefined): void {
    const target = request.url;
    const host = bareHost(target.hostname);
    const { connectTimeoutMs, responseTimeoutMs } = this.settings;
    // The tunnel is the connect of this exchange: bounded by the connect deadline, or by the response deadline when
    // that is sooner (--cli-connect-timeout 0 means none), which then goes on counting from here, as a direct one does.
    const started = Date.now();
    const limit = connectTimeoutMs < responseTimeoutMs ? { phase: 'connect' as const, ms: connectTimeoutMs } : { phase: 'response' as const, ms: responseTimeoutMs };
    const stop = openTunnel(proxy, target.hostname, targetPort(target), limit.ms, {
      timedOut: () => exchange.finish(err(timeoutFailure(limit.phase, limit.ms, exchange.where, exchange.operation))),
      failed: exchange.fail,
      refused: (status) => exchange.finish(err(proxyRefusal(status, proxy, `${target.hostname}:${targetPort(target)}`, exchange.where, exchange.operation))),
      open: (socket) => {
        const req = httpsModule().request({
          method: request.method,
          host,
          port: targetPort(target),
          path: `${target.pathname}${target.search}`,
          headers,
          // No agent: with `agent: false` Node would open its own connection and ignore createConnection. The host is
          // what the certificate is checked against: left out, TLS took the tunnel socket's, the proxy's.
          createConnection: () => tlsModule().connect({ socket, host, ...(net.isIP(host) ? {} : { servername: target.hostname }), ...(secureContext ? { secureContext } : {}) }),
        });
        this.exchange(exchange, req, request.body, started);
      },
    });
    exchange.onFinish(stop);
  }

  /** Sends `req` with its body under the deadlines and reads the answer; `started` when the exchange began before it. */
  private exchange(exchange: Exchange, req: http.ClientRequest, body: string | undefined, started?: number): void {
    const { connectTimeoutMs, responseTimeoutMs } = this.settings;
    const stop = watchDeadlines(
      req,
      connectTimeoutMs,
      responseTimeoutMs,
      (phase, timeoutMs) => {
        exchange.finish(err(timeoutFailure(phase, timeoutMs, exchange.where, exchange.operation)));
        req.destroy();
      },
      started,
    );
    exchange.onFinish(stop);
    req.on('error', exchange.fail);
    req.on('response', (res) =>
      readBody(res, MAX_BODY_BYTES, (result) => {
        if (result.ok) return exchange.finish(result);
        if (result.error.tooLarge) req.destroy();
        exchange.failWith(result.error.code);
      }),
    );
    if (body !== undefined) req.end(body);
    else req.end();
  }
}

/** The target's port: its own, or the default of its scheme. */
function targetPort(target: URL): number {
  return Number(target.port || (target.protocol === 'https:' ? 443 : 80));
}
