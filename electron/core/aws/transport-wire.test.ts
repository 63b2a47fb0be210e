/**
 * What the transport puts on the wire and reads back, byte for byte, against a raw loopback server: the request head
 * as built (header order and case kept, content-length for a body, keep-alive), both requests on one connection; and
 * an answer in several chunks, a UTF-8 character split between two of them.
 */
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from './transport.js';

let server: net.Server;
let url: URL;
const heads: string[] = [];
let connections = 0;

/** Answers each request with `é` split across two writes; records each request's bytes up to its body's end. */
function serve(socket: net.Socket): void {
  connections += 1;
  let buffered = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    for (;;) {
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = Number(/\r\ncontent-length: (\d+)/.exec(buffered.slice(0, end))?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      heads.push(buffered.slice(0, end + 4 + length));
      buffered = buffered.slice(end + 4 + length);
      const body = Buffer.from('<a>caf\u00e9</a>', 'utf8');
      socket.write(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\nconnection: keep-alive\r\n\r\n`), body.subarray(0, 7)]));
      setTimeout(() => socket.write(body.subarray(7)), 5);
    }
  });
}

beforeAll(async () => {
  server = net.createServer(serve);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});
afterAll(() => {
  server?.close();
});

describe('the transport on the wire', () => {
  it('sends the head as built, keeps the connection, and reads an answer split inside a character', async () => {
    const t = createTransport({ env: {} });
    if (!t.ok) throw new Error('transport');
    const host = url.host;
    const post = await t.value.send({ method: 'POST', url, headers: { host, 'user-agent': 'keyscope/test', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'X-Amz-Date': '20260101T000000Z' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    const get = await t.value.send({ method: 'GET', url: new URL(`${url.origin}/?Action=GetAccessKeyLastUsed&AccessKeyId=AKIA`), headers: { host, 'user-agent': 'keyscope/test' } });
    t.value.close();
    expect(post.ok && post.value.body).toBe('<a>caf\u00e9</a>');
    expect(get.ok && get.value.status).toBe(200);
    expect(heads).toEqual([
      `POST / HTTP/1.1\r\nhost: ${host}\r\nuser-agent: keyscope/test\r\ncontent-type: application/x-www-form-urlencoded; charset=utf-8\r\nX-Amz-Date: 20260101T000000Z\r\ncontent-length: 43\r\nConnection: keep-alive\r\n\r\nAction=GetCallerIdentity&Version=2011-06-15`,
      `GET /?Action=GetAccessKeyLastUsed&AccessKeyId=AKIA HTTP/1.1\r\nhost: ${host}\r\nuser-agent: keyscope/test\r\nConnection: keep-alive\r\n\r\n`,
    ]);
    expect(connections).toBe(1);
  });
});
