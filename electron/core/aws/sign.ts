/**
 * SigV4 signing: the one importer of @smithy/signature-v4. Everything else hands a plain request here.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from './model.js';
import { hmacNow, SigningSha256 } from './sha256-pool.js';

/** The parts of a request that are signed. Header names are lower case. */
export interface SignableRequest {
  readonly method: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly port?: number;
  readonly path: string;
  readonly query?: Readonly<Record<string, string | string[]>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface SigningScope {
  readonly region: string;
  readonly service: string;
  readonly signingDate: Date;
}

/** The part of smithy's signer overridden below; `private` in its types, so reached through this shape. */
interface SigningKeySource {
  getSigningKey(credentials: unknown, region: string, shortDate: string, service?: string): Promise<Uint8Array>;
}

/** What is kept per credential object: its signers by region and service, and the last region key derived. */
interface CredentialRecord {
  readonly signers: Map<string, SignatureV4>;
  /** kRegion of SigV4's derivation for one day and region: STS and IAM in one region both start from it. */
  regionKey?: { readonly at: string; readonly key: Uint8Array };
}

/**
 * SigV4's signing key: HMAC-SHA-256 of the date, region, service and "aws4_request" in turn, from "AWS4" + the secret
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html, step 4).
 */
function deriveSigningKey(record: CredentialRecord, secret: string, shortDate: string, region: string, service: string): Uint8Array {
  const at = `${shortDate}/${region}`;
  if (record.regionKey?.at !== at) record.regionKey = { at, key: hmacNow(hmacNow(`AWS4${secret}`, shortDate), region) };
  return hmacNow(hmacNow(record.regionKey.key, service), 'aws4_request');
}

/**
 * A signer for one key, region and service. Its signing key is derived here, kept for its day, and shared up to the
 * region with the credential's other signers: smithy would derive it per signer, and find its cached copy by an HMAC
 * of the key id computed for every signature (a quarter of a signature's hashing). A cold `verify` signs for STS and
 * IAM once each: this halves the hashing before the first byte is sent.
 */
function newSigner(credentials: Credentials, scope: SigningScope, record: CredentialRecord): SignatureV4 {
  const signer = new SignatureV4({ credentials: { ...credentials }, region: scope.region, service: scope.service, sha256: SigningSha256, applyChecksum: false });
  const source = signer as unknown as SigningKeySource;
  if (typeof source.getSigningKey !== 'function') return signer; // smithy changed: its own path, slower
  let day: { readonly shortDate: string; readonly region: string; readonly service: string; readonly key: Promise<Uint8Array> } | undefined;
  source.getSigningKey = (_resolved, region, shortDate, service) => {
    const name = service || scope.service; // as smithy reads it
    if (day?.shortDate !== shortDate || day.region !== region || day.service !== name) {
      day = { shortDate, region, service: name, key: Promise.resolve(deriveSigningKey(record, credentials.secretAccessKey, shortDate, region, name)) };
    }
    return day.key;
  };
  return signer;
}

/** What is kept per credential object, for as long as the credential lives. */
const records = new WeakMap<Credentials, CredentialRecord>();

/**
 * Returns the request's headers with Authorization, X-Amz-Date and the session token added. Not an async function:
 * smithy's promise is handed on as it is (one promise and one resumable frame fewer per signature), and anything
 * thrown here still arrives as a rejection.
 */
export function signRequest(request: SignableRequest, credentials: Credentials, scope: SigningScope): Promise<Record<string, string>> {
  try {
    return signWith(signerFor(credentials, scope), request, scope);
  } catch (e) {
    return Promise.reject(e as Error);
  }
}

/** The credential's signer for the scope's region and service, made the first time. */
function signerFor(credentials: Credentials, scope: SigningScope): SignatureV4 {
  // One signer per key, region and service: it keeps the derived signing key (see newSigner). A client hands the
  // same credential object to every call, so finding its signer does not spell out the key and secret each time.
  let record = records.get(credentials);
  if (!record) {
    record = { signers: new Map() };
    records.set(credentials, record);
  }
  const scopeKey = `${scope.region}/${scope.service}`;
  let signer = record.signers.get(scopeKey);
  if (!signer) {
    signer = newSigner(credentials, scope, record);
    record.signers.set(scopeKey, signer);
  }
  return signer;
}

function signWith(signer: SignatureV4, request: SignableRequest, scope: SigningScope): Promise<Record<string, string>> {
  // smithy copies the request before it adds to it (prepareRequest): its headers and query are passed as they are.
  const signed = signer.sign(
    {
      method: request.method,
      protocol: request.protocol,
      hostname: request.hostname,
      port: request.port,
      path: request.path,
      query: (request.query ?? {}) as Record<string, string | string[]>,
      headers: request.headers as Record<string, string>,
      body: request.body,
    },
    // The region given here spares smithy asking its region provider (a promise) on every signature.
    { signingDate: scope.signingDate, signingRegion: scope.region },
  );
  return signed.then((r) => r.headers as Record<string, string>);
}
