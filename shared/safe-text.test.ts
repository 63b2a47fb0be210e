import { describe, expect, it } from 'vitest';
import { escapeControls, escapeControlsKeepingLines } from './safe-text.js';

describe('escapeControlsKeepingLines', () => {
  it('keeps tabs, line feeds and CRLF, and escapes every other control and bidi character as escapeControls does', () => {
    expect(escapeControlsKeepingLines('a\tb\nc\r\nd')).toBe('a\tb\nc\r\nd');
    expect(escapeControlsKeepingLines('lone\rcr \u202eevil\u2069 \u001b[2J \u0085 \u0000')).toBe('lone\\x0dcr \\u202eevil\\u2069 \\x1b[2J \\x85 \\x00');
    const hostile = 'x\u0001\u000b\u000c\u007f\u009f\u061c\u200e\u200f\u202a\u2066';
    expect(escapeControlsKeepingLines(hostile)).toBe(escapeControls(hostile));
  });
});
