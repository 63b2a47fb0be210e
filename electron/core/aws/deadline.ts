/**
 * The time limits of one HTTP exchange: a connect deadline while the socket connects, then what is left of the
 * response deadline, counted from the start. One timer at a time.
 */
import type http from 'node:http';
import type { Socket } from 'node:net';

/** Which limit ran out, and how long it was. */
export type ExpiredPhase = 'connect' | 'response';

/**
 * Watches `req`; calls `expire` once a limit runs out. Returns the function that stops watching. `started` is when
 * the exchange began, if before `req` (a proxy's tunnel was opened first): the response deadline counts from there.
 */
export function watchDeadlines(
  req: http.ClientRequest,
  connectTimeoutMs: number,
  responseTimeoutMs: number,
  expire: (phase: ExpiredPhase, timeoutMs: number) => void,
  started = Date.now(),
): () => void {
  let phase: ExpiredPhase = 'response';
  const onTimer = () => expire(phase, phase === 'connect' ? connectTimeoutMs : responseTimeoutMs);
  let timer = setTimeout(onTimer, Math.max(0, responseTimeoutMs - (Date.now() - started)));
  const restart = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(onTimer, ms);
  };
  req.on('socket', (socket: Socket) => {
    // A reused keep-alive socket is already connected: only the response deadline applies.
    if (!socket.connecting || connectTimeoutMs >= responseTimeoutMs) return;
    phase = 'connect';
    restart(connectTimeoutMs);
    socket.once('connect', () => {
      phase = 'response';
      restart(Math.max(0, responseTimeoutMs - (Date.now() - started)));
    });
  });
  return () => clearTimeout(timer);
}
