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

  it('keeps every hostile value in its own table cell and line, as its text, even with raw HTML allowed', () => {
    // Backslashes before a pipe end a cell (micromark pairs them, so an even run leaves the pipe bare), and backticks
    // end a code span: tried in every combination with the rest of GFM's specials, with and without `@`.
    const pieces = ['\\|', '\\\\|', '\\\\\\|', '|', '\\', '`', '``', '```', '````', '<img src=x onerror=alert(1)>', '&amp;', '&#60;b&#62;', '[a](b)', '![i](j)', '*e*', '_e_', '~~s~~', '\n', 'www.e.x', 'https://a.b', '<https://a.b>'];
    const values = pieces.flatMap((a) => pieces.flatMap((b) => [`${a}${b}`, `x@y${a}<b>${b}`, `${a}@${b}`]));
    const earlier = values.map((value, i) => ({ Id: i.toString(16).padStart(32, '0'), Check: 'access-key-unused', Severity: 'medium', Title: value, Resource: { Account: null, User: value, AccessKeyId: null, Profile: value }, DataAsOf: AS_OF, Source: 'credential-report' }));
    const sources: SourceData[] = values.map((value) => ({ kind: 'credential-report', label: value, dataAsOf: AS_OF, keys: [] }));
    const md = formatMarkdown(runReview({ sources, idKey: ID_KEY, generatedAt: AS_OF, offline: true, previous: { findings: earlier, label: 'x@y\\|<img src=x onerror=alert(1)>' } }));
    const html = micromark(md, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true });
    // No value became HTML, a link or an image.
    expect(html).not.toMatch(/<(?!\/?(?:h[1-4]|p|table|thead|tbody|tr|th|td|code|ul|li|strong)>)[a-z/]/);
    const rows = [...html.matchAll(/<tr>\n([\s\S]*?)<\/tr>/g)].map((m) => [...(m[1] ?? '').matchAll(/<t[dh]>([\s\S]*?)<\/t[dh]>/g)].map((cell) => visible(cell[1] ?? '')));
    const sourceRows = rows.filter((row) => row[1] === 'credential-report');
    const resolvedRows = rows.filter((row) => row[0] === 'medium');
    expect(sourceRows.map((row) => row.length)).toEqual(values.map(() => 4));
    expect(resolvedRows.map((row) => row.length)).toEqual(values.map(() => 4));
    // A line break is folded to a space; spaces at a cell's edges are not the cell's (GFM trims them).
    const shown = values.map((value) => value.replace(/\n/g, ' '));
    expect(sourceRows.map((row) => row[0]?.trim())).toEqual(shown.map((value) => value.trim()));
    expect(resolvedRows.map((row) => row[1]?.trim())).toEqual(shown.map((value) => value.trim()));
    expect(resolvedRows.map((row) => row[2]?.trim())).toEqual(shown.map((value) => `user ${value}, profile ${value}`.trim()));
    expect(visible(html)).toContain('Compared with x@y\\|<img src=x onerror=alert(1)>:');
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
