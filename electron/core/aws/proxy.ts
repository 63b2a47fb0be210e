/**
 * Which proxy, if any, a request goes through: HTTPS_PROXY / HTTP_PROXY / NO_PROXY, lower case first,
 * as curl and the AWS CLI read them.
 */

/** The proxy to use for a URL, or undefined to connect directly. */
export function proxyFor(target: URL, env: Readonly<Record<string, string | undefined>>): URL | undefined {
  const pick = (name: string) => env[name.toLowerCase()] ?? env[name.toUpperCase()];
  const raw = target.protocol === 'https:' ? pick('https_proxy') : pick('http_proxy');
  if (!raw) return undefined;
  if (bypasses(target, pick('no_proxy') ?? '')) return undefined;
  try {
    return new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    return undefined;
  }
}

/** Whether NO_PROXY names this host: `*`, an exact host, a domain suffix (with or without a leading dot), host:port. */
export function bypasses(target: URL, noProxy: string): boolean {
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      let name = entry.toLowerCase();
      let entryPort: string | undefined;
      const m = /^(.*?)(?::(\d+))?$/.exec(name);
      if (m && m[2] && !name.startsWith('[') && name.split(':').length === 2) {
        name = m[1] as string;
        entryPort = m[2];
      }
      name = name.replace(/^\*?\./, '').replace(/^\[|\]$/g, '');
      if (entryPort && entryPort !== port) return false;
      return host === name || host.endsWith(`.${name}`);
    });
}
