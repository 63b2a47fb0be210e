/** Reads an HTTP response whole, up to a size limit: STS and IAM answers are a few KiB, so a larger body is not one. */
import type http from 'node:http';
import { err, ok, type Result } from '../../../shared/result.js';
import type { HttpResponse } from './transport.js';

/** Why a body could not be read: a Node error code, EMSGSIZE (`tooLarge`) past the limit. */
export interface BodyFailure {
  readonly code: string;
  readonly tooLarge?: boolean;
}

/** Collects `res` and calls `done` once: with the response, or with why it stopped. */
export function readBody(res: http.IncomingMessage, maxBytes: number, done: (result: Result<HttpResponse, BodyFailure>) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  const end = (result: Result<HttpResponse, BodyFailure>) => {
    if (ended) return;
    ended = true;
    done(result);
  };
  res.on('data', (c: Buffer) => {
    if (ended) return;
    size += c.length;
    if (size > maxBytes) {
      end(err({ code: 'EMSGSIZE', tooLarge: true }));
      return;
    }
    chunks.push(c);
  });
  res.on('error', (e: NodeJS.ErrnoException) => end(err({ code: e.code ?? 'ERROR' })));
  res.on('aborted', () => end(err({ code: 'ECONNRESET' })));
  res.on('end', () => {
    // Node gives lower-case names; only set-cookie comes as a list, and AWS sends none.
    const headers = res.headers as Record<string, string>;
    // An answer of a check comes in one chunk: read as it is, not copied into a new buffer first.
    const body = chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
    end(ok({ status: res.statusCode ?? 0, headers, body }));
  });
}
