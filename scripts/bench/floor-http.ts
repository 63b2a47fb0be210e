// The floor of a check: one bare node:http keep-alive POST to the stub, body read whole. argv: endpoint count [concurrency]
import http from 'node:http';
import { measure } from './measure.js';

async function main(): Promise<void> {
  const [endpoint, count, concurrency = '1'] = process.argv.slice(2) as [string, string, string?];
  const url = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const check = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path: '/', method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => (text.includes('<Arn>') ? resolve() : reject(new Error('the stub did not answer'))));
      });
      req.on('error', reject);
      req.end(body);
    });
  await measure(check, Number(count), Number(concurrency));
  agent.destroy();
}
void main();
