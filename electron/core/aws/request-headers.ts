/** A request's headers as Node's HTTP client is handed them: the signed ones and, with a body, its content-length. */
import type { HttpRequest } from './transport.js';

/** The body's length in bytes, when there is a body. */
function contentLength(request: HttpRequest): string | undefined {
  return request.body === undefined ? undefined : String(Buffer.byteLength(request.body));
}

/** As a flat list of names and values (in that order): Node writes it as given, without setting each one by one. */
export function headerList(request: HttpRequest): string[] {
  const list: string[] = [];
  for (const name in request.headers) list.push(name, request.headers[name] as string);
  const length = contentLength(request);
  if (length !== undefined) list.push('content-length', length);
  return list;
}

/** As an object, for the requests through a proxy (which add to it). */
export function headerObject(request: HttpRequest): Record<string, string> {
  const headers: Record<string, string> = { ...request.headers };
  const length = contentLength(request);
  if (length !== undefined) headers['content-length'] = length;
  return headers;
}
