import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import type { SourceData } from './model.js';
import { formatMarkdown } from './format-markdown.js';
import { HOSTILE_SHOWN, hostileFixture } from './format-fixture.js';
import { runReview } from './report.js';
import { AS_OF, ID_KEY, keyIdForAccount } from './test-kit.js';

/** Names that GFM would turn into links, images, HTML, strikethrough or table cells if written as they are. */
const HOSTILE = ['www.evil.example', 'WWW.evil.example', 'alice@example.com', 'x@y.z', 'mailto:x@y.z', 'a|b@c.d', 'a`b@c.d', '`x@y.z`', 'https://a.b', '[a](b)', '<img src=x>', '![x](y)', '`', '|', '*', '_', '~~x~~', '&amp;', 'line\nbreak', 'ops+ci=1,2.team-a_b@example.com'];

/** GitHub Flavored Markdown as the reference implementation renders it (raw HTML escaped, as GitHub filters it). */
const render = (md: string): string => micromark(md, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });

/** The text a reader sees in an HTML fragment. */
const visible = (html: string): string =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('the Markdown report', () => {
  it('shows hostile source and profile names as their text, in table cells and lines, never as links or markup', () => {
    const sources: SourceData[] = HOSTILE.map((name, i) => ({
      kind: 'profile',
      label: name,
      dataAsOf: AS_OF,
      keys: [{ source: 'profile', accessKeyId: keyIdForAccount('111122223333', i), profile: name, lastDecided: { valid: false, category: 'invalid-secret', at: AS_OF } }],
    }));
    const html = render(formatMarkdown(runReview({ sources, idKey: ID_KEY, generatedAt: AS_OF, offline: true })));
    // The report writes no link, image, strikethrough or emphasis of its own.
    expect(html).not.toMatch(/<a |<img|<del>|<em>/);
    const cells = [...html.matchAll(/<tr>\n<td>([\s\S]*?)<\/td>/g)].map((m) => visible(m[1] ?? ''));
    const resources = [...html.matchAll(/<li><strong>Resource:<\/strong> ([\s\S]*?)<\/li>/g)].map((m) => visible(m[1] ?? ''));
    for (const name of HOSTILE) {
      // A line break cannot be kept inside a line or a cell: it is folded to a space.
      const shown = name.replace(/\n/g, ' ');
      expect(cells, JSON.stringify(name)).toContain(shown);
      expect(resources, JSON.stringify(name)).toContainEqual(expect.stringMatching(new RegExp(`, profile ${shown.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}$`)));
    }
  });

  it('shows control and bidi characters as the table does, in lines and in table cells', () => {
    const html = render(formatMarkdown(hostileFixture()));
    const text = visible(html);
    const shown = HOSTILE_SHOWN.replace(/\\\\/g, '\\');
    expect(text).toContain(`user ${shown}, key ${shown}AKIA, profile ${shown}`);
    expect(text).toContain(`Muted: ${shown}`);
    const cells = [...html.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => visible(m[1] ?? ''));
    expect(cells).toEqual(expect.arrayContaining([shown, `account ${shown}, user ${shown}, key ${shown}, profile ${shown}`]));
  });
});
