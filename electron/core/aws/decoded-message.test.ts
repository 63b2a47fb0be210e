import { describe, expect, it } from 'vitest';
import { decodedMessageView, jsonDepth, MAX_TREE_DEPTH } from './decoded-message.js';

describe('a decoded authorization message for the app', () => {
  it('counts nesting, not brackets inside strings or after escapes', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[{{{"}]}', 99)).toBe(3);
    expect(jsonDepth('["\\"[[[", [[]]]', 99)).toBe(3);
    expect(jsonDepth('plain text', 99)).toBe(0);
  });

  it('gives AWS-shaped JSON as a tree and text as text', () => {
    const message = { allowed: false, context: { conditions: { items: [{ key: 'aws:Region', values: { items: [{ value: 'eu-west-1' }] } }] } } };
    expect(decodedMessageView(JSON.stringify(message))).toEqual({ decoded: message, raw: JSON.stringify(message) });
    expect(decodedMessageView('not json {')).toEqual({ decoded: 'not json {', raw: 'not json {' });
  });

  it(`shows JSON nested more than ${MAX_TREE_DEPTH} levels as text, saying why: 1 MiB of "[[[[" stopped the copy to the page`, () => {
    const deep = `${'['.repeat(500_000)}${']'.repeat(500_000)}`;
    const view = decodedMessageView(deep);
    expect(view.decoded).toBe(deep);
    expect(view.shownAsText).toMatch(/nested more than 64 levels deep/);
    // What crosses to the page can be copied and serialised whole.
    expect(() => structuredClone(view)).not.toThrow();
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
    const atLimit = `${'['.repeat(MAX_TREE_DEPTH)}${']'.repeat(MAX_TREE_DEPTH)}`;
    expect(decodedMessageView(atLimit).shownAsText).toBeUndefined();
    expect(decodedMessageView(`[${atLimit}]`).shownAsText).toBeDefined();
  });
});
