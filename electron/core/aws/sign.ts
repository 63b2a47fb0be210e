/**
 * SigV4 signing: the one importer of @smithy/signature-v4. Everything else hands a plain request here.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from './model.js';
import { SigningSha256 } from './sha256-pool.js';

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

/**
 * A signer for one key, region and service. smithy caches the derived signing key, but finds it by an HMAC of the
 * key id with the secret, computed for every signature (a quarter of a signature's hashing); this signer is bound to
 * one credential, so its key is kept here for its day, and smithy derives it once.
 */
function newSigner(credentials: Credentials, scope: SigningScope): SignatureV4 {
  const signer = new SignatureV4({ credentials: { ...credentials }, region: scope.region, service: scope.service, sha256: SigningSha256, applyChecksum: false });
  const source = signer as unknown as SigningKeySource;
  if (typeof source.getSigningKey !== 'function') return signer; // smithy changed: its own path, slower
  const derive = source.getSigningKey.bind(signer);
  let day: { readonly shortDate: string; readonly region: string; readonly service?: string; readonly key: Promise<Uint8Array> } | undefined;
  source.getSigningKey = (creds, region, shortDate, service) => {
    if (day?.shortDate !== shortDate || day.region !== region || day.service !== service) {
      const key = derive(creds, region, shortDate, service);
      day = { shortDate, region, service, key };
      key.catch(() => (day = undefined)); // a failed derivation is tried again by the next signature
    }
    return day.key;
  };
  return signer;
}

/** The signers of each credential object, by region and service: they live as long as the credential does. */
const signers = new WeakMap<Credentials, Map<string, SignatureV4>>();

/** Returns the request's headers with Authorization, X-Amz-Date and the session token added. */
export async function signRequest(request: SignableRequest, credentials: Credentials, scope: SigningScope): Promise<Record<string, string>> {
  // One signer per key, region and service: it keeps the derived signing key (see newSigner). A client hands the
  // same credential object to every call, so finding its signer does not spell out the key and secret each time.
  let ofCredential = signers.get(credentials);
  if (!ofCredential) {
    ofCredential = new Map();
    signers.set(credentials, ofCredential);
  }
  const scopeKey = `${scope.region}/${scope.service}`;
  let signer = ofCredential.get(scopeKey);
  if (!signer) {
    signer = newSigner(credentials, scope);
    ofCredential.set(scopeKey, signer);
  }
  // smithy copies the request before it adds to it (prepareRequest): its headers and query are passed as they are.
  const signed = await signer.sign(
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
  return signed.headers as Record<string, string>;
}
