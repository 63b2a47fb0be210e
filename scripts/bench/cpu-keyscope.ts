// In-process CPU per GetCallerIdentity check with keyscope's core. argv: endpoint id secret count [concurrency]
import { QueryClient } from '../../electron/core/aws/client.js';
import { getCallerIdentity } from '../../electron/core/aws/sts.js';
import { createTransport } from '../../electron/core/aws/transport.js';
import { measure } from './measure.js';

async function main(): Promise<void> {
  const [endpoint, accessKeyId, secretAccessKey, count, concurrency = '1'] = process.argv.slice(2) as [string, string, string, string, string?];
  const t = createTransport({ env: {} });
  if (!t.ok) throw new Error(t.error.message);
  const client = new QueryClient({ transport: t.value, endpoints: { endpointUrl: endpoint, region: 'us-east-1' }, userAgent: 'keyscope-bench' }, { accessKeyId, secretAccessKey });
  const check = async () => {
    const r = await getCallerIdentity(client);
    if (!r.ok) throw new Error(r.error.message);
  };
  await measure(check, Number(count), Number(concurrency));
  t.value.close();
}
void main();
