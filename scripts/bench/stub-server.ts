/**
 * The bench's loopback stand-in for STS and IAM: keep-alive HTTP/1.1 on raw sockets, TCP_NODELAY, and every answer
 * (status line, headers and body) in ONE write — written in two, a keep-alive client's next request waits ~40 ms on
 * delayed ACK and the stub measures itself. It answers GetCallerIdentity and GetAccessKeyLastUsed (by the Action of
 * a POST body or a GET query) and nothing else.
 *
 *   stub-server.js [CERT KEY] -> prints {"http", "slow", "https"} (ports; "slow" answers after 100 ms, "https" only
 *                                with a certificate) and serves until stdin closes
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { IDENTITY, LAST_USED } from './answers.js';

const LATENCY_MS = 100;

function answer(action: string | null): Buffer {
  const body = action === 'GetCallerIdentity' ? IDENTITY : action === 'GetAccessKeyLastUsed' ? LAST_USED : undefined;
  const status = body ? '200 OK' : '400 Bad Request';
  const text = body ?? '<ErrorResponse><Error><Code>InvalidAction</Code><Message>not in the stub</Message></Error></ErrorResponse>';
  return Buffer.from(
    `HTTP/1.1 ${status}\r\ncontent-type: text/xml\r\ncontent-length: ${Buffer.byteLength(text)}\r\nx-amzn-requestid: 01234567-89ab-cdef-0123-456789abcdef\r\ndate: ${new Date().toUTCString()}\r\nconnection: keep-alive\r\n\r\n${text}`,
  );
}

/** Reads requests off one connection and answers each in one write, after `latencyMs`. */
function serve(socket: net.Socket, latencyMs: number): void {
  socket.setNoDelay(true);
  let buffered = Buffer.alloc(0);
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = buffered.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      const body = buffered.subarray(end + 4, end + 4 + length).toString('utf8');
      buffered = buffered.subarray(end + 4 + length);
      const target = head.slice(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
      const action = new URLSearchParams(body).get('Action') ?? new URL(target, 'http://stub').searchParams.get('Action');
      const reply = answer(action);
      if (latencyMs > 0) setTimeout(() => socket.write(reply), latencyMs);
      else socket.write(reply);
    }
  });
}

const listen = (server: net.Server) => new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port)));

async function main(): Promise<void> {
  const [certPath, keyPath] = process.argv.slice(2);
  const servers = [net.createServer((s) => serve(s, 0)), net.createServer((s) => serve(s, LATENCY_MS))];
  if (certPath && keyPath) servers.push(tls.createServer({ cert: readFileSync(certPath), key: readFileSync(keyPath) }, (s) => serve(s, 0)));
  const [http, slow, https] = await Promise.all(servers.map(listen));
  process.stdout.write(`${JSON.stringify({ http, slow, https })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}
void main();
