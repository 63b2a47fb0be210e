import { describe, expect, it } from 'vitest';
import { parseCsv, stringifyCsv } from './csv.js';

describe('csv', () => {
  it('round-trips commas, quotes and every kind of line break, writing RFC 4180 (CRLF, quoted)', () => {
    const rows = [['a', 'b,c', 'say "hi"'], ['line\nbreak', 'cr\rhere', 'crlf\r\nhere'], ['', ' spaced ', 'plain']];
    const text = stringifyCsv(rows);
    expect(text).toBe('a,"b,c","say ""hi"""\r\n"line\nbreak","cr\rhere","crlf\r\nhere"\r\n, spaced ,plain\r\n');
    expect(parseCsv(text)).toEqual({ ok: true, value: rows });
  });

  it('drops a byte order mark and skips blank lines', () => {
    expect(parseCsv('\uFEFFa,b\r\n\r\n1,2\r\n')).toEqual({ ok: true, value: [['a', 'b'], ['1', '2']] });
  });

  it('names the problem and the line, and never quotes the data', () => {
    const r = parseCsv('id,secret\nAKIAEXAMPLE,"wJalrXUtnFEMI/K7MDENG\n');
    expect(r).toEqual({ ok: false, error: { kind: 'csv', line: 2, message: 'The file could not be read as CSV: a quoted field is never closed (line 2).' } });
    const bad = parseCsv('id,secret\nAKIAEXAMPLE,wJalr"XUtnFEMI"x\n');
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).not.toContain('wJalr');
    expect(parseCsv('a,b\n1\n')).toMatchObject({ ok: false, error: { message: expect.stringContaining('a row has a different number of fields than the header (line 2)') } });
  });
});
