import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIB, readBoundedFile, readBoundedPieces } from './read-bounded.js';

const dir = mkdtempSync(join(tmpdir(), 'keyscope-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readBoundedFile', () => {
  it('reads a regular file within the limit, whole', () => {
    const file = join(dir, 'policy.json');
    writeFileSync(file, '{"Version":"2012-10-17"}\n');
    expect(readBoundedFile(file, 100)).toEqual({ ok: true, value: '{"Version":"2012-10-17"}\n' });
    expect(readBoundedFile(file, 25)).toEqual({ ok: true, value: '{"Version":"2012-10-17"}\n' });
  });

  it('refuses /dev/zero at once instead of reading it without end (issue #7)', () => {
    expect(readBoundedFile('/dev/zero', MIB)).toEqual({ ok: false, error: { reason: 'not-regular', detail: 'is a device, not a regular file' } });
  });

  it('refuses a FIFO without waiting for a writer (issue #7: it hung forever)', () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(readBoundedFile(fifo, MIB)).toEqual({ ok: false, error: { reason: 'not-regular', detail: 'is a FIFO (named pipe), not a regular file' } });
  });

  it('refuses a file larger than the limit without reading it', () => {
    const big = join(dir, 'big');
    writeFileSync(big, '');
    truncateSync(big, 16 * 1024 ** 3); // sparse: 16 GiB that take no space
    expect(readBoundedFile(big, MIB)).toEqual({ ok: false, error: { reason: 'too-large', detail: 'is larger than 1 MiB' } });
    const small = join(dir, 'small');
    writeFileSync(small, 'x'.repeat(26));
    expect(readBoundedFile(small, 25)).toMatchObject({ ok: false, error: { reason: 'too-large' } });
  });

  it('stops at the limit when the size it was told is wrong (files in /proc say 0)', () => {
    expect(readBoundedFile('/proc/self/maps', 16)).toMatchObject({ ok: false, error: { reason: 'too-large', detail: 'is larger than 16 bytes' } });
    expect(readBoundedFile('/proc/self/maps', MIB)).toMatchObject({ ok: true });
  });

  it('says a missing file does not exist and a folder is a folder', () => {
    expect(readBoundedFile(join(dir, 'nope'), MIB)).toEqual({ ok: false, error: { reason: 'not-found', code: 'ENOENT', detail: 'does not exist' } });
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expect(readBoundedFile(folder, MIB)).toMatchObject({ ok: false, error: { reason: 'not-regular' } });
  });
});

describe('readBoundedPieces', () => {
  const piecesOf = (path: string, max: number, pieceBytes: number, stopAfter = Infinity) => {
    const pieces: string[] = [];
    const read = readBoundedPieces(path, max, (t) => pieces.push(t) < stopAfter, pieceBytes);
    return { read, pieces };
  };

  it('hands over the text in pieces that never cut a character, whatever the piece size', () => {
    const file = join(dir, 'wide.txt');
    const text = `a€😀é${'ü€x😀'.repeat(50)}\n`;
    writeFileSync(file, text);
    for (const size of [1, 2, 3, 4, 5, 7, 64]) {
      const { read, pieces } = piecesOf(file, MIB, size);
      expect(read).toEqual({ ok: true, value: undefined });
      expect(pieces.join(''), `pieces of ${size}`).toBe(text);
      expect(pieces.filter((p) => p.includes('\ufffd'))).toEqual([]);
    }
  });

  it('stops when told, and at the limit as readBoundedFile does', () => {
    const file = join(dir, 'long.txt');
    writeFileSync(file, 'x'.repeat(100));
    expect(piecesOf(file, MIB, 10, 2).pieces).toEqual(['x'.repeat(10), 'x'.repeat(10)]);
    expect(piecesOf(file, 99, 10).read).toEqual({ ok: false, error: { reason: 'too-large', detail: 'is larger than 99 bytes' } });
    expect(piecesOf('/proc/self/maps', 16, 4).read).toMatchObject({ ok: false, error: { reason: 'too-large' } });
    expect(piecesOf('/dev/zero', MIB, 4).read).toMatchObject({ ok: false, error: { reason: 'not-regular' } });
  });

  it('lets an error of the reader itself through, not as a file that cannot be read', () => {
    const file = join(dir, 'long.txt');
    expect(() => readBoundedPieces(file, MIB, () => {
      throw new TypeError('a bug in the reader');
    })).toThrow('a bug in the reader');
  });
});
