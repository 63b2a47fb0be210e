import { describe, expect, it } from 'vitest';
import { escapeControls, escapeControlsKeepingLines, safeJson } from './safe-text.js';

describe('escapeControlsKeepingLines', () => {
  it('keeps tabs, line feeds and CRLF, and escapes every other control and bidi character as escapeControls does', () => {
    expect(escapeControlsKeepingLines('a\tb\nc\r\nd')).toBe('a\tb\nc\r\nd');
    expect(escapeControlsKeepingLines('lone\rcr \u202eevil\u2069 \u001b[2J \u0085 \u0000')).toBe('lone\\x0dcr \\u202eevil\\u2069 \\x1b[2J \\x85 \\x00');
    const hostile = 'x\u0001\u000b\u000c\u007f\u009f\u061c\u200e\u200f\u202a\u2066';
    expect(escapeControlsKeepingLines(hostile)).toBe(escapeControls(hostile));
  });
});

describe('characters that show as nothing', () => {
  // An ARN or name holding one reads as another: `user/ro\u200Bot` looks like `user/root` on a terminal and a page.
  const invisible = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e', '\u2064', '\u3164', '\u115f', '\u1160', '\uffa0', '\u{e0041}', '\u{e007f}'];

  it('escapeControls writes each as a visible escape, in \\u{…} form past U+FFFF', () => {
    expect(escapeControls('user/ro\u200bot')).toBe('user/ro\\u200bot');
    expect(escapeControls('a\u00adb\ufeffc')).toBe('a\\xadb\\ufeffc');
    // Tag characters spell hidden ASCII ("ASCII smuggling"): each is named, never dropped.
    expect(escapeControls('ok\u{e0041}\u{e0042}')).toBe('ok\\u{e0041}\\u{e0042}');
    for (const c of invisible) {
      expect(escapeControls(`x${c}y`), c).toMatch(/^x\\(x|u)[{0-9a-f]+}?y$/);
      expect(escapeControlsKeepingLines(`x${c}y`), c).toBe(escapeControls(`x${c}y`));
    }
  });

  it('safeJson writes each as \\u escapes that JSON reads back to the same value (a surrogate pair past U+FFFF)', () => {
    const value = { Arn: `user/ro${invisible.join('')}ot` };
    const out = safeJson(value);
    for (const c of invisible) expect(out, c).not.toContain(c);
    expect(out).toContain('\\udb40\\udc41');
    expect(JSON.parse(out)).toEqual(value);
  });

  it('leaves what shows alone: letters of every script, emoji, spaces', () => {
    const shown = 'Müller 山田 Ωμέγα عربى 🙂 café';
    expect(escapeControls(shown)).toBe(shown);
    expect(safeJson({ shown })).toBe(JSON.stringify({ shown }, null, 4));
  });
});
