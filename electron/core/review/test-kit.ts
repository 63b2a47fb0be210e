/**
 * Helpers for the review tests only: fixture paths, a key id made for a chosen account (the derivation in
 * DESIGN.md run backwards), a fixed id key and review time, and the review worker's bundle.
 */

import { buildSync } from 'esbuild';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The made-up credential reports (test-vectors/credential-reports/README.md). */
export const REPORTS_DIR = join(__dirname, '..', '..', '..', 'test-vectors', 'credential-reports');

/** Reads one of them. */
export const readReport = (name: string): string => readFileSync(join(REPORTS_DIR, name), 'utf8');

/** The review time the fixtures were written against. */
export const AS_OF = '2025-06-30T00:00:00Z';

/** A fixed id key: ids in tests are stable. */
export const ID_KEY = 'test-id-key-0123456789abcdef';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * A well-formed key id whose derived account is `account`: bits 7..46 of the first 6 decoded bytes hold the
 * account, bit 47 is set, `tail` (0..127) fills bits 0..6 and `rest` the last 4 bytes, so different ids share an account.
 */
export function keyIdForAccount(account: string, tail = 0, rest = 0, prefix = 'AKIA'): string {
  // Bit 47 set, as in ids AWS issues today (AKIAQ…, AKIAY…): the fifth character is then never I or J.
  const z = (1n << 47n) | (BigInt(account) << 7n) | BigInt(tail & 0x7f);
  const bytes = [...Array.from({ length: 6 }, (_, i) => Number((z >> BigInt(8 * (5 - i))) & 0xffn)), ...Array.from({ length: 4 }, (_, i) => (rest >>> (8 * (3 - i))) & 0xff)];
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = ((value << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return `${prefix}${out}`;
}

let workerBundle: string | undefined;

/**
 * The review worker (electron/handlers/review-worker.ts) bundled as scripts/build.mjs bundles it, once per test file,
 * into a temporary folder: a worker thread runs JavaScript files only, and none lies beside the sources.
 */
export function reviewWorkerBundle(): string {
  if (!workerBundle) {
    const outfile = join(mkdtempSync(join(tmpdir(), 'keyscope-review-worker-')), 'review-worker.js');
    buildSync({ entryPoints: [join(__dirname, '..', '..', 'handlers', 'review-worker.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'], outfile, logLevel: 'silent' });
    workerBundle = outfile;
  }
  return workerBundle;
}
