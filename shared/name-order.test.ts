/** The name order without a collator is localeCompare's order in English (root collation) for every name allowed. */
import { describe, expect, it } from 'vitest';
import { sortByName } from './name-order';

const ALPHABET = '_-,.@+=0123456789abcdefghijklmnopqrstuvwxyz';

/** Deterministic pseudo-random names over the name alphabet, many sharing prefixes (where the order is decided). */
function names(count: number): string[] {
  let seed = 11;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const word = () => Array.from({ length: next(6) }, () => ALPHABET[next(ALPHABET.length)]).join('');
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) out.push(`${ALPHABET[10 + next(36)]}${i % 3 === 0 && out.length > 0 ? (out[next(out.length)] as string).slice(1, 4) : ''}${word()}`);
  return out;
}

describe('sortByName', () => {
  const english = new Intl.Collator('en');

  it('orders names as root collation does: punctuation, then digits, then letters, shorter first', () => {
    const list = ['b', 'a1', 'a_1', 'a-1', 'a', 'a.b', 'a=b', 'a@b', 'a+b', 'a,b', 'ab', 'a0', 'a9'];
    expect(sortByName(list, (x) => x)).toEqual([...list].sort(english.compare));
    expect(sortByName(list, (x) => x)).toEqual(['a', 'a_1', 'a-1', 'a,b', 'a.b', 'a@b', 'a+b', 'a=b', 'a0', 'a1', 'a9', 'ab', 'b']);
  });

  it('gives the order of an English collator on thousands of names', () => {
    const list = names(5000);
    expect(sortByName(list, (x) => x)).toEqual([...list].sort(english.compare));
  });

  it('keeps the order of equal keys (a stable sort), and compares keys with other characters by the collator', () => {
    const rows = [{ n: 'Prod' }, { n: 'dev' }, { n: 'prod' }];
    expect(sortByName(rows, (r) => r.n.toLowerCase()).map((r) => r.n)).toEqual(['dev', 'Prod', 'prod']);
    expect(sortByName(['zeta', 'Ärger', 'apple'], (x) => x)).toEqual(['apple', 'Ärger', 'zeta']);
  });

  it('hands a list already in order back as it came, without copying; one item out of place is sorted', () => {
    const list = ['a', 'a_1', 'a1', 'b', 'b10', 'b2'];
    expect(sortByName(list, (x) => x)).toBe(list);
    const late = ['a', 'b', 'c', 'b1'];
    expect(sortByName(late, (x) => x)).toEqual(['a', 'b', 'b1', 'c']);
    expect(late).toEqual(['a', 'b', 'c', 'b1']);
    // In code-point order but not in root order ('_' before '-' there): sorted, not handed back.
    expect(sortByName(['a-1', 'a_1'], (x) => x)).toEqual(['a_1', 'a-1']);
  });
});
