/**
 * The pooled hash (sha256-pool.ts) gives the library's bytes: SHA-256 and HMAC-SHA-256 against @aws-crypto/sha256-js's
 * own Sha256 over every length around the block edges, keys short, long and reused, hashes open side by side; and the
 * RFC 4231 vectors.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { describe, expect, it } from 'vitest';
import { PooledSha256, SigningSha256 } from './sha256-pool.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) & 0xff);

function library(data: Uint8Array | string, key?: Uint8Array | string): string {
  const h = new Sha256(key);
  h.update(data);
  return hex(h.digestSync());
}

async function pooled(data: Uint8Array | string, key?: Uint8Array | string): Promise<string> {
  const h = new PooledSha256(key);
  h.update(data);
  return hex(await h.digest());
}

describe('the pooled SHA-256', () => {
  it('is the class the signer gets (the library hasher has the expected shape)', () => {
    expect(SigningSha256).toBe(PooledSha256);
  });

  it('hashes every length from 0 to 200 bytes as the library does, and strings as UTF-8', async () => {
    for (let n = 0; n <= 200; n += 1) expect(await pooled(bytes(n)), `${n} bytes`).toBe(library(bytes(n)));
    expect(await pooled('Action=GetCallerIdentity&Version=2011-06-15 é')).toBe(library('Action=GetCallerIdentity&Version=2011-06-15 é'));
    expect(await pooled('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('makes HMACs as the library does: keys of every length (longer than a block are hashed first), reused keys', async () => {
    const reused = bytes(32, 9);
    for (let n = 0; n <= 140; n += 7) {
      const key = bytes(n, 3);
      expect(await pooled(bytes(n + 5), key), `key of ${n} bytes`).toBe(library(bytes(n + 5), key));
      expect(await pooled(bytes(n), reused), `reused key, ${n} bytes`).toBe(library(bytes(n), reused));
    }
    expect(await pooled('20150830', 'AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY')).toBe(library('20150830', 'AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'));
  });

  it('keeps hashes open side by side apart, and takes data in pieces', async () => {
    const key = bytes(32, 5);
    const a = new PooledSha256(key);
    const b = new PooledSha256();
    const c = new PooledSha256(key);
    a.update(bytes(70, 1));
    b.update(bytes(10, 2));
    c.update(bytes(3, 3));
    b.update(bytes(100, 4));
    a.update(bytes(1, 5));
    expect(hex(await b.digest())).toBe(library(new Uint8Array([...bytes(10, 2), ...bytes(100, 4)])));
    expect(hex(await c.digest())).toBe(library(bytes(3, 3), key));
    expect(hex(await a.digest())).toBe(library(new Uint8Array([...bytes(70, 1), ...bytes(1, 5)]), key));
  });

  it('starts again after reset(), and refuses a second digest', async () => {
    const h = new PooledSha256('k');
    h.update('first');
    h.reset();
    h.update('second');
    expect(hex(h.digestSync())).toBe(library('second', 'k'));
    await expect(h.digest()).rejects.toThrow(/finished/);
  });

  it('meets RFC 4231 (test cases 1, 2 and 6)', async () => {
    expect(await pooled('Hi There', new Uint8Array(20).fill(0x0b))).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    expect(await pooled('what do ya want for nothing?', 'Jefe')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(await pooled('Test Using Larger Than Block-Size Key - Hash Key First', new Uint8Array(131).fill(0xaa))).toBe(
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
  });
});
