// In-process CPU per GetCallerIdentity check with the AWS SDK v3. argv: endpoint id secret count
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

async function main(): Promise<void> {
  const [endpoint, accessKeyId, secretAccessKey, count] = process.argv.slice(2) as [string, string, string, string];
  const client = new STSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
  const check = async () => {
    await client.send(new GetCallerIdentityCommand({}));
  };
  for (let i = 0; i < 30; i += 1) await check();
  const before = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < Number(count); i += 1) await check();
  const cpu = process.cpuUsage(before);
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  client.destroy();
  process.stdout.write(JSON.stringify({ cpuMsPerCheck: (cpu.user + cpu.system) / 1000 / Number(count), wallMsPerCheck: wall / Number(count) }));
}
void main();
