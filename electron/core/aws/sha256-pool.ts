/**
 * @aws-crypto/sha256-js as the signer calls it, without its per-hash costs. Its Sha256 builds two or three block
 * hashers for every hash (each three typed arrays, one of them off the V8 heap) and, for an HMAC, hashes both key
 * pads again: a signature made that way spends more time allocating and collecting than hashing. Here the library's
 * own block hasher (RawSha256: its compression and padding) does every hash, from a small pool of reused hashers, and
 * an HMAC key used again (the day's signing key) starts from its pads' states hashed once. The result is the same
 * bytes; sha256-pool.test.ts holds it to the library's Sha256 and to the RFC 4231 vectors. Should the library's
 * hasher change shape, every hash goes through its Sha256 as it comes (`usable` below).
 */
import { Sha256 } from '@aws-crypto/sha256-js';

/** The library's block hasher, as far as it is used here (its fields are `private` in its types). */
interface Raw {
  state: Int32Array;
  bufferLength: number;
  bytesHashed: number;
  finished: boolean;
  update(data: Uint8Array): void;
  digest(): Uint8Array;
}

/** Data as smithy hands it to a hash: a string (UTF-8) or bytes. */
export type HashInput = string | ArrayBuffer | ArrayBufferView;

const BLOCK = 64;
const POOL_MAX = 32;

/** RawSha256 is not exported by name: it is the constructor of a Sha256's `hash`. */
const probe = (new Sha256() as unknown as { hash?: Raw }).hash;
const RawCtor = probe?.constructor as (new () => Raw) | undefined;
const INIT = probe?.state instanceof Int32Array && probe.state.length === 8 ? probe.state.slice() : undefined;
/** Whether the hasher has the shape this file relies on; when not, the library's Sha256 does everything. */
const usable = RawCtor !== undefined && INIT !== undefined && typeof probe?.bytesHashed === 'number' && typeof probe.bufferLength === 'number';

const pool: Raw[] = [];

/** A hasher at the start of a message, or at the end of a first block whose state is `from`. */
function acquire(from?: Int32Array): Raw {
  const raw = pool.pop() ?? new (RawCtor as new () => Raw)();
  raw.state.set(from ?? (INIT as Int32Array));
  raw.bytesHashed = from ? BLOCK : 0;
  raw.bufferLength = 0;
  raw.finished = false;
  return raw;
}

function release(raw: Raw): void {
  if (pool.length < POOL_MAX) pool.push(raw);
}

function bytesOf(data: HashInput): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** The states after hashing a key's inner and outer pads (RFC 2104): where every HMAC with that key starts. */
interface Pads {
  readonly inner: Int32Array;
  readonly outer: Int32Array;
}

/** Pads of keys used more than once, by the key's bytes object (the signer keeps one per day). */
const padsOfKey = new WeakMap<object, Pads>();

function padsOf(secret: HashInput): Pads {
  const cacheable = typeof secret === 'object';
  const known = cacheable ? padsOfKey.get(secret) : undefined;
  if (known) return known;
  let key = bytesOf(secret);
  if (key.byteLength > BLOCK) {
    const long = acquire();
    long.update(key);
    key = long.digest();
    release(long);
  }
  const pad = new Uint8Array(BLOCK);
  const states: Int32Array[] = [];
  for (const xor of [0x36, 0x5c]) {
    pad.fill(0);
    pad.set(key);
    for (let i = 0; i < BLOCK; i += 1) pad[i] = (pad[i] as number) ^ xor;
    const raw = acquire();
    raw.update(pad);
    states.push(raw.state.slice());
    release(raw);
  }
  pad.fill(0); // no copy of the key left behind, as the library's Sha256 does
  const pads = { inner: states[0] as Int32Array, outer: states[1] as Int32Array };
  if (cacheable) padsOfKey.set(secret, pads);
  return pads;
}

/** A hash's digest as a settled promise: its value, or its failure as a rejection (no async wrapper around it). */
function digestNow(hash: { digestSync(): Uint8Array }): Promise<Uint8Array> {
  try {
    return Promise.resolve(hash.digestSync());
  } catch (e) {
    return Promise.reject(e as Error);
  }
}

/** SHA-256, or HMAC-SHA-256 with a secret, in smithy's Checksum shape; digest() answers at once (no async wrapper). */
export class PooledSha256 {
  private raw: Raw | undefined;
  private outer: Int32Array | undefined;
  private error: unknown;

  constructor(private readonly secret?: HashInput) {
    this.reset();
  }

  update(data: HashInput): void {
    if (this.error !== undefined || !this.raw) return;
    const bytes = bytesOf(data);
    if (bytes.byteLength === 0) return;
    try {
      this.raw.update(bytes);
    } catch (e) {
      this.error = e;
    }
  }

  digest(): Promise<Uint8Array> {
    return digestNow(this);
  }

  /** The digest; the hash is finished after it (as the library's is), its hashers back in the pool. */
  digestSync(): Uint8Array {
    if (this.error !== undefined) throw this.error;
    const raw = this.raw;
    if (!raw) throw new Error('Attempted to digest a finished hash.');
    this.raw = undefined;
    let out = raw.digest();
    if (this.outer) {
      raw.state.set(this.outer);
      raw.bytesHashed = BLOCK;
      raw.bufferLength = 0;
      raw.finished = false;
      raw.update(out);
      out = raw.digest();
    }
    release(raw);
    return out;
  }

  reset(): void {
    if (this.raw) release(this.raw);
    this.error = undefined;
    if (this.secret === undefined) {
      this.outer = undefined;
      this.raw = acquire();
      return;
    }
    const pads = padsOf(this.secret);
    this.outer = pads.outer;
    this.raw = acquire(pads.inner);
  }
}

/**
 * The library's Sha256 with its digest handed back at once (without its tslib async wrapper): the fallback when its
 * hasher is not as expected.
 */
class Sha256Now extends Sha256 {
  override digest(): Promise<Uint8Array> {
    return digestNow(this);
  }
}

/** The hash class handed to smithy's signer. */
export const SigningSha256: new (secret?: HashInput) => { update(data: Uint8Array): void; digest(): Promise<Uint8Array>; reset(): void } = usable
  ? PooledSha256
  : Sha256Now;

/** HMAC-SHA-256 of `data` with `key`, at once (the signing key's derivation). */
export function hmacNow(key: HashInput, data: HashInput): Uint8Array {
  const h = usable ? new PooledSha256(key) : new Sha256(key);
  h.update(data);
  return h.digestSync();
}
