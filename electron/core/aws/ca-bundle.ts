/**
 * The trust roots of AWS_CA_BUNDLE as a TLS secure context. The bundle is read and checked when a transport is made,
 * so a missing or wrong file is said at once; the context is built at the first https request, once per bundle file
 * and version in a process: building one parses every root certificate and the bundle (~40 ms with a 220 KB system
 * bundle), which a plain-http endpoint (a local stand-in for AWS) never needs, and neither a second transport nor each
 * new connection should do again.
 */
import { statSync } from 'node:fs';
import type tls from 'node:tls';
import { inputFailure, type InputFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { MIB, readBoundedFile, type BoundedReadError } from './read-bounded.js';

/** Reads a file of at most `maxBytes` bytes; readBoundedFile, or a test's counting wrapper. */
export type BundleReader = (path: string, maxBytes: number) => Result<string, BoundedReadError>;

/** Builds the secure context of a bundle's PEM text; withBundle, or a test's counting wrapper. */
export type ContextBuilder = (pem: string) => tls.SecureContext;

/** A checked bundle: its secure context, built at the first call and then kept, or why it cannot be built. */
export type BundleTrust = () => Result<tls.SecureContext, InputFailure>;

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
 * syswide-cas do), the same trust as Node's own NODE_EXTRA_CA_CERTS path. That copy holds Node's roots alone, not the
 * NODE_EXTRA_CA_CERTS certificates Node added to its store at start: they are added again with the bundle.
 */
export function withBundle(pem: string): tls.SecureContext {
  // node:tls (and with it crypto) is loaded only when a bundle is used: a cold plain-http verify never pays for it.
  const { createSecureContext } = process.getBuiltinModule('node:tls') as typeof tls;
  const context = createSecureContext();
  const store = context.context as { addCACert(pem: string): void };
  store.addCACert(pem);
  const extra = extraCaCerts();
  if (extra) store.addCACert(extra);
  return context;
}

/**
 * The NODE_EXTRA_CA_CERTS file Node read at start (the process's environment: Node reads no other), or undefined.
 * Unreadable, it is left out: Node said so when it started, and trusts nothing of it either.
 */
function extraCaCerts(): string | undefined {
  const path = process.env.NODE_EXTRA_CA_CERTS;
  if (!path) return undefined;
  const read = readBoundedFile(path, MIB);
  return read.ok ? read.value : undefined;
}

/** Checked bundles by path, each kept (with its secure context once built) while its file is unchanged. */
export class SecureContextCache {
  private readonly checked = new Map<string, { readonly version: string; readonly trust: BundleTrust }>();

  constructor(
    private readonly read: BundleReader = readBoundedFile,
    private readonly build: ContextBuilder = withBundle,
  ) {}

  /** The bundle at `path` read and checked, its context to be built when first needed; or why it cannot be used. */
  forBundle(path: string): Result<BundleTrust, InputFailure> {
    const version = versionOf(path);
    const cached = this.checked.get(path);
    if (version !== undefined && cached?.version === version) return ok(cached.trust);
    const pem = this.read(path, MIB);
    if (!pem.ok) return err(inputFailure('AWS_CA_BUNDLE', `AWS_CA_BUNDLE: the file ${path} ${pem.error.detail}.`, BUNDLE_HINT));
    if (!pem.value.includes('-----BEGIN CERTIFICATE-----')) {
      return err(inputFailure('AWS_CA_BUNDLE', `AWS_CA_BUNDLE (${path}) holds no PEM certificate.`, 'Point AWS_CA_BUNDLE at a PEM file of CA certificates.'));
    }
    const trust = this.lazily(path, pem.value);
    if (version !== undefined) this.checked.set(path, { version, trust });
    return ok(trust);
  }

  /**
   * The context of `pem`, built at the first call; a failure is kept too (the same text fails the same way). The text
   * is let go once built: the context holds what it needs.
   */
  private lazily(path: string, pem: string): BundleTrust {
    let text = pem;
    let built: Result<tls.SecureContext, InputFailure> | undefined;
    return () => {
      if (!built) {
        try {
          built = ok(this.build(text));
        } catch (e) {
          built = err(inputFailure('AWS_CA_BUNDLE', `AWS_CA_BUNDLE (${path}) holds a certificate that cannot be used: ${(e as Error).message}.`, BUNDLE_HINT));
        }
        text = '';
      }
      return built;
    };
  }
}

/** The process's cache: every transport that is not handed another shares it. */
export const processSecureContexts = new SecureContextCache();
