/**
 * Offline analysis of AWS identifiers: what a 4-letter prefix means, which account a key id belongs to, masking.
 * The account derivation follows the method DESIGN.md describes (base32 of the id, bits 7..46 of the first 6 bytes).
 */

import { ACCESS_KEY_ID_PATTERN } from '../../../shared/credential-rules.js';

/** What an access key id is, from its prefix. */
export type KeyType = 'long-term' | 'temporary' | 'bearer' | 'context' | 'not-a-key' | 'unknown';

interface PrefixInfo {
  readonly type: KeyType;
  readonly description: string;
}

const PREFIXES: Readonly<Record<string, PrefixInfo>> = {
  AKIA: { type: 'long-term', description: 'long-term access key (IAM user or root)' },
  ASIA: { type: 'temporary', description: 'temporary access key from STS (needs its session token)' },
  ABIA: { type: 'bearer', description: 'AWS STS service bearer token' },
  ACCA: { type: 'context', description: 'context-specific credential' },
  AIDA: { type: 'not-a-key', description: 'IAM user id, not an access key' },
  AROA: { type: 'not-a-key', description: 'IAM role id, not an access key' },
  AIPA: { type: 'not-a-key', description: 'EC2 instance profile id, not an access key' },
  ANPA: { type: 'not-a-key', description: 'managed policy id, not an access key' },
  ANVA: { type: 'not-a-key', description: 'managed policy version id, not an access key' },
  AGPA: { type: 'not-a-key', description: 'IAM group id, not an access key' },
  APKA: { type: 'not-a-key', description: 'public key id, not an access key' },
  ASCA: { type: 'not-a-key', description: 'certificate id, not an access key' },
};

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Access key ids are upper-case letters and digits; AWS documents 16 to 128 characters. */
export { ACCESS_KEY_ID_PATTERN };

/** Everything that can be known about a key id without the network. */
export interface KeyIdAnalysis {
  readonly masked: string;
  readonly prefix: string;
  readonly type: KeyType;
  readonly description: string;
  /** Decoded from the id, 12 digits; null for old ids (fifth letter I or J) and ids that are not base32 (0, 1, 8, 9). */
  readonly derivedAccount: string | null;
  /** Why there is no derived account, when there is none. */
  readonly derivedAccountNote?: string;
  readonly wellFormed: boolean;
}

/** Shows the first four and last four characters of a key id, the rest as asterisks. */
export function maskKeyId(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

function base32Decode(text: string): Uint8Array | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text) {
    const index = BASE32.indexOf(ch);
    if (index < 0) return null;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/** Decodes the owning account from a key id, or null when the id carries none. */
export function deriveAccountId(id: string): string | null {
  if (id.length < 20) return null;
  const fifth = id[4];
  if (fifth === 'I' || fifth === 'J') return null;
  const bytes = base32Decode(id.slice(4, 20));
  if (!bytes || bytes.length < 6) return null;
  let z = 0n;
  for (let i = 0; i < 6; i += 1) z = (z << 8n) | BigInt(bytes[i] ?? 0);
  const account = (z & 0x7fffffffff80n) >> 7n;
  return account.toString().padStart(12, '0');
}

/** Analyses a key id offline. Never needs the secret. */
export function analyzeKeyId(raw: string): KeyIdAnalysis {
  const id = raw.trim();
  const prefix = id.slice(0, 4);
  const info = PREFIXES[prefix] ?? { type: 'unknown' as const, description: 'unknown prefix' };
  const wellFormed = ACCESS_KEY_ID_PATTERN.test(id);
  const derivedAccount = wellFormed ? deriveAccountId(id) : null;
  let derivedAccountNote: string | undefined;
  if (!wellFormed) derivedAccountNote = 'not a well-formed id (16 to 128 upper-case letters and digits)';
  // AWS writes its ids in base32 after the prefix: 0, 1, 8 and 9 never occur where the account would be read.
  else if (![...id.slice(4, 20)].every((c) => BASE32.includes(c))) derivedAccountNote = 'not an id AWS issues (AWS writes only A to Z and 2 to 7 after the prefix): it carries no account';
  else if (derivedAccount === null) derivedAccountNote = 'older id format (fifth character I or J): it carries no account';
  return {
    masked: maskKeyId(id),
    prefix,
    type: info.type,
    description: info.description,
    derivedAccount,
    ...(derivedAccountNote ? { derivedAccountNote } : {}),
    wellFormed,
  };
}
