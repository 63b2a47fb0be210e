/**
 * What @aws-crypto/sha256-js (the card's choice) costs against node:crypto per SigV4 signature: the same request
 * signed by the same smithy signer (signing key cached, as keyscope's are), with the library's Sha256 as it comes,
 * with it as keyscope calls it (sha256-pool.ts: its block hasher reused), and with node:crypto. Prints
 * {"sha256JsUs", "pooledUs", "nodeCryptoUs"} per signature.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
// eslint-disable-next-line no-restricted-imports -- the bench swaps the hash inside smithy's signer, which sign.ts fixes to sha256-js
import { SignatureV4 } from '@smithy/signature-v4';
import { SigningSha256 } from '../../electron/core/aws/sha256-pool.js';

/** node:crypto behind smithy's Checksum interface (HMAC when given a secret). */
class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256');
    return createHmac('sha256', this.secret instanceof ArrayBuffer ? new Uint8Array(this.secret) : (this.secret as string | Uint8Array));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(data instanceof ArrayBuffer ? new Uint8Array(data) : (data as string | Uint8Array));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

type HashOption = ConstructorParameters<typeof SignatureV4>[0]['sha256'];

async function perSignature(sha256: HashOption, count: number): Promise<number> {
  const signer = new SignatureV4({ credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, region: 'us-east-1', service: 'sts', sha256, applyChecksum: false });
  const request = { method: 'POST', protocol: 'https:', hostname: 'sts.amazonaws.com', path: '/', query: {}, headers: { host: 'sts.amazonaws.com', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'user-agent': 'keyscope-bench' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' };
  const signingDate = new Date('2026-01-01T00:00:00Z');
  for (let i = 0; i < 500; i += 1) await signer.sign({ ...request, headers: { ...request.headers } }, { signingDate });
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) await signer.sign({ ...request, headers: { ...request.headers } }, { signingDate });
  return Number(process.hrtime.bigint() - started) / 1e3 / count;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 5000);
  const rounds = { js: [] as number[], pooled: [] as number[], node: [] as number[] };
  for (let i = 0; i < 5; i += 1) {
    rounds.js.push(await perSignature(Sha256, count));
    rounds.pooled.push(await perSignature(SigningSha256, count));
    rounds.node.push(await perSignature(NodeSha256, count));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  process.stdout.write(JSON.stringify({ sha256JsUs: median(rounds.js), pooledUs: median(rounds.pooled), nodeCryptoUs: median(rounds.node) }));
}
void main();
