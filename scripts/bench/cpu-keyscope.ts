// In-process CPU per GetCallerIdentity check with keyscope's core. argv: endpoint id secret count [concurrency]
import { createTransport } from '../../electron/core/aws/transport.js';
import { keyscopeCheck } from './checks.js';
import { measure } from './measure.js';

async function main(): Promise<void> {
  const [endpoint, accessKeyId, secretAccessKey, count, concurrency = '1'] = process.argv.slice(2) as [string, string, string, string, string?];
  const t = createTransport({ env: {} });
  if (!t.ok) throw new Error(t.error.message);
  await measure(keyscopeCheck(t.value, endpoint, { accessKeyId, secretAccessKey }), Number(count), Number(concurrency));
  t.value.close();
}
void main();
