/** Output that a hostile server cannot use to drive the terminal or forge lines (issue #7). */
import { describe, expect, it } from 'vitest';
import { escapeControls, formatOutput, safeJson } from './output.js';

const ARN = 'arn:aws:iam::012345678901:user/\u001b]0;pwned\u0007\u001b[2J';
const USER_ID = 'AIDAHOSTILE\r\nforged\trow';
const hostile = { Arn: ARN, UserId: USER_ID, Account: '012345678901\u202e' };
// Anything a terminal acts on but the tab and line feed the formats use themselves: C0, DEL, C1, bidi controls.
// eslint-disable-next-line no-control-regex -- the point of the check
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('escapeControls', () => {
  it('writes control characters as visible \\x escapes and bidi controls as \\u escapes', () => {
    expect(escapeControls(ARN)).toBe('arn:aws:iam::012345678901:user/\\x1b]0;pwned\\x07\\x1b[2J');
    expect(escapeControls(USER_ID)).toBe('AIDAHOSTILE\\x0d\\x0aforged\\x09row');
    expect(escapeControls('a\u202eb\u2066c\u2069d\u200e\u200f\u061c\u202a\u009b\u007f\u0000')).toBe('a\\u202eb\\u2066c\\u2069d\\u200e\\u200f\\u061c\\u202a\\x9b\\x7f\\x00');
  });

  it('leaves ordinary text, accents and other scripts alone', () => {
    const text = 'arn:aws:iam::123456789012:user/Zoë-日本 (eu-west-1) ok';
    expect(escapeControls(text)).toBe(text);
  });
});

describe('formatOutput with what a hostile server sent', () => {
  it('text: one line, no raw escape, tabs only between fields', () => {
    const out = formatOutput(hostile, 'text', 'GetCallerIdentity');
    expect(out.split('\n').filter(Boolean)).toHaveLength(1);
    expect(out).not.toMatch(RAW);
    expect(out.trim().split('\t')).toEqual(['012345678901\\u202e', 'arn:aws:iam::012345678901:user/\\x1b]0;pwned\\x07\\x1b[2J', 'AIDAHOSTILE\\x0d\\x0aforged\\x09row']);
  });

  it('table: one row per member, no raw escape, borders aligned', () => {
    const out = formatOutput(hostile, 'table', 'GetCallerIdentity\u001b[2J');
    expect(out).not.toMatch(RAW);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(7); // top, title, rule, three rows, bottom rule
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines.filter((l) => l.startsWith('| UserId '))).toHaveLength(1);
    expect(out).not.toContain('\t');
  });

  it('every output: an ARN holding a zero-width space reads as escaped, never as the user/root it looks like', () => {
    const spoofed = { Arn: 'arn:aws:iam::012345678901:user/ro\u200bot', UserId: 'AIDA\u2060X\ufeff' };
    for (const output of ['text', 'table', 'json'] as const) {
      const out = formatOutput(spoofed, output, 'GetCallerIdentity');
      expect(out, output).not.toMatch(/[\u200b\u2060\ufeff]/);
      expect(out, output).toContain('user/ro\\u200bot');
    }
    expect(JSON.parse(formatOutput(spoofed, 'json', 'x'))).toEqual(spoofed);
  });

  it('json: the same values back, with bidi and C1 controls as \\u escapes', () => {
    const out = formatOutput({ ...hostile, Note: 'x\u009by' }, 'json', 'x');
    expect(out).not.toMatch(RAW);
    expect(out).toContain('"Account": "012345678901\\u202e"');
    expect(out).toContain('"Note": "x\\u009by"');
    expect(JSON.parse(out)).toEqual({ ...hostile, Note: 'x\u009by' });
    expect(JSON.parse(safeJson(hostile))).toEqual(hostile);
  });
});
