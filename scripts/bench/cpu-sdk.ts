// In-process CPU per GetCallerIdentity check with the AWS SDK v3. argv: endpoint id secret count [concurrency]
import { sdkCheck } from './checks.js';
import { measure } from './measure.js';

async function main(): Promise<void> {
  const [endpoint, accessKeyId, secretAccessKey, count, concurrency = '1'] = process.argv.slice(2) as [string, string, string, string, string?];
  const { check, client } = sdkCheck(endpoint, { accessKeyId, secretAccessKey });
  await measure(check, Number(count), Number(concurrency));
  client.destroy();
}
void main();
