/**
 * The least a cold Node client of the 100 ms row can do: the two requests of `verify` (unsigned, unparsed but for the
 * Arn) sent together over bare node:http to AWS_ENDPOINT_URL, the answer printed. No keyscope code: it shows where
 * the floor of a cold run lies (process start + one round trip), against which keyscope's own cold start is measured.
 */
import http from 'node:http';
import { barePost } from './bare-post.js';

const url = new URL(process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:9/');
const agent = new http.Agent({ keepAlive: true });
const post = (body: string) => barePost(agent, url, body, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length }).then((answer) => answer.text);
Promise.all([post('Action=GetCallerIdentity&Version=2011-06-15'), post('Action=GetAccessKeyLastUsed&Version=2010-05-08')]).then(
  ([identity]) => {
    process.stdout.write(`${JSON.stringify({ Arn: /<Arn>(.*?)<\/Arn>/.exec(identity)?.[1] ?? null })}\n`);
    agent.destroy();
  },
  (e: unknown) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 1;
  },
);
