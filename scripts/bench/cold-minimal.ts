/**
 * The least a cold Node client of the 100 ms row can do: the two requests of `verify` (unparsed but for the Arn) sent
 * together over bare node:http to AWS_ENDPOINT_URL, the answer printed. No keyscope code: it shows where the floor of
 * a cold run lies (process start + one round trip), against which keyscope's own cold start is measured. As it comes
 * the requests go unsigned, which no client of AWS can do; with `signed` as its argument each is signed first, with
 * the least signer there is (sign-minimal.ts: node:crypto, loaded only then) and the environment's key, for STS and
 * IAM: the floor of a cold client that must sign.
 */
import http from 'node:http';
import { barePost } from './bare-post.js';

const url = new URL(process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:9/');
const agent = new http.Agent({ keepAlive: true });
const FORM = 'application/x-www-form-urlencoded';
const post = (body: string) => barePost(agent, url, body, { 'content-type': FORM, 'content-length': body.length }).then((answer) => answer.text);

/** The same request signed for `service` first (argument `signed`). */
async function signedPost(body: string, service: string): Promise<string> {
  const { signRequest } = await import('./sign-minimal.js');
  const credentials = { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '' };
  const request = { method: 'POST', protocol: url.protocol, hostname: url.hostname, path: '/', headers: { host: url.host, 'content-type': FORM }, body };
  const headers = await signRequest(request, credentials, { region: 'us-east-1', service, signingDate: new Date() });
  return (await barePost(agent, url, body, { ...headers, 'content-length': body.length })).text;
}

const send = process.argv[2] === 'signed' ? signedPost : post;
Promise.all([send('Action=GetCallerIdentity&Version=2011-06-15', 'sts'), send('Action=GetAccessKeyLastUsed&Version=2010-05-08', 'iam')]).then(
  ([identity]) => {
    process.stdout.write(`${JSON.stringify({ Arn: /<Arn>(.*?)<\/Arn>/.exec(identity)?.[1] ?? null })}\n`);
    agent.destroy();
  },
  (e: unknown) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 1;
  },
);
