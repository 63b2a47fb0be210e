/**
 * The AWS Query protocol's input side: a tree of parameters flattened to `Name.member.1.Key=value` pairs and
 * form-encoded. https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#query-key-resolution
 */

/** A parameter value as an operation builds it. Lists are not flattened; undefined members are left out. */
export type QueryValue = string | number | boolean | undefined | readonly QueryValue[] | { readonly [key: string]: QueryValue };

/** A value made only of the characters that pass unescaped (most names and values sent: Action, Version, key ids). */
const UNRESERVED = /^[A-Za-z0-9._~-]*$/;

/** Percent-encodes as RFC 3986 asks: only A-Z a-z 0-9 - _ . ~ pass unescaped. Unicode goes as UTF-8. */
export function encodeRfc3986(value: string): string {
  if (UNRESERVED.test(value)) return value;
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function flattenInto(out: Array<[string, string]>, prefix: string, value: QueryValue): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    // An empty list is sent as the bare key, so the service sees an empty list rather than none.
    if (value.length === 0) out.push([prefix, '']);
    value.forEach((item: QueryValue, i: number) => flattenInto(out, `${prefix}.member.${i + 1}`, item));
    return;
  }
  if (typeof value === 'object') {
    for (const [key, member] of Object.entries(value as Record<string, QueryValue>)) flattenInto(out, `${prefix}.${key}`, member);
    return;
  }
  out.push([prefix, String(value)]);
}

/** Flattens parameters to ordered key/value pairs, Action and Version first. */
export function queryPairs(action: string, version: string, params: Readonly<Record<string, QueryValue>>): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['Action', action],
    ['Version', version],
  ];
  for (const [key, value] of Object.entries(params)) flattenInto(out, key, value);
  return out;
}

/** Encodes pairs as a query string: RFC 3986, spaces as %20 (what SigV4's canonical query uses). */
export function encodeQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  let out = '';
  for (let i = 0; i < pairs.length; i += 1) {
    const pair = pairs[i] as readonly [string, string];
    out += `${i === 0 ? '' : '&'}${encodeRfc3986(pair[0])}=${encodeRfc3986(pair[1])}`;
  }
  return out;
}

/**
 * Encodes pairs as an application/x-www-form-urlencoded body: as a query string, but spaces as "+", as botocore
 * sends it. AWS hashes the bytes either way; emulators that re-encode the parsed form (moto) expect "+".
 */
export function encodeForm(pairs: ReadonlyArray<readonly [string, string]>): string {
  const query = encodeQuery(pairs);
  return query.includes('%20') ? query.replace(/%20/g, '+') : query;
}
