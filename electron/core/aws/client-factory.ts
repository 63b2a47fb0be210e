/**
 * The one way the fronts (CLI and app) build AWS clients: one transport, one region order, every endpoint rule.
 *
 * Region order, the same for every front: an explicit region (`--region`, or the region a request names) >
 * AWS_REGION > AWS_DEFAULT_REGION > the profile's region > none, which means the global STS endpoint (signed for
 * us-east-1). An environment variable that is set but empty counts as set and means none, as before; an empty
 * explicit or profile region counts as not given.
 */
import type { InputFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { QueryClient, type ClientEvent, type ClientOptions } from './client.js';
import type { ServiceName } from './constants.js';
import { endpointSettingsFromEnv, resolveEndpoint, type Endpoint, type EndpointSettings } from './endpoints.js';
import type { Credentials } from './model.js';
import { cleartextProxyFailure } from './proxy.js';
import type { Transport } from './transport.js';

type Env = Readonly<Record<string, string | undefined>>;

/** What every client of a process shares. */
export interface ClientFactoryOptions {
  readonly transport: Transport;
  /** Where AWS_REGION, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL*, KEYSCOPE_ALLOW_HTTP and the proxy variables are read. */
  readonly env: Env;
  readonly userAgent: string;
  readonly onEvent?: (event: ClientEvent) => void;
  /** Retries, clock, pauses and dice, for tests; the client's defaults otherwise. */
  readonly tuning?: Pick<ClientOptions, 'retry' | 'now' | 'sleep' | 'random'>;
}

/** Where one client goes: what the command line or the request said, and the profile's region. */
export interface ClientTarget {
  /** --region, or the region a request names: beats everything. */
  readonly region?: string;
  /** The saved profile's region: after AWS_REGION and AWS_DEFAULT_REGION. */
  readonly profileRegion?: string;
  /** --endpoint-url, for every service. Set but empty is refused, never read as "the real AWS". */
  readonly endpointUrl?: string;
  /** --allow-http: plain http to a host that is not this computer (KEYSCOPE_ALLOW_HTTP=1 says the same). */
  readonly allowHttp?: boolean;
  /** Sign with a key of a canary-token account anyway: --allow-canary or KEYSCOPE_ALLOW_CANARY=1 on the command line, a confirmation in the app. */
  readonly allowCanary?: boolean;
}

/** Where a client's STS and IAM calls go and how they are signed. */
export interface ResolvedEndpoints {
  readonly settings: EndpointSettings;
  readonly sts: Endpoint;
  readonly iam: Endpoint;
}

/** Builds clients that all follow the same rules. */
export interface ClientFactory {
  /** A client for one credential (undefined for the unsigned calls), or the input failure of a refused endpoint. */
  client(credentials: Credentials | undefined, target?: ClientTarget): Result<QueryClient, InputFailure>;
  /** Where that client would send its calls, or why it would not. */
  endpoints(target?: ClientTarget): Result<ResolvedEndpoints, InputFailure>;
}

/** The region a client uses, in the one order (see the file's comment); undefined means the global endpoint. */
export function regionFor(env: Env, target: ClientTarget = {}): string | undefined {
  const region = (target.region || undefined) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (target.profileRegion || undefined);
  return region || undefined;
}

/** The endpoint settings for a target: the region in the one order, endpoints from flags and then the environment. */
export function endpointSettingsFor(env: Env, target: ClientTarget = {}): EndpointSettings {
  const region = regionFor(env, target);
  // endpointSettingsFromEnv puts an explicit region before the variables; the order is already applied here.
  return endpointSettingsFromEnv(env, {
    ...(region ? { region } : {}),
    ...(target.endpointUrl !== undefined ? { endpointUrl: target.endpointUrl } : {}),
    ...(target.allowHttp ? { allowHttp: true } : {}),
  });
}

/** Resolves both services and applies the rules: a valid region and URL, no plain http off this computer unless allowed. */
export function resolveTarget(env: Env, target: ClientTarget = {}): Result<ResolvedEndpoints, InputFailure> {
  const settings = endpointSettingsFor(env, target);
  const checked = (service: ServiceName): Result<Endpoint, InputFailure> => {
    const endpoint = resolveEndpoint(service, settings);
    if (!endpoint.ok) return endpoint;
    const cleartext = cleartextProxyFailure(endpoint.value.url, env, settings.allowHttp === true);
    return cleartext ? err(cleartext) : endpoint;
  };
  // Both services, whatever the command: a bad AWS_ENDPOINT_URL_IAM is reported before anything is sent.
  const sts = checked('sts');
  if (!sts.ok) return sts;
  const iam = checked('iam');
  if (!iam.ok) return iam;
  return ok({ settings, sts: sts.value, iam: iam.value });
}

/** A factory for one process: pass it the process's one transport. */
export function createClientFactory(options: ClientFactoryOptions): ClientFactory {
  const { transport, env, userAgent, onEvent, tuning } = options;
  const endpoints = (target: ClientTarget = {}) => resolveTarget(env, target);
  const client = (credentials: Credentials | undefined, target: ClientTarget = {}): Result<QueryClient, InputFailure> => {
    const resolved = endpoints(target);
    if (!resolved.ok) return resolved;
    // Only the target lifts the canary guard: the command line reads KEYSCOPE_ALLOW_CANARY into it, the app never
    // (its user confirms each check, whatever the environment it was started from).
    const allowCanary = target.allowCanary === true;
    return ok(new QueryClient({ ...tuning, transport, endpoints: resolved.value.settings, userAgent, ...(onEvent ? { onEvent } : {}), ...(allowCanary ? { allowCanary } : {}) }, credentials));
  };
  return { client, endpoints };
}
