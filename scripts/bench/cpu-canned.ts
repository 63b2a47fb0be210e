/**
 * CPU per GetCallerIdentity check with no network: the client's own work (build, sign, read the answer), the
 * transport replaced by one that hands back the stub's answer on the next turn of the event loop. Beside the rows
 * that go through the stub, it shows how much of a check each client spends itself and how much is the network part
 * both pay. argv: keyscope|sdk count [concurrency]
 */
import { Readable } from 'node:stream';
import type { HttpResponse, Transport } from '../../electron/core/aws/transport.js';
import { ok } from '../../shared/result.js';
import { IDENTITY } from './answers.js';
import { keyscopeCheck, sdkCheck } from './checks.js';
import { measure } from './measure.js';

const KEY = { accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const ENDPOINT = 'http://127.0.0.1:9/'; // never reached
const headers = () => ({ 'content-type': 'text/xml', 'content-length': String(Buffer.byteLength(IDENTITY)), date: new Date().toUTCString() });
const nextTurn = <T>(value: () => T) => new Promise<T>((resolve) => setImmediate(() => resolve(value())));

const cannedTransport: Transport = {
  send: () => nextTurn(() => ok<HttpResponse>({ status: 200, headers: headers(), body: IDENTITY })),
  close() {},
};

// The SDK's request handler shape: handle() answers { response } with a readable body.
const cannedHandler = {
  metadata: { handlerProtocol: 'http/1.1' },
  handle: () => nextTurn(() => ({ response: { statusCode: 200, headers: headers(), body: Readable.from([Buffer.from(IDENTITY)]) } })),
  updateHttpClientConfig() {},
  httpHandlerConfigs: () => ({}),
  destroy() {},
};

async function main(): Promise<void> {
  const [which, count, concurrency = '1'] = process.argv.slice(2) as [string, string, string?];
  if (which !== 'keyscope' && which !== 'sdk') throw new Error('cpu-canned: keyscope or sdk');
  await measure(which === 'keyscope' ? keyscopeCheck(cannedTransport, ENDPOINT, KEY) : sdkCheck(ENDPOINT, KEY, cannedHandler as never).check, Number(count), Number(concurrency));
}
void main();
