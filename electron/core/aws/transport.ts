/**
 * HTTP transport on node:http/node:https with keep-alive, time-outs, proxies (CONNECT for https) and a CA bundle.
 * Handed in to the client, so the Electron build may pass one that follows the system proxy.
 */
import http from 'node:http';
import https from 'node:https';
import net, { type Socket } from 'node:net';
import tls from 'node:tls';
import { inputFailure, type InputFailure, type NetworkFailure, type TimeoutFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { networkFailure, timeoutFailure } from './errors.js';
import { checkProxyVariables, proxyFor } from './proxy.js';
import { MIB, readBoundedFile } from './read-bounded.js';

/** A request ready to go: headers are final (signed). */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type TransportFailure = NetworkFailure | TimeoutFailure;

/** Sends requests; the one way the core reaches the network. */
export interface Transport {
  send(request: HttpRequest, operation?: string): Promise<Result<HttpResponse, TransportFailure>>;
  /** Closes idle keep-alive connections so the process can exit. */
  close(): void;
}

export interface TransportOptions {
  readonly connectTimeoutMs?: number;
  readonly responseTimeoutMs?: number;
  /** Where HTTPS_PROXY, HTTP_PROXY, NO_PROXY and AWS_CA_BUNDLE are read. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_RESPONSE_TIMEOUT_MS = 20_000;
/** STS and IAM answers are a few KiB; anything this large is not one. */
const MAX_BODY_BYTES = 1 << 20;

/** Builds the default transport, or says why it cannot (a proxy variable that is not a URL, an unreadable CA bundle). */
export function createTransport(options: TransportOptions = {}): Result<Transport, InputFailure> {
  const env = options.env ?? process.env;
  const badProxy = checkProxyVariables(env);
  if (badProxy) return err(badProxy);
  let ca: string[] | undefined;
  const bundle = env.AWS_CA_BUNDLE;
  if (bundle) {
    const pem = readBoundedFile(bundle, MIB);
    if (!pem.ok) {
      return err(inputFailure('AWS_CA_BUNDLE', `AWS_CA_BUNDLE: the file ${bundle} ${pem.error.detail}.`, 'Point AWS_CA_BUNDLE at a PEM file of CA certificates (at most 1 MiB), or unset it.'));
    }
    if (!pem.value.includes('-----BEGIN CERTIFICATE-----')) {
      return err(inputFailure('AWS_CA_BUNDLE', `AWS_CA_BUNDLE (${bundle}) holds no PEM certificate.`, 'Point AWS_CA_BUNDLE at a PEM file of CA certificates.'));
    }
    ca = [...tls.rootCertificates, pem.value];
  }
  return ok(
    new NodeTransport(
      options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS,
      env,
      ca,
    ),
  );
}

class NodeTransport implements Transport {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  private readonly httpsAgent: https.Agent;
  /** The proxy decision per origin: the environment does not change under a running transport. */
  private readonly proxies = new Map<string, URL | undefined>();

  constructor(
    private readonly connectTimeoutMs: number,
    private readonly responseTimeoutMs: number,
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly ca: string[] | undefined,
  ) {
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 16, ...(ca ? { ca } : {}) });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  send(request: HttpRequest, operation?: string): Promise<Result<HttpResponse, TransportFailure>> {
    const target = request.url;
    let proxy = this.proxies.get(target.origin);
    if (!this.proxies.has(target.origin)) {
      proxy = proxyFor(target, this.env);
      this.proxies.set(target.origin, proxy);
    }
    const where = proxy ? `${target.host} via proxy ${proxy.host}` : target.host;
    return new Promise((resolve) => {
      let settled = false;
      const timers: NodeJS.Timeout[] = [];
      const finish = (result: Result<HttpResponse, TransportFailure>) => {
        if (settled) return;
        settled = true;
        timers.forEach(clearTimeout);
        resolve(result);
      };
      const fail = (e: NodeJS.ErrnoException) => finish(err(networkFailure(e.code ?? 'ERROR', where, operation)));

      const onSocket = (req: http.ClientRequest) => {
        // One timer: first the connect deadline, then (once connected) the rest of the response deadline.
        const started = Date.now();
        let phase: 'connect' | 'response' = 'response';
        const expire = () => {
          finish(err(timeoutFailure(phase, phase === 'connect' ? this.connectTimeoutMs : this.responseTimeoutMs, where, operation)));
          req.destroy();
        };
        timers.push(setTimeout(expire, this.responseTimeoutMs));
        req.on('socket', (socket: Socket) => {
          if (!socket.connecting || this.connectTimeoutMs >= this.responseTimeoutMs) return;
          phase = 'connect';
          clearTimeout(timers.pop());
          timers.push(setTimeout(expire, this.connectTimeoutMs));
          socket.once('connect', () => {
            phase = 'response';
            clearTimeout(timers.pop());
            timers.push(setTimeout(expire, Math.max(0, this.responseTimeoutMs - (Date.now() - started))));
          });
        });
        req.on('error', fail);
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_BODY_BYTES) {
              req.destroy();
              finish(err(networkFailure('EMSGSIZE', where, operation)));
              return;
            }
            chunks.push(c);
          });
          res.on('error', fail);
          res.on('aborted', () => fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
          res.on('end', () => {
            // Node gives lower-case names; only set-cookie comes as a list, and AWS sends none.
            const headers = res.headers as Record<string, string>;
            finish(ok({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') }));
          });
        });
        if (request.body !== undefined) req.end(request.body);
        else req.end();
      };

      const headers: Record<string, string> = { ...request.headers };
      if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
      const isHttps = target.protocol === 'https:';
      const port = Number(target.port || (isHttps ? 443 : 80));

      if (!proxy) {
        const mod = isHttps ? https : http;
        onSocket(
          mod.request({
            method: request.method,
            host: target.hostname.replace(/^\[|\]$/g, ''),
            port,
            path: `${target.pathname}${target.search}`,
            headers,
            agent: isHttps ? this.httpsAgent : this.httpAgent,
            // SNI takes host names only (RFC 6066); an IP address there is a deprecation warning in Node.
            ...(isHttps && !net.isIP(target.hostname.replace(/^\[|\]$/g, '')) ? { servername: target.hostname } : {}),
          }),
        );
        return;
      }

      const proxyHeaders: Record<string, string> = {};
      if (proxy.username) {
        const auth = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
        proxyHeaders['proxy-authorization'] = `Basic ${Buffer.from(auth).toString('base64')}`;
      }
      const proxyPort = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
      if (!isHttps) {
        // Plain http through a proxy: send the absolute URL to the proxy.
        onSocket(
          http.request({
            method: request.method,
            host: proxy.hostname,
            port: proxyPort,
            path: target.href,
            headers: { ...headers, ...proxyHeaders },
            agent: false,
          }),
        );
        return;
      }
      // https through a proxy: open a tunnel with CONNECT, then TLS to the target inside it.
      const connect = http.request({
        method: 'CONNECT',
        host: proxy.hostname,
        port: proxyPort,
        path: `${target.hostname}:${port}`,
        headers: { host: `${target.hostname}:${port}`, ...proxyHeaders },
        agent: false,
      });
      const connectTimer = setTimeout(() => {
        finish(err(timeoutFailure('connect', this.connectTimeoutMs, where, operation)));
        connect.destroy();
      }, this.connectTimeoutMs);
      timers.push(connectTimer);
      connect.on('error', fail);
      connect.on('connect', (res, socket) => {
        clearTimeout(connectTimer);
        if (res.statusCode !== 200) {
          socket.destroy();
          finish(err({ ...networkFailure('EPROXY', where, operation), message: `The proxy ${proxy.host} refused the tunnel (HTTP ${res.statusCode}).`, hint: 'Check HTTPS_PROXY, the proxy credentials and NO_PROXY.' }));
          return;
        }
        onSocket(
          https.request({
            method: request.method,
            host: target.hostname,
            port,
            path: `${target.pathname}${target.search}`,
            headers,
            // No agent: with `agent: false` Node would open its own connection and ignore createConnection.
            createConnection: () => tls.connect({ socket, ...(net.isIP(target.hostname) ? {} : { servername: target.hostname }), ...(this.ca ? { ca: this.ca } : {}) }),
          }),
        );
      });
      connect.end();
    });
  }
}
