/** Turns global flags and the environment into a ready client: credentials, region, endpoints, transport. */
import type { ClientEvent, QueryClient } from '../core/aws/client.js';
import { createClientFactory, type ClientTarget } from '../core/aws/client-factory.js';
import { envCredentials } from '../core/credentials/env-credentials.js';
import type { Credentials } from '../core/aws/model.js';
import { createTransport, type Transport } from '../core/aws/transport.js';
import { USER_AGENT } from '../core/version.js';
import type { CliIo } from './io.js';
import { UsageError } from './io.js';
import { escapeControls, type OutputFormat } from './output.js';

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
  /** --allow-canary: sign with a key of a canary-token account anyway. */
  readonly allowCanary?: boolean;
  /** --unmask: print key ids whole. */
  readonly unmask?: boolean;
  /** --profile: the credential to sign with, a keyscope profile or else an AWS one (verify, sts, iam). */
  readonly profile?: string;
}

/** Reads the credential from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (`profiles add --from-env`). */
export function credentialsFromEnv(env: CliIo['env']): Credentials {
  const found = envCredentials(env);
  if (!found.ok) throw new UsageError(found.error.message, found.error.hint);
  if (!found.value) {
    throw new UsageError('No credential: AWS_ACCESS_KEY_ID is not set.', 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys) in the environment.');
  }
  return found.value;
}

/**
 * The longest delay a Node timer takes (about 24.8 days): `0` means "no time-out" as in the AWS CLI, and a longer
 * delay would make Node fire the timer at once, with a TimeoutOverflowWarning.
 */
export const NO_TIMEOUT_MS = 2 ** 31 - 1;

/** A time-out flag in milliseconds: seconds as the AWS CLI takes them, `0` for none. */
export function seconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} must be a number of seconds (0 for no time-out); got "${value}".`);
  return n === 0 ? NO_TIMEOUT_MS : Math.min(NO_TIMEOUT_MS, Math.max(1, Math.round(n * 1000)));
}

/** Everything a command needs to call AWS: one transport, one client factory; close() lets the process exit. */
export interface CommandContext {
  readonly client: QueryClient;
  readonly transport: Transport;
  /** A client for another credential (a saved profile: its region comes after the flags and the environment). */
  clientFor(credentials: Credentials | undefined, profileRegion?: string): QueryClient;
  close(): void;
}

/** KEYSCOPE_ALLOW_CANARY says what --allow-canary says, for the command line only. */
const canaryAllowedBy = (env: CliIo['env']): boolean => /^(1|true|yes)$/i.test(env.KEYSCOPE_ALLOW_CANARY ?? '');

/** What the flags (and KEYSCOPE_ALLOW_CANARY) say of where requests go. */
function targetOf(options: GlobalOptions, env: CliIo['env'], profileRegion?: string): ClientTarget {
  return {
    ...(options.region ? { region: options.region } : {}),
    // `--endpoint-url ''` is kept, to be refused: it must not quietly mean the real AWS.
    ...(options.endpointUrl !== undefined ? { endpointUrl: options.endpointUrl } : {}),
    ...(options.allowHttp ? { allowHttp: true } : {}),
    ...(options.allowCanary || canaryAllowedBy(env) ? { allowCanary: true } : {}),
    ...(profileRegion ? { profileRegion } : {}),
  };
}

/** Builds the transport (one per command, shared by a recheck's checks) and the client; `credentials` undefined for the unsigned calls. */
export function makeContext(options: GlobalOptions, io: CliIo, credentials: Credentials | undefined, profileRegion?: string): CommandContext {
  // `--region ''` (an unset shell variable) must not quietly mean AWS_REGION, AWS_DEFAULT_REGION or the global endpoint.
  if (options.region === '') throw new UsageError('--region is empty.', 'Give --region a region such as us-east-1, or leave it out to use AWS_REGION, AWS_DEFAULT_REGION or the global STS endpoint.');
  const connectTimeoutMs = seconds('--cli-connect-timeout', options.cliConnectTimeout);
  const responseTimeoutMs = seconds('--cli-read-timeout', options.cliReadTimeout);
  const transport = createTransport({ env: io.env, ...(connectTimeoutMs ? { connectTimeoutMs } : {}), ...(responseTimeoutMs ? { responseTimeoutMs } : {}) });
  if (!transport.ok) throw new UsageError(transport.error.message, transport.error.hint);
  // The outcome is the error code the server sent: escaped, it cannot drive the terminal, as in every other message.
  const onEvent = options.debug
    ? (e: ClientEvent) => io.stderr(`${escapeControls(`debug: ${e.operation} attempt ${e.attempt} ${e.url} -> ${e.status ?? '-'} ${e.outcome} (${e.ms} ms)`)}\n`)
    : undefined;
  const factory = createClientFactory({ transport: transport.value, env: io.env, userAgent: USER_AGENT, ...(onEvent ? { onEvent } : {}) });
  const clientFor = (c: Credentials | undefined, region?: string): QueryClient => {
    const client = factory.client(c, targetOf(options, io.env, region));
    if (!client.ok) {
      transport.value.close();
      throw new UsageError(client.error.message, client.error.hint);
    }
    return client.value;
  };
  const client = clientFor(credentials, profileRegion);
  return { client, transport: transport.value, clientFor, close: () => transport.value.close() };
}
