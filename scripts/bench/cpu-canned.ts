/**
 * CPU per GetCallerIdentity check with no network: the client's own work (build, sign, read the answer), the
 * transport replaced by one that hands back the stub's answer on the next turn of the event loop. Beside the rows
 * that go through the stub, it shows how much of a check each client spends itself and how much is the network part
 * both pay. argv: keyscope|sdk count [concurrency]
 */
import { Readable } from 'node:stream';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { QueryClient } from '../../electron/core/aws/client.js';
import { getCallerIdentity } from '../../electron/core/aws/sts.js';
import type { HttpResponse, Transport } from '../../electron/core/aws/transport.js';
import { ok } from '../../shared/result.js';
import { IDENTITY } from './answers.js';
import { measure } from './measure.js';

const KEY = { accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const ENDPOINT = 'http://127.0.0.1:9/'; // never reached
const headers = () => ({ 'content-type': 'text/xml', 'content-length': String(Buffer.byteLength(IDENTITY)), date: new Date().toUTCString() });
const nextTurn = <T>(value: () => T) => new Promise<T>((resolve) => setImmediate(() => resolve(value())));

function keyscopeCheck(): () => Promise<void> {
  const transport: Transport = {
    send: () => nextTurn(() => ok<HttpResponse>({ status: 200, headers: headers(), body: IDENTITY })),
    close() {},
  };
  const client = new QueryClient({ transport, endpoints: { endpointUrl: ENDPOINT, region: 'us-east-1' }, userAgent: 'keyscope-bench' }, KEY);
  return async () => {
    const r = await getCallerIdentity(client);
    if (!r.ok) throw new Error(r.error.message);
  };
}

function sdkCheck(): () => Promise<void> {
  // The SDK's request handler shape: handle() answers { response } with a readable body.
  const requestHandler = {
    metadata: { handlerProtocol: 'http/1.1' },
    handle: () => nextTurn(() => ({ response: { statusCode: 200, headers: headers(), body: Readable.from([Buffer.from(IDENTITY)]) } })),
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
  const client = new STSClient({ endpoint: ENDPOINT, region: 'us-east-1', credentials: KEY, maxAttempts: 1, requestHandler: requestHandler as never });
  return async () => {
    const r = await client.send(new GetCallerIdentityCommand({}));
    if (!r.Arn) throw new Error('the SDK read no Arn');
  };
}

async function main(): Promise<void> {
  const [which, count, concurrency = '1'] = process.argv.slice(2) as [string, string, string?];
  if (which !== 'keyscope' && which !== 'sdk') throw new Error('cpu-canned: keyscope or sdk');
  await measure(which === 'keyscope' ? keyscopeCheck() : sdkCheck(), Number(count), Number(concurrency));
}
void main();
