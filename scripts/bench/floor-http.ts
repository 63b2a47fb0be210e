// The floor of a check: one bare node:http keep-alive POST to the stub, body read whole. argv: endpoint count [concurrency]
import http from 'node:http';
import { barePost } from './bare-post.js';
import { measure } from './measure.js';

async function main(): Promise<void> {
  const [endpoint, count, concurrency = '1'] = process.argv.slice(2) as [string, string, string?];
  const url = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const headers = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length };
  const check = async () => {
    const { text } = await barePost(agent, url, body, headers);
    if (!text.includes('<Arn>')) throw new Error('the stub did not answer');
  };
  await measure(check, Number(count), Number(concurrency));
  agent.destroy();
}
void main();
