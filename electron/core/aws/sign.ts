/**
 * SigV4 signing: the one importer of @smithy/signature-v4. Everything else hands a plain request here.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from './model.js';


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

const signers = new Map<string, SignatureV4>();

/** Returns the request's headers with Authorization, X-Amz-Date and the session token added. */
export async function signRequest(request: SignableRequest, credentials: Credentials, scope: SigningScope): Promise<Record<string, string>> {
  // One signer per key, region and service: smithy caches the derived signing key inside it.
  const cacheKey = `${credentials.accessKeyId}\0${credentials.secretAccessKey}\0${credentials.sessionToken ?? ''}\0${scope.region}\0${scope.service}`;
  let signer = signers.get(cacheKey);
  if (!signer) {
    if (signers.size > 256) signers.clear();
    signer = new SignatureV4({
      credentials: { ...credentials },
      region: scope.region,
      service: scope.service,
      sha256: Sha256,
      applyChecksum: false,
    });
    signers.set(cacheKey, signer);
  }
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: request.protocol,
      hostname: request.hostname,
      port: request.port,
      path: request.path,
      query: request.query ? { ...request.query } : {},
      headers: { ...request.headers },
      body: request.body,
    },
    { signingDate: scope.signingDate },
  );
  return signed.headers as Record<string, string>;
}
