import { describe, expect, it } from 'vitest';
import { analyzeKeyId, deriveAccountId, maskKeyId } from './key-id.js';

describe('key-id', () => {
  it('derives the account of a modern key id', () => {
    // A published example pair: ASIAY34FZKBOKMUTVV7A belongs to account 609629065308.
    expect(deriveAccountId('ASIAY34FZKBOKMUTVV7A')).toBe('609629065308');
  });

  it('keeps leading zeros of a derived account', () => {
    // Build an id whose account is 000000000042 by encoding it the way the derivation reads it.
    const z = 42n << 7n;
    const bytes = Array.from({ length: 10 }, (_, i) => (i < 6 ? Number((z >> BigInt(8 * (5 - i))) & 0xffn) : 0));
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let bits = 0;
    let value = 0;
    let encoded = '';
    for (const b of bytes) {
      value = (value << 8) | b;
      bits += 8;
      while (bits >= 5) {
        encoded += alphabet[(value >>> (bits - 5)) & 31];
        bits -= 5;
      }
    }
    expect(deriveAccountId(`AKIA${encoded}`)).toBe('000000000042');
  });

  it('gives no account for old ids whose fifth character is I or J', () => {
    expect(deriveAccountId('AKIAIOSFODNN7EXAMPLE')).toBeNull();
    const a = analyzeKeyId('AKIAJOSFODNN7EXAMPLE');
    expect(a.derivedAccount).toBeNull();
    expect(a.derivedAccountNote).toMatch(/older id format/);
  });

  it('derives nothing from an id with 0, 1, 8 or 9 where AWS writes base32, and says it is not one AWS issues', () => {
    for (const id of ['AKIAY34FZKBOKMUTVV10', 'AKIAY34FZKBOKMUTVV8A', 'AKIAI9SFODNN7EXAMPLE', 'ASIA0000000000000000']) {
      const a = analyzeKeyId(id);
      expect(a.derivedAccount, id).toBeNull();
      expect(a.derivedAccountNote, id).toBe('not an id AWS issues (AWS writes only A to Z and 2 to 7 after the prefix): it carries no account');
    }
    // Past the 16 characters the account is read from, AWS documents longer ids; nothing there is decoded.
    expect(analyzeKeyId('AKIAY34FZKBOKMUTVV7A0').derivedAccount).toBe('609629065308');
  });

  it('names key types by prefix and tells ids of other things apart', () => {
    expect(analyzeKeyId('AKIAY34FZKBOKMUTVV7A').type).toBe('long-term');
    expect(analyzeKeyId('ASIAY34FZKBOKMUTVV7A').type).toBe('temporary');
    expect(analyzeKeyId('ABIAY34FZKBOKMUTVV7A').type).toBe('bearer');
    expect(analyzeKeyId('ACCAY34FZKBOKMUTVV7A').type).toBe('context');
    expect(analyzeKeyId('AROAY34FZKBOKMUTVV7A').type).toBe('not-a-key');
    expect(analyzeKeyId('AIDAY34FZKBOKMUTVV7A').description).toMatch(/user id/);
    expect(analyzeKeyId('ZZZZY34FZKBOKMUTVV7A').type).toBe('unknown');
  });

  it('flags malformed ids and derives nothing from them', () => {
    const a = analyzeKeyId('akia-not-valid');
    expect(a.wellFormed).toBe(false);
    expect(a.derivedAccount).toBeNull();
  });

  it('masks all but the first and last four characters', () => {
    expect(maskKeyId('AKIAIOSFODNN7EXAMPLE')).toBe('AKIA************MPLE');
    expect(maskKeyId('SHORT')).toBe('*****');
  });
});
