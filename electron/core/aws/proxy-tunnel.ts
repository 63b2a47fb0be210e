/**
 * Reaching a host through an HTTP proxy: the Proxy-Authorization header from the proxy URL's user and password, and
 * a CONNECT tunnel for https, inside which TLS to the target runs end to end.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import { bareHost } from './endpoints.js';
import { headerObject } from './request-headers.js';
import type { HttpRequest } from './transport.js';

/** The Proxy-Authorization header for a proxy URL with credentials (Basic, RFC 7617); none without. */
export function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const auth = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(auth).toString('base64')}` };
}

/** The proxy's port: its own, or the default of its scheme. */
export function proxyPort(proxy: URL): number {
  return Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
}

/** How a tunnel attempt ends; exactly one of these is called, at most once. */
export interface TunnelEvents {
  /** The proxy answered 200: `socket` now leads to the target. */
  readonly open: (socket: Socket) => void;
  /** The proxy answered, but not 200. */
  readonly refused: (status: number | undefined) => void;
  /** No answer within the connect deadline. */
  readonly timedOut: () => void;
  /** The connection to the proxy failed. */
  readonly failed: (error: NodeJS.ErrnoException) => void;
}

/** Asks `proxy` for a tunnel to `host:port` (CONNECT). Returns the function that stops the connect timer. */
export function openTunnel(proxy: URL, host: string, port: number, connectTimeoutMs: number, events: TunnelEvents): () => void {
  const authority = `${host}:${port}`;
  const connect = http.request({
    method: 'CONNECT',
    host: bareHost(proxy.hostname),
    port: proxyPort(proxy),
    path: authority,
    headers: { host: authority, ...proxyAuthorization(proxy) },
    agent: false,
  });
  const timer = setTimeout(() => {
    events.timedOut();
    connect.destroy();
  }, connectTimeoutMs);
  connect.on('error', events.failed);
  connect.on('connect', (res: http.IncomingMessage, socket: Socket) => {
    clearTimeout(timer);
    if (res.statusCode !== 200) {
      socket.destroy();
      events.refused(res.statusCode);
      return;
    }
    events.open(socket);
  });
  connect.end();
  return () => clearTimeout(timer);
}

/** Plain http through a proxy: the absolute URL goes to the proxy. */
export function viaHttpProxy(request: HttpRequest, proxy: URL): http.ClientRequest {
  return http.request({
    method: request.method,
    host: bareHost(proxy.hostname),
    port: proxyPort(proxy),
    path: request.url.href,
    headers: { ...headerObject(request), ...proxyAuthorization(proxy) },
    agent: false,
  });
}
