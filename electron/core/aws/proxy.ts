/**
 * Which proxy, if any, a request goes through: HTTPS_PROXY / HTTP_PROXY / NO_PROXY, lower case first,
 * as curl and the AWS CLI read them. A value that is not a proxy URL is an error, never a silent direct connection.
 */
import { inputFailure, type InputFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { isLoopbackHost, withoutCredentials } from './endpoints.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The variables that name a proxy, in the order they are checked. */
export const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const;

/** Said when a value holds an `@` the URL did not read as the end of a user name and password. */
const ENCODE_HINT = 'If the proxy\'s user name or password holds /, ?, # or @, percent-encode them (%2F, %3F, %23, %40).';

/** Parses one proxy variable: `http://[user:pass@]host[:port]`, or `host:port`. */
export function parseProxy(name: string, raw: string): Result<URL, InputFailure> {
  const hint = `Set ${name} to a URL such as http://proxy.example.com:3128, or unset it.`;
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    // The proxy's password, if the value holds one, is never repeated.
    return err(inputFailure(name, `${name} "${withoutCredentials(raw)}" is not a proxy URL.`, raw.includes('@') ? `${hint} ${ENCODE_HINT}` : hint));
  }
  if (`${url.pathname}${url.search}${url.hash}`.includes('@')) {
    // http://user:12/34@proxy:3128 parses as the proxy "user:12": the password would be a host and port, and shown as one.
    return err(inputFailure(name, `${name} "${withoutCredentials(raw)}" is not a proxy URL: its user name or password ends it early.`, `${hint} ${ENCODE_HINT}`));
  }
  if (url.protocol !== 'http:') {
    // The transport speaks plain HTTP (and CONNECT) to the proxy: a TLS or SOCKS proxy would not understand it.
    return err(inputFailure(name, `${name} uses ${url.protocol.replace(':', '')}://; keyscope reaches proxies over http:// only.`, hint));
  }
  return ok(url);
}

/** The first proxy variable whose value is not a proxy URL; empty values count as unset. */
export function checkProxyVariables(env: Env): InputFailure | undefined {
  for (const name of PROXY_VARIABLES) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const parsed = parseProxy(name, raw);
    if (!parsed.ok) return parsed.error;
  }
  return undefined;
}

/**
 * Which of a variable's two spellings is read, and its value: the lower-case one whenever it is set, as the AWS CLI
 * (Python's urllib) reads them; set but empty, it means none, and the upper-case one is not read.
 */
function pickVariable(env: Env, name: string): { name: string; raw: string | undefined } {
  const lower = name.toLowerCase();
  if (env[lower] !== undefined) return { name: lower, raw: env[lower] };
  // Run as a CGI script (REQUEST_METHOD set), HTTP_PROXY may be a request's Proxy header: urllib ignores it ("httpoxy").
  if (lower === 'http_proxy' && env.REQUEST_METHOD !== undefined) return { name: lower, raw: undefined };
  return { name: name.toUpperCase(), raw: env[name.toUpperCase()] };
}

/** The proxy to use for a URL, or undefined to connect directly. Check the variables first with checkProxyVariables. */
export function proxyFor(target: URL, env: Env): URL | undefined {
  const chosen = pickVariable(env, target.protocol === 'https:' ? 'https_proxy' : 'http_proxy');
  const raw = chosen.raw?.trim();
  if (!raw) return undefined;
  if (bypasses(target, pickVariable(env, 'no_proxy').raw ?? '')) return undefined;
  const parsed = parseProxy(chosen.name, raw);
  return parsed.ok ? parsed.value : undefined;
}
/**
 * Plain http to this computer is safe only when it stays here: through a proxy on another computer, the signed
 * request and its answer would cross the network unencrypted. Undefined when that is not the case (or allowed).
 */
export function cleartextProxyFailure(endpoint: URL, env: Env, allowHttp: boolean): InputFailure | undefined {
  if (endpoint.protocol !== 'http:' || allowHttp) return undefined;
  const proxy = proxyFor(endpoint, env);
  if (!proxy || isLoopbackHost(proxy.hostname)) return undefined;
  const { name } = pickVariable(env, 'http_proxy'); // the variable proxyFor read
  return inputFailure(
    name,
    `${name} would carry plain http to ${endpoint.host} through ${proxy.host}: the session token and any credentials returned would cross the network unencrypted.`,
    `Add ${endpoint.hostname} to NO_PROXY, use https://, or pass --allow-http (or set KEYSCOPE_ALLOW_HTTP=1) if that network is trusted.`,
  );
}

/**
 * Whether NO_PROXY names this host, as the AWS CLI decides it: botocore hands Python's urllib the URL's netloc (its
 * host, an IPv6 address in brackets, with the port only when the URL names one), and urllib bypasses the proxy when
 * the whole value is `*`, or when a comma-separated entry (trimmed, leading dots dropped, any case) is that host, with
 * or without the port, or a suffix of it after a dot. Nothing else: no `*.` wildcard, no CIDR range, no default port.
 */
export function bypasses(target: URL, noProxy: string): boolean {
  if (noProxy === '*') return true;
  const hostOnly = target.hostname.toLowerCase();
  const host = target.port ? `${hostOnly}:${target.port}` : hostOnly;
  return noProxy.split(',').some((entry) => {
    const name = entry.trim().replace(/^\.+/, '').toLowerCase();
    return name !== '' && (hostOnly === name || host === name || hostOnly.endsWith(`.${name}`) || host.endsWith(`.${name}`));
  });
}
