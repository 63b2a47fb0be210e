/**
 * The page's events over a WebSocket of its own, from the server to the page, through `ws` (this file is its one
 * user). A browser opens at most six HTTP/1.1 connections to one host for all its tabs' requests, and a server-sent
 * events stream held one of them for as long as its tab was open: six tabs left none for any request, and a seventh
 * never loaded. WebSockets are counted apart.
 *
 * The socket is opened without the token, and the server speaks first: its proof that it holds the token (a page left
 * open after `keyscope ui` stopped would otherwise show the token, and send its requests, to whatever took the port
 * next). The page checks it, then sends the token, its one message; only then is it answered `ready` and sent events.
 * A socket that has not shown the token within PROVE_MS is closed, and at most UNPROVEN_MAX wait at once. Any other
 * message from the page ends the socket.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** How long a socket may take to show the token: the page sends it a round trip after it was sent the proof. */
const PROVE_MS = 5_000;
/** How many sockets may wait for their token at once; one more closes the one that has waited longest. */
const UNPROVEN_MAX = 32;
/** Sent once the page showed the token: events come after it. */
const READY = JSON.stringify({ ready: true });

/** An open events socket. */
export interface EventSocket {
  /** Sends one text message. */
  send(text: string): void;
  /** Closes it (keyscope stops). */
  close(): void;
}

/**
 * Whether `headers` ask for a WebSocket keyscope speaks (RFC 6455's version 13, with a well-formed key); asked
 * before any upgrade, after the host, origin and token are checked, so a request that is not one is refused in words.
 */
export function asksForSocket(headers: IncomingHttpHeaders): boolean {
  const key = headers['sec-websocket-key'];
  return headers.upgrade?.toLowerCase() === 'websocket' && headers['sec-websocket-version'] === '13' && typeof key === 'string' && /^[A-Za-z0-9+/]{22}==$/.test(key);
}

/** A socket's first exchange: the server's proof, sent first, and whether the page's answer shows the token. */
export interface SocketHello {
  readonly proof: string;
  shows(answer: string): boolean;
}

/** What becomes of one events socket: `opened` once its page showed the token, then `closed` once, whichever side ended it. */
export interface EventSocketWatch {
  opened(socket: EventSocket): void;
  /** `leaving` when the page's close said it goes away (1001: a browser's when the tab closes, reloads or navigates), not when its connection dropped. */
  closed(socket: EventSocket, leaving: boolean): void;
}

/** Takes over the connections the server upgrades to events sockets. */
export interface EventSocketServer {
  /**
   * Answers the handshake of `req` (already checked: asksForSocket, its host and origin), sends `hello`'s proof, and
   * tells `watch` of the socket once the page's answer showed the token; a socket closed before, or a handshake `ws`
   * gives up on, is neither opened nor closed.
   */
  open(req: IncomingMessage, socket: Duplex, head: Buffer, hello: SocketHello, watch: EventSocketWatch): void;
  /** Closes the sockets still waiting for their token (keyscope stops; the others are closed as EventSockets). */
  close(): void;
}

export function eventSocketServer(): EventSocketServer {
  // The page sends the token, then nothing: a message of more than a close's few bytes is refused by `ws` and ends the socket.
  const server = new WebSocketServer({ noServer: true, maxPayload: 125, perMessageDeflate: false, clientTracking: false });
  /** The sockets waiting for their token, the longest waiting first. */
  const unproven = new Set<WebSocket>();
  return {
    open: (req, socket, head, hello, watch) =>
      server.handleUpgrade(req, socket, head, (ws) => {
        const events: EventSocket = {
          send: (text) => {
            if (ws.readyState === ws.OPEN) ws.send(text);
          },
          close: () => ws.terminate(),
        };
        for (const oldest of unproven) {
          if (unproven.size < UNPROVEN_MAX) break;
          unproven.delete(oldest);
          oldest.terminate();
        }
        unproven.add(ws);
        const late = setTimeout(() => ws.terminate(), PROVE_MS).unref();
        let proven = false;
        ws.on('error', () => ws.terminate()); // a malformed frame: that socket ends, never the process
        ws.once('close', (code: number) => {
          clearTimeout(late);
          unproven.delete(ws);
          if (proven) watch.closed(events, code === 1001);
        });
        ws.on('message', (data) => {
          if (proven) return ws.close();
          clearTimeout(late);
          unproven.delete(ws);
          if (!hello.shows(String(data))) return ws.terminate();
          proven = true;
          ws.send(READY);
          watch.opened(events);
        });
        ws.send(JSON.stringify({ proof: hello.proof }));
      }),
    close: () => {
      for (const ws of unproven) ws.terminate();
      unproven.clear();
    },
  };
}
