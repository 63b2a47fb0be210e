/**
 * The least a cold Node client of the 100 ms row can do: the two requests of `verify` (unsigned, unparsed but for the
 * Arn) sent together over bare node:http to AWS_ENDPOINT_URL, the answer printed. No keyscope code: it shows where
 * the floor of a cold run lies (process start + one round trip), against which keyscope's own cold start is measured.
 */
import http from 'node:http';

const url = new URL(process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:9/');
const agent = new http.Agent({ keepAlive: true });
const post = (body: string) =>
  new Promise<string>((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path: '/', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
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
