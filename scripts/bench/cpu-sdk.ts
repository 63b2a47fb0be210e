// In-process CPU per GetCallerIdentity check with the AWS SDK v3. argv: endpoint id secret count [concurrency]
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { measure } from './measure.js';

async function main(): Promise<void> {
  const [endpoint, accessKeyId, secretAccessKey, count, concurrency = '1'] = process.argv.slice(2) as [string, string, string, string, string?];
  const client = new STSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
  const check = async () => {
    await client.send(new GetCallerIdentityCommand({}));
  };
  await measure(check, Number(count), Number(concurrency));
  client.destroy();
}
void main();
