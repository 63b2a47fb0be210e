/**
 * The least SigV4 signer there is, on node:crypto, in the shape of sign.ts (signRequest): what the bench builds into
 * keyscope in place of the card's @smithy/signature-v4 and @aws-crypto/sha256-js, to show what that choice costs on
 * the rows it weighs on. Never part of keyscope. It signs what keyscope sends (lower-case header names, a string body
 * or none, a flat query) and is held to smithy's signatures by scripts/bench/sign-minimal.test.ts.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
import { createHash, createHmac } from 'node:crypto';
import type { Credentials } from '../../electron/core/aws/model.js';
import { encodeRfc3986 } from '../../electron/core/aws/query.js';
import type { SignableRequest, SigningScope } from '../../electron/core/aws/sign.js';

/** Names SigV4 leaves unsigned, as smithy does (those keyscope could send). */
const UNSIGNED = new Set(['user-agent', 'x-amzn-trace-id', 'expect', 'authorization', 'connection']);

let lastKey: { readonly at: string; readonly key: Buffer } | undefined;

function signingKey(secret: string, shortDate: string, region: string, service: string): Buffer {
  const at = `${secret}\n${shortDate}\n${region}\n${service}`;
  if (lastKey?.at !== at) {
    const day = createHmac('sha256', `AWS4${secret}`).update(shortDate).digest();
    const inRegion = createHmac('sha256', day).update(region).digest();
    const inService = createHmac('sha256', inRegion).update(service).digest();
    lastKey = { at, key: createHmac('sha256', inService).update('aws4_request').digest() };
  }
  return lastKey.key;
}

export function signRequest(request: SignableRequest, credentials: Credentials, scope: SigningScope): Promise<Record<string, string>> {
  const longDate = scope.signingDate.toISOString().replace(/[-:]|\.\d{3}/g, '');
  const shortDate = longDate.slice(0, 8);
  const headers: Record<string, string> = { ...request.headers, 'x-amz-date': longDate };
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const names = Object.keys(headers)
    .filter((n) => !UNSIGNED.has(n))
    .sort();
  const query = Object.entries(request.query ?? {})
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v as string]).map((x): [string, string] => [encodeRfc3986(k), encodeRfc3986(x)]))
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = [
    request.method,
    request.path.split('/').map(encodeRfc3986).join('/'),
    query,
    ...names.map((n) => `${n}:${(headers[n] as string).trim().replace(/\s+/g, ' ')}`),
    '',
    names.join(';'),
    createHash('sha256').update(request.body ?? '').digest('hex'),
  ].join('\n');
  const credentialScope = `${shortDate}/${scope.region}/${scope.service}/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${longDate}\n${credentialScope}\n${createHash('sha256').update(canonical).digest('hex')}`;
  const signature = createHmac('sha256', signingKey(credentials.secretAccessKey, shortDate, scope.region, scope.service)).update(toSign).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return Promise.resolve(headers);
}
