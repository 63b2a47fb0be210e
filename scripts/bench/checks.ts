/**
 * The one GetCallerIdentity check each client makes in the bench's in-process rows, over whatever carries it: the
 * stub (cpu-keyscope.ts, cpu-sdk.ts) or a canned answer (cpu-canned.ts). The rows compare the same check.
 */
import { GetCallerIdentityCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import { QueryClient } from '../../electron/core/aws/client.js';
import { getCallerIdentity } from '../../electron/core/aws/sts.js';
import type { Transport } from '../../electron/core/aws/transport.js';

export interface BenchKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** keyscope's check through `transport`; a failure answer throws. */
export function keyscopeCheck(transport: Transport, endpointUrl: string, key: BenchKey): () => Promise<void> {
  const client = new QueryClient({ transport, endpoints: { endpointUrl, region: 'us-east-1' }, userAgent: 'keyscope-bench' }, key);
  return async () => {
    const r = await getCallerIdentity(client);
    if (!r.ok) throw new Error(r.error.message);
  };
}

/** The SDK v3's check (an answer without an Arn throws), through its own HTTP handler unless `requestHandler` is given; the client to destroy after. */
export function sdkCheck(endpoint: string, key: BenchKey, requestHandler?: STSClientConfig['requestHandler']): { check: () => Promise<void>; client: STSClient } {
  const client = new STSClient({ endpoint, region: 'us-east-1', credentials: key, maxAttempts: 1, ...(requestHandler ? { requestHandler } : {}) });
  return {
    client,
    check: async () => {
      const r = await client.send(new GetCallerIdentityCommand({}));
      if (!r.Arn) throw new Error('the SDK read no Arn');
    },
  };
}
