/**
 * Where each service's requests go and which region signs them: partitions, region names, the standard endpoint
 * variables and flags, and the refusal of endpoint URLs that would leak a credential.
 */
import { DEFAULT_REGION, type ServiceName } from './constants.js';
import { inputFailure, type InputFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';

/** An AWS partition: a set of regions with their own endpoints and accounts. */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** Where to send a request and how to sign it. */
export interface Endpoint {
  readonly url: URL;
  readonly signingRegion: string;
  readonly partition: Partition;
}

/** What the user (flags and environment) said about where to go. */
export interface EndpointSettings {
  /** The region asked for; undefined means "not configured" (STS then uses the global endpoint). */
  readonly region?: string;
  /** --endpoint-url, for every service. */
  readonly endpointUrl?: string;
  /** AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL_IAM. */
  readonly serviceEndpointUrls?: Partial<Record<ServiceName, string>>;
  /** AWS_ENDPOINT_URL. */
  readonly globalEndpointUrl?: string;
  /** --allow-http or KEYSCOPE_ALLOW_HTTP=1: plain http to a host that is not this computer is allowed. */
  readonly allowHttp?: boolean;
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** IAM is global per partition: one host and one signing region each. */
const IAM_GLOBAL: Readonly<Record<Partition, { host: string; region: string }>> = {
  aws: { host: 'iam.amazonaws.com', region: 'us-east-1' },
  'aws-cn': { host: 'iam.cn-north-1.amazonaws.com.cn', region: 'cn-north-1' },
  'aws-us-gov': { host: 'iam.us-gov.amazonaws.com', region: 'us-gov-west-1' },
};

/** The partition a region belongs to. */
export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Checks a region name's shape (us-east-1, cn-north-1, us-gov-west-1…). */
export function validateRegion(region: string): Result<string, InputFailure> {
  if (REGION_PATTERN.test(region)) return ok(region);
  return err(
    inputFailure('region', `"${region}" is not a region name.`, 'Use a name such as us-east-1 or eu-west-2 (--region, AWS_REGION or AWS_DEFAULT_REGION).'),
  );
}

/** A URL's host without IPv6 brackets, as sockets, TLS and address checks take it. */
export const bareHost = (hostname: string): string => hostname.replace(/^\[|\]$/g, '');

/** Whether a URL's host is this computer: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = bareHost(hostname.toLowerCase());
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * A URL value (a proxy, an endpoint) as it may be shown: everything before the last `@` (after the scheme) is replaced
 * by `***`. Up to the last `@`, whatever is in between: a password holding `/`, `?` or `#` unencoded ends the URL's
 * authority early, and its rest was shown as it was.
 */
export function withoutCredentials(raw: string): string {
  return raw.replace(/^((?:[a-z][a-z0-9+.-]*:)?\/\/)?.*@/is, (_whole, scheme: string | undefined) => `${scheme ?? ''}***@`);
}

function parseEndpointUrl(raw: string, source: string, allowHttp: boolean): Result<URL, InputFailure> {
  if (raw.trim() === '') {
    // An empty value is a mistake (an unset shell variable), not a wish for the real AWS endpoint.
    return err(inputFailure(source, `${source} is empty.`, `Give ${source} a full URL such as http://127.0.0.1:5000, or leave it out to reach AWS.`));
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // A user name and password in it, refused below once it parses, are not repeated either.
    return err(inputFailure(source, `${source} "${withoutCredentials(raw)}" is not a URL.`, 'Give a full URL such as https://sts.eu-west-1.amazonaws.com or http://127.0.0.1:5000.'));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return err(inputFailure(source, `${source} must use http or https, not ${url.protocol.replace(':', '')}.`, 'Give a URL that starts with https:// or http://.'));
  }
  if (url.username || url.password) {
    return err(inputFailure(source, `${source} must not hold a user name or password.`, 'Remove the user:password@ part of the URL.'));
  }
  if (url.search) {
    // The signature covers the path alone: AWS would refuse every request as SignatureDoesNotMatch (a wrong secret).
    // Not quoted: a pasted presigned URL's query holds a signature and a session token.
    return err(inputFailure(source, `${source} must not hold a query string (a part from ?).`, `Give the endpoint's URL without it, such as ${url.origin}${url.pathname}.`));
  }
  if (url.protocol === 'http:' && !allowHttp && !isLoopbackHost(url.hostname)) {
    // Requests carry a session token and answers carry credentials: in clear, anyone on the path would read them.
    return err(
      inputFailure(
        source,
        `${source} ${url.origin} is plain http to another computer: the session token and any credentials returned would cross the network unencrypted.`,
        'Use https://, or pass --allow-http (or set KEYSCOPE_ALLOW_HTTP=1) if the network to that host is trusted.',
      ),
    );
  }
  return ok(url);
}

/** Resolves the endpoint of one service from flags, environment and region, as the AWS CLI does. */
export function resolveEndpoint(service: ServiceName, settings: EndpointSettings): Result<Endpoint, InputFailure> {
  const region = settings.region ?? DEFAULT_REGION;
  const checked = validateRegion(region);
  if (!checked.ok) return checked;
  const partition = partitionOf(region);
  const iam = IAM_GLOBAL[partition];
  const signingRegion = service === 'iam' ? iam.region : region;

  // A value that is set counts even when empty: parseEndpointUrl refuses it rather than fall back to AWS.
  const serviceUrl = settings.serviceEndpointUrls?.[service];
  const custom =
    settings.endpointUrl !== undefined
      ? { raw: settings.endpointUrl, source: '--endpoint-url' }
      : serviceUrl !== undefined
        ? { raw: serviceUrl, source: `AWS_ENDPOINT_URL_${service.toUpperCase()}` }
        : settings.globalEndpointUrl !== undefined
          ? { raw: settings.globalEndpointUrl, source: 'AWS_ENDPOINT_URL' }
          : undefined;
  if (custom) {
    const url = parseEndpointUrl(custom.raw, custom.source, settings.allowHttp === true);
    if (!url.ok) return url;
    return ok({ url: url.value, signingRegion, partition });
  }

  if (service === 'iam') return ok({ url: new URL(`https://${iam.host}/`), signingRegion, partition });
  // No region configured: the global STS endpoint, which signs for us-east-1.
  if (settings.region === undefined) {
    return ok({ url: new URL('https://sts.amazonaws.com/'), signingRegion: DEFAULT_REGION, partition });
  }
  const suffix = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return ok({ url: new URL(`https://sts.${region}.${suffix}/`), signingRegion, partition });
}

/** Whether KEYSCOPE_ALLOW_HTTP asks for plain http to other hosts. */
export function allowHttpFromEnv(env: Readonly<Record<string, string | undefined>>): boolean {
  return /^(1|true|yes)$/i.test(env.KEYSCOPE_ALLOW_HTTP?.trim() ?? '');
}

/** Endpoint settings from the standard variables, with an explicit region or endpoint winning. Set but empty is kept. */
export function endpointSettingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  explicit: { readonly region?: string; readonly endpointUrl?: string; readonly allowHttp?: boolean } = {},
): EndpointSettings {
  const region = explicit.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const sts = env.AWS_ENDPOINT_URL_STS;
  const iam = env.AWS_ENDPOINT_URL_IAM;
  return {
    ...(region ? { region } : {}),
    ...(explicit.endpointUrl !== undefined ? { endpointUrl: explicit.endpointUrl } : {}),
    serviceEndpointUrls: { ...(sts !== undefined ? { sts } : {}), ...(iam !== undefined ? { iam } : {}) },
    ...(env.AWS_ENDPOINT_URL !== undefined ? { globalEndpointUrl: env.AWS_ENDPOINT_URL } : {}),
    allowHttp: explicit.allowHttp === true || allowHttpFromEnv(env),
  };
}
