/**
 * The piecewise JSON walk against JSON.parse itself: generated documents, cut into pieces anywhere (inside a string,
 * between a backslash and what it escapes), give the same members and elements; damaged ones are refused exactly when
 * JSON.parse refuses them.
 */
import { describe, expect, it } from 'vitest';
import { seeded as random } from '../../../e2e/fixtures/seeded.js';
import { walkJson, type JsonWalkProblem } from './json-walk.js';

// What is hard for a scanner: quotes, backslashes, brackets and commas inside strings, and characters beyond ASCII.
const CHARS = ['a', 'Z', ' ', '"', '\\', '\\\\', '{', '}', '[', ']', ',', ':', 'é', '€', '😀', '\n', '\u2028', '\u0000'];

function value(r: () => number, depth: number): unknown {
  const pick = r();
  if (depth > 3 || pick < 0.35) {
    const k = Math.floor(r() * 5);
    if (k === 0) return Math.floor(r() * 1e6) / (r() < 0.5 ? 1 : 1000) * (r() < 0.3 ? -1 : 1);
    if (k === 1) return r() < 0.5;
    if (k === 2) return null;
    return Array.from({ length: Math.floor(r() * 8) }, () => CHARS[Math.floor(r() * CHARS.length)]).join('');
  }
  if (pick < 0.65) return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, (_, i) => [`k${i}${CHARS[Math.floor(r() * CHARS.length)]}`, value(r, depth + 1)]));
}

/** JSON.stringify with random whitespace between tokens (all four kinds JSON allows). */
function spaced(r: () => number, v: unknown): string {
  const ws = (): string => Array.from({ length: Math.floor(r() * 3) }, () => [' ', '\n', '\r', '\t'][Math.floor(r() * 4)]).join('');
  if (Array.isArray(v)) return `[${ws()}${v.map((x) => `${ws()}${spaced(r, x)}${ws()}`).join(',')}${ws()}]`;
  if (v !== null && typeof v === 'object') return `{${ws()}${Object.entries(v).map(([k, x]) => `${ws()}${JSON.stringify(k)}${ws()}:${ws()}${spaced(r, x)}${ws()}`).join(',')}${ws()}}`;
  return JSON.stringify(v);
}

/** Cuts `text` into pieces of 1 to `most` characters. */
function pieces(r: () => number, text: string, most: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = 1 + Math.floor(r() * most);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

/** What a damaged document gains: JSON's punctuation and letters, and characters that look like space but are not JSON's. */
const INSERTED = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', 'x', '0', '-', 'e', '.', 't', 'f', 'n', '\u000b', '\u00a0', '\u0000'];

type Event = [string, string, unknown?, number?];

/** Walks `parts` in order; the events it handed over and how it ended. */
function walk(parts: readonly string[], max = 1 << 20): { events: Event[]; problem: JsonWalkProblem | null } {
  const events: Event[] = [];
  const w = walkJson({ member: (k, v) => events.push(['member', k, v]) > 0, array: (k) => events.push(['array', k]) > 0, element: (k, v, i) => events.push(['element', k, v, i]) > 0 }, max);
  for (const p of parts) if (!w.write(p)) break;
  return { events, problem: w.end() };
}

/** What the walk should hand over for a document JSON.parse reads as `doc`. */
function expected(doc: Record<string, unknown>): Event[] {
  return Object.entries(doc).flatMap(([k, v]): Event[] => (Array.isArray(v) ? [['array', k], ...v.map((x, i): Event => ['element', k, x, i])] : [['member', k, v]]));
}

/** JSON.parse's verdict: the document if it is an object, else null. */
function parsed(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

describe('walkJson', () => {
  it('hands over the members and elements JSON.parse reads, whatever the pieces (2,000 documents)', () => {
    const r = random(7);
    for (let n = 0; n < 2000; n += 1) {
      const doc = Object.fromEntries(Array.from({ length: Math.floor(r() * 5) }, (_, i) => [`m${i}${CHARS[Math.floor(r() * CHARS.length)]}`, value(r, 1)]));
      const text = `${r() < 0.1 ? '\uFEFF' : ''}${spaced(r, doc)}${r() < 0.5 ? '\n' : ''}`;
      const got = walk(pieces(r, text, n % 2 ? 3 : 40));
      expect(got.problem, text).toBeNull();
      expect(got.events, text).toEqual(expected(doc));
    }
  });

  it('refuses exactly what JSON.parse refuses: documents cut short, or with a character added or taken away (6,000)', () => {
    const r = random(11);
    let refused = 0;
    for (let n = 0; n < 6000; n += 1) {
      const good = spaced(r, Object.fromEntries(Array.from({ length: 1 + Math.floor(r() * 3) }, (_, i) => [`m${i}`, value(r, 1)])));
      const at = Math.floor(r() * good.length);
      const way = n % 3;
      const text = way === 0 ? good.slice(0, at) : way === 1 ? good.slice(0, at) + good.slice(at + 1) : good.slice(0, at) + INSERTED[Math.floor(r() * INSERTED.length)] + good.slice(at);
      const doc = parsed(text);
      const got = walk(pieces(r, text, 5));
      if (doc === null) {
        refused += 1;
        expect(got.problem, JSON.stringify(text)).not.toBeNull();
      } else {
        expect(got.problem, JSON.stringify(text)).toBeNull();
      }
    }
    expect(refused).toBeGreaterThan(3000); // most damage is damage: the test did test refusals
  });

  it('says which value is longer than allowed, and where', () => {
    const big = JSON.stringify({ Review: { At: 'x' }, Findings: [{ Id: 'a' }, { Id: 'b'.repeat(500) }] });
    expect(walk(pieces(random(1), big, 50), 100).problem).toEqual({ kind: 'too-large', key: 'Findings', index: 1 });
    expect(walk([JSON.stringify({ Summary: 'c'.repeat(500) })], 100).problem).toEqual({ kind: 'too-large', key: 'Summary', index: null });
    expect(walk([JSON.stringify({ ['k'.repeat(500)]: 1 })], 100).problem).toEqual({ kind: 'too-large', key: null, index: null });
  });

  it('tells a document that is not an object from one that is not JSON', () => {
    for (const text of ['[1, 2]', '"review"', '12', 'null']) expect(walk([text]).problem).toEqual({ kind: 'not-object' });
    for (const text of ['', ' ', 'not json', '{', '{"a": 1', '{"a": 1}}', '{"a": 1} x', '{"a" 1}', "{'a': 1}", '\uFEFF\uFEFF{}']) expect(walk([text]).problem, text).toEqual({ kind: 'not-json' });
  });

  it('stops where the visitor says, reading no further', () => {
    const seen: string[] = [];
    const w = walkJson({ member: (k) => seen.push(k) < 1, array: () => true, element: () => true }, 100);
    expect(w.write('{"Review": {}, "Findings": ')).toBe(false);
    expect(w.write('not even JSON')).toBe(false);
    expect(w.end()).toBeNull();
    expect(seen).toEqual(['Review']);
  });
});
