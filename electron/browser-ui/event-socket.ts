/**
 * The page's events over a WebSocket of its own (RFC 6455, from the server to the page only). A browser opens at most
 * six HTTP/1.1 connections to one host for all its tabs' requests, and a server-sent events stream held one of them
 * for as long as its tab was open: six tabs left none for any request, and a seventh never loaded. WebSockets are
 * counted apart. The page sends nothing on it: any frame from the page (its close as the tab goes, or anything else)
 * ends the socket.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';

/** RFC 6455's constant for the handshake's answer. */
const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OPCODE_TEXT = 0x1;
const OPCODE_CLOSE = 0x8;

/** The handshake's answer to a WebSocket request, or null when `headers` ask for none (or another version). */
export function handshakeAnswer(headers: IncomingHttpHeaders): string | null {
  const key = headers['sec-websocket-key'];
  if (headers.upgrade?.toLowerCase() !== 'websocket' || headers['sec-websocket-version'] !== '13' || typeof key !== 'string' || !/^[A-Za-z0-9+/]{22}==$/.test(key)) return null;
  const accept = createHash('sha1').update(key + HANDSHAKE_GUID).digest('base64');
  return `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`;
}

/** One final, unmasked frame (a server's frames are never masked). */
export function frame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  let head: Buffer;
  if (n < 126) head = Buffer.from([0x80 | opcode, n]);
  else if (n < 0x10000) head = Buffer.from([0x80 | opcode, 126, n >> 8, n & 0xff]);
  else {
    head = Buffer.alloc(10);
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
}

/** An open events socket. */
export interface EventSocket {
  /** Sends one text message. */
  send(text: string): void;
  /** Closes it (keyscope stops). */
  close(): void;
}

/**
 * Takes over `socket` once the handshake is answered; `onClose` is called once when it is gone, whichever side
 * ended it.
 */
export function openEventSocket(socket: Duplex, answer: string, onClose: () => void): EventSocket {
  socket.on('error', () => socket.destroy());
  socket.once('close', onClose);
  socket.write(answer);
  // The page sends nothing but its close: answered with ours, then the connection ends.
  socket.on('data', () => {
    if (!socket.writableEnded) socket.end(frame(OPCODE_CLOSE, Buffer.alloc(0)));
  });
  return {
    send: (text) => {
      if (!socket.writableEnded) socket.write(frame(OPCODE_TEXT, Buffer.from(text, 'utf8')));
    },
    close: () => {
      if (!socket.writableEnded) socket.end(frame(OPCODE_CLOSE, Buffer.alloc(0)));
      socket.destroy();
    },
  };
}
