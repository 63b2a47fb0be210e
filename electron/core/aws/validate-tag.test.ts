/** The tag pattern, built on first use (validate.ts): what the API reference allows, and one pattern for every spread. */
import { describe, expect, it } from 'vitest';
import { checkString, PATTERNS } from './validate.js';

describe('the tag pattern', () => {
  it('takes letters, digits and separators of any script with _.:/=+-@, and nothing else', () => {
    for (const ok of ['team', 'Équipe 1_.:/=+-@', '東京', 'a\u00a0b', '']) expect(PATTERNS.tag.pattern.test(ok), ok).toBe(true);
    for (const bad of ['bad;key', 'a\tb', 'x#', 'new\nline']) expect(PATTERNS.tag.pattern.test(bad), bad).toBe(false);
  });

  it('is one pattern, spread into checks as before', () => {
    expect({ ...PATTERNS.tag }.pattern).toBe(PATTERNS.tag.pattern);
    expect(checkString('Tags[1].Key', 'bad;key', { required: true, min: 1, max: 128, ...PATTERNS.tag })?.message).toMatch(/Tags\[1\]\.Key has characters that are not allowed/);
    expect(checkString('Tags[1].Key', 'ok', { required: true, min: 1, max: 128, ...PATTERNS.tag })).toBeUndefined();
  });
});
