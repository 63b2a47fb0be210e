import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIB, readBoundedFile } from './read-bounded.js';

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
