/**
 * The least signing client of the 16-at-once row: a GetCallerIdentity check with nothing but what any client must do.
 * Each check signs its request afresh (sign-minimal.ts: node:crypto), sends it on a bare node:http keep-alive agent,
 * reads the answer whole and takes the Arn out of it with a regular expression. No deadlines, retries, clock
 * correction, failure classification or XML reading: never part of keyscope, it shows where the floor of a signed
 * check in process lies. With `card` as its last argument it signs with the card's signer instead (@smithy/signature-v4
 * and @aws-crypto/sha256-js as keyscope calls them: sign.ts, smithy's one importer, and sha256-pool.ts), loaded only
 * then: the least client bound to the card.
 * argv: endpoint id secret count [concurrency] [card]
 */
import http from 'node:http';
import { barePost } from './bare-post.js';
import { measure } from './measure.js';
import { signRequest as leastSigner } from './sign-minimal.js';

const BODY = 'Action=GetCallerIdentity&Version=2011-06-15';

async function main(): Promise<void> {
  const [endpoint, accessKeyId, secretAccessKey, count, concurrency = '1', signer] = process.argv.slice(2) as [string, string, string, string, string?, string?];
  if (signer !== undefined && signer !== 'card') throw new Error(`unknown signer ${signer}: give card, or nothing for node:crypto`);
  const signRequest = signer === 'card' ? (await import('../../electron/core/aws/sign.js')).signRequest : leastSigner;
  const url = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const credentials = { accessKeyId, secretAccessKey };
  const unsigned = { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const check = async () => {
    const signed = await signRequest({ method: 'POST', protocol: url.protocol, hostname: url.hostname, path: '/', headers: unsigned, body: BODY }, credentials, {
      region: 'us-east-1',
      service: 'sts',
      signingDate: new Date(),
    });
    const { status, text } = await barePost(agent, url, BODY, { ...signed, 'content-length': String(BODY.length) });
    if (!/<Arn>([^<]+)<\/Arn>/.test(text)) throw new Error(`no Arn in the answer (HTTP ${status})`);
  };
  await measure(check, Number(count), Number(concurrency));
  agent.destroy();
}
void main();
