/**
 * The fast path against fast-xml-parser: whenever xml-fast.ts answers, the generic parser gives the same tree (so
 * every reader gives the same result), on every sample of test-vectors/xml and on malformed and mutated bodies;
 * where it is unsure it answers nothing and the generic parser decides.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IAM_RESULTS } from './iam.js';
import { interpretResponse } from './response.js';
import { readStruct } from './shapes.js';
import { STS_RESULTS } from './sts.js';
import { parseKnownXml } from './xml-fast.js';
import { parseGeneric, parseXml } from './xml.js';

const DIR = join(__dirname, '../../../test-vectors/xml');
const samples = readdirSync(DIR)
  .filter((f) => f.endsWith('.xml'))
  .map((f) => ({ name: f, body: readFileSync(join(DIR, f), 'utf8') }));
/** The answers a check gets: the fast path must take these, or it speeds nothing up. */
const hot = samples.filter((s) => /^composed-(sts-get-caller-identity|iam-get-access-key-last-used|error-)/.test(s.name));

/** Whenever the fast path answers, the generic parser accepts the body and builds the same tree. */
function expectAgrees(body: string): boolean {
  const fast = parseKnownXml(body);
  const generic = parseGeneric(body);
  if (fast !== undefined) {
    expect(generic).toEqual({ ok: true, doc: fast });
  }
  expect(parseXml(body)).toEqual(generic);
  return fast !== undefined;
}

