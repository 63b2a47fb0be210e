// keyscope's transport alone, the ceiling of any check built on it: one GetCallerIdentity request built and signed
// by keyscope once, then sent again and again (its deadlines, its body reading), the answer not read.
// argv: endpoint id secret count [concurrency]
import { buildRequest } from '../../electron/core/aws/build-request.js';
import { STS_API_VERSION } from '../../electron/core/aws/constants.js';
import { queryPairs } from '../../electron/core/aws/query.js';
import { createTransport } from '../../electron/core/aws/transport.js';
import { measure } from './measure.js';

async function main(): Promise<void> {
  const [endpoint, accessKeyId, secretAccessKey, count, concurrency = '1'] = process.argv.slice(2) as [string, string, string, string, string?];
  const t = createTransport({ env: {} });
  if (!t.ok) throw new Error(t.error.message);
  const target = { service: 'sts' as const, url: new URL(endpoint), signingRegion: 'us-east-1', userAgent: 'keyscope-bench', signingDate: new Date(), credentials: { accessKeyId, secretAccessKey } };
  const request = await buildRequest(target, queryPairs('GetCallerIdentity', STS_API_VERSION, {}));
  const check = async () => {
    const r = await t.value.send(request, 'GetCallerIdentity');
    if (!r.ok || r.value.status !== 200) throw new Error(r.ok ? `the stub answered ${r.value.status}` : r.error.message);
  };
  await measure(check, Number(count), Number(concurrency));
  t.value.close();
}
void main();
