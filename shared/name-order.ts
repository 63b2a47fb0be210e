/**
 * The order of profile names, without the page's collator. Names are identifiers (NAME_PATTERN: letters, digits and
 * _.@+=,-), and for those characters Unicode's root collation, which `localeCompare` applies in English and most
 * locales, comes down to one weight per character: first _ - , . @ + = in that order, then the digits, then the letters.
 * Comparing by that table gives the same order without creating the page's first ICU collator, which costs ~20 ms
 * before a list of 1,000 can show (measured in headless Chromium). Keys holding any other character (none should)
 * are compared with `localeCompare`. In a locale that reorders Latin letters (Danish "aa", Lithuanian "y") names
 * keep the root order: one order for identifiers wherever the app runs. Main sends the credential list in this
 * order (profiles:list), and the app shows it as it comes for "Sort by name".
 */

const ORDER = '_-,.@+=0123456789abcdefghijklmnopqrstuvwxyz';
const WEIGHT = new Uint8Array(128);
for (let i = 0; i < ORDER.length; i += 1) WEIGHT[ORDER.charCodeAt(i)] = i + 1;
const ONLY_ORDERED = /^[-_,.@+=0-9a-z]*$/;

/** Compares two keys made only of ORDER's characters, as root collation does. */
function byWeight(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return (WEIGHT[x] as number) - (WEIGHT[y] as number);
  }
  return a.length - b.length;
}

/** A profile's key in the name order: its name, case aside. */
export function nameKey(item: { readonly name: string }): string {
  return item.name.toLowerCase();
}

/** Sorts items by lower-case name keys (stable), in root collation order; see above. Items already in that order are
 * handed back as they came (one pass over them), not copied. */
export function sortByName<T>(items: readonly T[], key: (item: T) => string): readonly T[] {
  if (inOrder(items, key)) return items;
  const keyed = items.map((item) => ({ item, k: key(item) }));
  const compare = keyed.every((x) => ONLY_ORDERED.test(x.k)) ? byWeight : (a: string, b: string) => a.localeCompare(b);
  return keyed.sort((a, b) => compare(a.k, b.k)).map((x) => x.item);
}

/** Whether every key is made of ORDER's characters and no key is after the next one. */
function inOrder<T>(items: readonly T[], key: (item: T) => string): boolean {
  let before = '';
  for (let i = 0; i < items.length; i += 1) {
    const k = key(items[i] as T);
    if (!ONLY_ORDERED.test(k) || (i > 0 && byWeight(before, k) > 0)) return false;
    before = k;
  }
  return true;
}