describe('the fast XML path', () => {
  it('has the samples, and takes every answer a check gets', () => {
    expect(samples.length).toBeGreaterThanOrEqual(60);
    expect(hot.length).toBeGreaterThanOrEqual(12);
    for (const s of hot) expect(parseKnownXml(s.body), s.name).toBeDefined();
  });

  it('builds the tree fast-xml-parser builds on every sample, or leaves it to it', () => {
    const taken = samples.filter((s) => expectAgrees(s.body));
    // Only the answers of a check and error documents: every other action goes to the generic parser.
    const roots = new Set(taken.map((s) => Object.keys(parseKnownXml(s.body) ?? {}).find((k) => k !== '?xml')));
    expect([...roots].sort()).toEqual(['ErrorResponse', 'GetAccessKeyLastUsedResponse', 'GetCallerIdentityResponse']);
  });

  it('gives the same typed result as the generic path', () => {
    for (const s of hot) {
      const action = s.name.includes('caller-identity') ? 'GetCallerIdentity' : 'GetAccessKeyLastUsed';
      const spec = action === 'GetCallerIdentity' ? STS_RESULTS.GetCallerIdentity : IAM_RESULTS.GetAccessKeyLastUsed;
      const response = { status: s.name.includes('error') ? 400 : 200, headers: {}, body: s.body };
      const fast = interpretResponse(action, 'sts', response, (r) => readStruct(r, spec));
      // The same answer with something the fast path refuses (a comment before the root closes) goes the generic way.
      const slowBody = s.body.replace(/(<\/\w+>\s*)$/, '<!-- generic -->$1');
      expect(parseKnownXml(slowBody)).toBeUndefined();
      const generic = interpretResponse(action, 'sts', { ...response, body: slowBody }, (r) => readStruct(r, spec));
      expect(fast.ok ? fast.value : fast.error).toEqual(generic.ok ? generic.value : generic.error);
      expect(fast.ok).toBe(!s.name.includes('error'));
    }
  });

  it('cut short anywhere, a body is refused exactly as the generic parser refuses it', () => {
    for (const s of hot) {
      for (let end = 0; end < s.body.trimEnd().length; end += 1) {
        const cut = s.body.slice(0, end);
        expect(parseKnownXml(cut), `${s.name} cut at ${end}`).toBeUndefined();
        expectAgrees(cut);
      }
    }
  });

  it.each([
    ['a comment', '<ErrorResponse><!-- c --><Error><Code>X</Code></Error></ErrorResponse>'],
    ['CDATA', '<ErrorResponse><Error><Code><![CDATA[A<B]]></Code></Error></ErrorResponse>'],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY e "boom">]><ErrorResponse><Error><Code>&e;</Code></Error></ErrorResponse>'],
    ['an unknown entity', '<ErrorResponse><Error><Code>&nbsp;</Code></Error></ErrorResponse>'],
    ['a numeric reference', '<ErrorResponse><Error><Message>&#65;&#x42;</Message></Error></ErrorResponse>'],
    ['a bare ampersand', '<ErrorResponse><Error><Message>a & b</Message></Error></ErrorResponse>'],
    ['a carriage return', '<ErrorResponse>\r\n<Error><Message>a\r\nb</Message></Error></ErrorResponse>'],
    ['a namespace prefix', '<sts:GetCallerIdentityResponse xmlns:sts="u"><sts:GetCallerIdentityResult/></sts:GetCallerIdentityResponse>'],
    ['repeated elements', '<ErrorResponse><Errors><Error><Code>A</Code></Error><Error><Code>B</Code></Error></Errors></ErrorResponse>'],
    ['text beside elements', '<ErrorResponse>oops<Error><Code>A</Code></Error></ErrorResponse>'],
    ['mismatched tags', '<ErrorResponse><Error><Code>A</Message></Error></ErrorResponse>'],
    ['an unclosed root', '<ErrorResponse><Error><Code>A</Code></Error>'],
    ['two roots', '<ErrorResponse><Error><Code>A</Code></Error></ErrorResponse><ErrorResponse/>'],
    ['text after the root', '<ErrorResponse><Error><Code>A</Code></Error></ErrorResponse>trailing'],
    ['another root', '<AssumeRoleResponse><AssumeRoleResult><X>1</X></AssumeRoleResult></AssumeRoleResponse>'],
    ['an HTML page', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    ['a reserved name', '<ErrorResponse><__proto__><polluted>yes</polluted></__proto__></ErrorResponse>'],
    ['single-quoted attributes', "<ErrorResponse xmlns='u'><Error><Code>A</Code></Error></ErrorResponse>"],
    ['an attribute without a value', '<ErrorResponse checked><Error><Code>A</Code></Error></ErrorResponse>'],
    ['a processing instruction inside', '<ErrorResponse><?pi x?><Error><Code>A</Code></Error></ErrorResponse>'],
    ['a byte-order mark', '\uFEFF<ErrorResponse><Error><Code>A</Code></Error></ErrorResponse>'],
    ['a stray greater-than', '<ErrorResponse><Error><Code>A>B</Code></Error></ErrorResponse>'],
    ['an empty root', '<ErrorResponse/>'],
    ['a deep nest', `<ErrorResponse>${'<E>'.repeat(20)}x${'</E>'.repeat(20)}</ErrorResponse>`],
  ])('leaves %s to the generic parser', (_what, body) => {
    expect(parseKnownXml(body)).toBeUndefined();
    expectAgrees(body);
  });

  it.each([
    ['the prolog', '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Code>A</Code></Error></ErrorResponse>\n'],
    ['the five entities', '<ErrorResponse><Error><Message>a &amp; &lt;b&gt; &quot;c&apos;</Message></Error></ErrorResponse>'],
    ['empty and self-closed leaves', '<GetAccessKeyLastUsedResponse><GetAccessKeyLastUsedResult><UserName/><AccessKeyLastUsed><Region></Region><ServiceName> </ServiceName></AccessKeyLastUsed></GetAccessKeyLastUsedResult></GetAccessKeyLastUsedResponse>'],
    ['moto\'s Errors shape', '<ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code><Message>bad</Message></Error></Errors><RequestId>r</RequestId></ErrorResponse>'],
    ['member lists', '<Response><Errors><member>a</member><member>b</member></Errors></Response>'],
    ['spaces in tags', '<ErrorResponse  xmlns = "u" ><Error ><Code>A</Code ></Error></ErrorResponse >'],
    ['non-ASCII text', '<ErrorResponse><Error><Message>é € 😀</Message></Error></ErrorResponse>'],
  ])('reads %s as the generic parser does', (_what, body) => {
    expect(parseKnownXml(body)).toBeDefined();
    expect(expectAgrees(body)).toBe(true);
  });

  it('agrees with the generic parser on thousands of mutated answers', () => {
    // A fixed sequence (no randomness between runs): insert, delete or replace a character with one that matters to XML.
    let seed = 11;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const palette = ['<', '>', '/', '&', ';', '!', '?', '"', "'", ' ', '\n', '\r', ':', '=', 'A', '#', '[', ']', '-'];
    let taken = 0;
    for (let i = 0; i < 6000; i += 1) {
      const base = (hot[next(hot.length)] as { body: string }).body;
      const at = next(base.length);
      const c = palette[next(palette.length)] as string;
      const op = next(3);
      const body = op === 0 ? base.slice(0, at) + c + base.slice(at) : op === 1 ? base.slice(0, at) + base.slice(at + 1) : base.slice(0, at) + c + base.slice(at + 1);
      if (expectAgrees(body)) taken += 1;
    }
    // Most mutations land in text or whitespace and stay plain answers: the comparison is not vacuous.
    expect(taken).toBeGreaterThan(1000);
  });
});
