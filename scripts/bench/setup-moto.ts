// Starts the moto fixture, creates a user with a key, prints {url, id, secret}, and keeps moto until stdin closes.
import { startMoto } from '../../e2e/fixtures/moto.js';

async function main(): Promise<void> {
  const moto = await startMoto({ auth: true });
  const key = await moto.createUser('bench', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  process.stdout.write(`${JSON.stringify({ url: moto.url, id: key.accessKeyId, secret: key.secretAccessKey })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void moto.stop().then(() => process.exit(0)));
}
void main();
