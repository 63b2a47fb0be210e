/**
 * One POST to `url`'s root on bare node:http, its answer read whole as text: how the bench's least clients
 * (floor-http.ts, cold-minimal.ts, least-check.ts) send, with nothing of keyscope's. `headers` go as given
 * (content-length included).
 */
import http from 'node:http';

export interface BareAnswer {
  readonly status: number;
  readonly text: string;
}

export function barePost(agent: http.Agent, url: URL, body: string, headers: http.OutgoingHttpHeaders): Promise<BareAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: '/', method: 'POST', agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
