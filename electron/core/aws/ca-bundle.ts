/**
 * The trust roots of AWS_CA_BUNDLE as a TLS secure context, built once per bundle file and version in a process:
 * building one parses every root certificate and the bundle (220 KB on some machines), so neither a second transport
 * nor each new connection should do it again.
 */
import { statSync } from 'node:fs';
import type tls from 'node:tls';
import { inputFailure, type InputFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { MIB, readBoundedFile, type BoundedReadError } from './read-bounded.js';

/** Reads a file of at most `maxBytes` bytes; readBoundedFile, or a test's counting wrapper. */
export type BundleReader = (path: string, maxBytes: number) => Result<string, BoundedReadError>;

const BUNDLE_HINT = 'Point AWS_CA_BUNDLE at a PEM file of CA certificates (at most 1 MiB), or unset it.';

/** What identifies one version of a file: a rewrite changes its mtime (or size, or inode). Undefined if not a file. */
function versionOf(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}` : undefined;
  } catch {
    return undefined; // the read below says why, in its own words
  }
}

/**
 * Node's roots and the bundle. Not `ca: [...tls.rootCertificates, pem]`: that turns every root back into PEM text
 * and parses it again (~20 ms here); a default context holds the roots Node has already parsed once per process,
 * and adding the bundle to it gives that context a copy of Node's store with the bundle added (as win-ca and
 * syswide-cas do), the same trust as Node's own NODE_EXTRA_CA_CERTS path.
 */
function withBundle(pem: string): tls.SecureContext {
  // node:tls (and with it crypto) is loaded only when a bundle is used: a cold plain-http verify never pays for it.
  const { createSecureContext } = process.getBuiltinModule('node:tls') as typeof tls;
  const context = createSecureContext();
  (context.context as { addCACert(pem: string): void }).addCACert(pem);
  return context;
}

/** Secure contexts by CA bundle path, each kept while its file is unchanged. */
export class SecureContextCache {
  private readonly built = new Map<string, { readonly version: string; readonly context: tls.SecureContext }>();

  constructor(private readonly read: BundleReader = readBoundedFile) {}

  /** A secure context trusting Node's roots and the bundle at `path`, or why the bundle cannot be used. */
  forBundle(path: string): Result<tls.SecureContext, InputFailure> {
    const version = versionOf(path);
    const cached = this.built.get(path);
    if (version !== undefined && cached?.version === version) return ok(cached.context);
    const pem = this.read(path, MIB);
    if (!pem.ok) return err(inputFailure('AWS_CA_BUNDLE', `AWS_CA_BUNDLE: the file ${path} ${pem.error.detail}.`, BUNDLE_HINT));
    if (!pem.value.includes('-----BEGIN CERTIFICATE-----')) {
      return err(inputFailure('AWS_CA_BUNDLE', `AWS_CA_BUNDLE (${path}) holds no PEM certificate.`, 'Point AWS_CA_BUNDLE at a PEM file of CA certificates.'));
    }
    let context: tls.SecureContext;
    try {
      context = withBundle(pem.value);
    } catch (e) {
      return err(inputFailure('AWS_CA_BUNDLE', `AWS_CA_BUNDLE (${path}) holds a certificate that cannot be used: ${(e as Error).message}.`, BUNDLE_HINT));
    }
    if (version !== undefined) this.built.set(path, { version, context });
    return ok(context);
  }
}

/** The process's cache: every transport that is not handed another shares it. */
export const processSecureContexts = new SecureContextCache();
