/**
 * The page's events over a WebSocket of its own, from the server to the page only, through `ws` (this file is its one
 * user). A browser opens at most six HTTP/1.1 connections to one host for all its tabs' requests, and a server-sent
 * events stream held one of them for as long as its tab was open: six tabs left none for any request, and a seventh
 * never loaded. WebSockets are counted apart.
 *
 * Neither side sends the token or the socket key on it: the page's proof that it holds the key it was served with is
 * checked before any upgrade (request-guard.ts), and keyscope ui's own proof is its first message, which the page
 * checks before it hears anything else or sends any request (a page left open after `keyscope ui` stopped would
 * otherwise send its requests to whatever took the port next). The page sends nothing on it: any message from the page ends the socket.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';

/** An open events socket. */
export interface EventSocket {
  /** Sends one text message. */
  send(text: string): void;
  /** Closes it (keyscope stops). */
  close(): void;
}

/**
 * Whether `headers` ask for a WebSocket keyscope speaks (RFC 6455's version 13, with a well-formed key); asked
 * before any upgrade, after the host and origin are checked, so a request that is not one is refused in words.
 */
export function asksForSocket(headers: IncomingHttpHeaders): boolean {
  const key = headers['sec-websocket-key'];
  return headers.upgrade?.toLowerCase() === 'websocket' && headers['sec-websocket-version'] === '13' && typeof key === 'string' && /^[A-Za-z0-9+/]{22}==$/.test(key);
}

/** What becomes of one events socket: `opened` once its handshake is answered, then `closed` once, whichever side ended it. */
export interface EventSocketWatch {
  opened(socket: EventSocket): void;
  /** `leaving` when the page's close said it goes away (1001: a browser's when the tab closes, reloads or navigates), not when its connection dropped. */
  closed(socket: EventSocket, leaving: boolean): void;
}

/** Takes over the connections the server upgrades to events sockets. */
export interface EventSocketServer {
  /**
   * Answers the handshake of `req` (already checked: asksForSocket, its host, origin, and the page's proof), sends
   * keyscope ui's `proof` before anything else, and tells `watch` of the socket; a handshake `ws` gives up on is
   * neither opened nor closed.
   */
  open(req: IncomingMessage, socket: Duplex, head: Buffer, proof: string, watch: EventSocketWatch): void;
}

export function eventSocketServer(): EventSocketServer {
  // The page sends nothing: a message of more than a close's few bytes is refused by `ws` and ends the socket.
  const server = new WebSocketServer({ noServer: true, maxPayload: 125, perMessageDeflate: false, clientTracking: false });
  return {
    open: (req, socket, head, proof, watch) =>
      server.handleUpgrade(req, socket, head, (ws) => {
        const events: EventSocket = {
          send: (text) => {
            if (ws.readyState === ws.OPEN) ws.send(text);
          },
          close: () => ws.terminate(),
        };
        ws.on('error', () => ws.terminate()); // a malformed frame: that socket ends, never the process
        ws.once('close', (code: number) => watch.closed(events, code === 1001));
        ws.on('message', () => ws.close());
        ws.send(JSON.stringify({ proof }));
        watch.opened(events);
      }),
  };
}
