/** Turns global flags and the environment into a ready client: credentials, region, endpoints, transport. */
import { credentialProblems } from '../../shared/credential-rules.js';
import { QueryClient, type ClientEvent } from '../core/aws/client.js';
import { endpointSettingsFromEnv, resolveEndpoint, type EndpointSettings } from '../core/aws/endpoints.js';
import type { Credentials } from '../core/aws/sign.js';
import { cleartextProxyFailure } from '../core/aws/proxy.js';
import { createTransport, type Transport } from '../core/aws/transport.js';
import { USER_AGENT } from '../core/version.js';
import type { CliIo } from './io.js';
import { UsageError } from './io.js';
import type { OutputFormat } from './output.js';

/** Flags every command accepts, named as the AWS CLI names them. */
export interface GlobalOptions {
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly output: OutputFormat;
  readonly debug: boolean;
  readonly cliConnectTimeout?: string;
  readonly cliReadTimeout?: string;
  /** --allow-http: plain http to a host that is not this computer. */
  readonly allowHttp?: boolean;
}

/** Reads the credential from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN. */
export function credentialsFromEnv(env: CliIo['env']): Credentials {
  const id = env.AWS_ACCESS_KEY_ID?.trim();
  const secret = env.AWS_SECRET_ACCESS_KEY?.trim();
  const token = (env.AWS_SESSION_TOKEN ?? env.AWS_SECURITY_TOKEN)?.trim();
  if (!id || !secret) {
    throw new UsageError(
      `No credential: ${!id ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY'} is not set.`,
      'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys) in the environment.',
    );
  }
  const [first] = credentialProblems({ accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) }, 'env');
  if (first) throw new UsageError(first.message, first.hint);
  return { accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) };
}

/** Region and endpoints from flags first, then the standard variables. */
export function endpointSettings(options: GlobalOptions, env: CliIo['env']): EndpointSettings {
  return endpointSettingsFromEnv(env, {
    ...(options.region ? { region: options.region } : {}),
    // `--endpoint-url ''` is kept, to be refused: it must not quietly mean the real AWS.
    ...(options.endpointUrl !== undefined ? { endpointUrl: options.endpointUrl } : {}),
    ...(options.allowHttp ? { allowHttp: true } : {}),
  });
}

function seconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number of seconds; got "${value}".`);
  return Math.round(n * 1000);
}

/** Everything a command needs to call AWS; close() lets the process exit. */
export interface CommandContext {
  readonly client: QueryClient;
  readonly transport: Transport;
  close(): void;
}

/** Builds the client; `credentials` undefined for the unsigned calls. */
export function makeContext(options: GlobalOptions, io: CliIo, credentials: Credentials | undefined): CommandContext {
  const connectTimeoutMs = seconds('--cli-connect-timeout', options.cliConnectTimeout);
  const responseTimeoutMs = seconds('--cli-read-timeout', options.cliReadTimeout);
  const transport = createTransport({ env: io.env, ...(connectTimeoutMs ? { connectTimeoutMs } : {}), ...(responseTimeoutMs ? { responseTimeoutMs } : {}) });
  if (!transport.ok) throw new UsageError(transport.error.message, transport.error.hint);
  const endpoints = endpointSettings(options, io.env);
  for (const service of ['sts', 'iam'] as const) {
    const resolved = resolveEndpoint(service, endpoints);
    if (!resolved.ok) throw new UsageError(resolved.error.message, resolved.error.hint);
    const cleartext = cleartextProxyFailure(resolved.value.url, io.env, endpoints.allowHttp === true);
    if (cleartext) throw new UsageError(cleartext.message, cleartext.hint);
  }
  const onEvent = options.debug
    ? (e: ClientEvent) => io.stderr(`debug: ${e.operation} attempt ${e.attempt} ${e.url} -> ${e.status ?? '-'} ${e.outcome} (${e.ms} ms)\n`)
    : undefined;
  const client = new QueryClient({ transport: transport.value, endpoints, userAgent: USER_AGENT, ...(onEvent ? { onEvent } : {}) }, credentials);
  return { client, transport: transport.value, close: () => transport.value.close() };
}
