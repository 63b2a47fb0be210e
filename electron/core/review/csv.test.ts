import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords, stringifyCsv } from './csv.js';

describe('csv', () => {
  it('round-trips commas, quotes and every kind of line break, writing RFC 4180 (CRLF, quoted)', () => {
    const rows = [['a', 'b,c', 'say "hi"'], ['line\nbreak', 'cr\rhere', 'crlf\r\nhere'], ['', ' spaced ', 'plain']];
    const text = stringifyCsv(rows);
    expect(text).toBe('a,"b,c","say ""hi"""\r\n"line\nbreak","cr\rhere","crlf\r\nhere"\r\n, spaced ,plain\r\n');
    expect(parseCsv(text)).toEqual({ ok: true, value: rows });
  });

  it('gives each record the file line it starts on, past quoted line breaks, blank lines and a BOM', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = ['\uFEFFa,b', '"x\r\ny\nz",1', '', 'é,2', '"p', 'q",3'].join(eol);
      const lines = parseCsvRecords(text);
      expect(lines.ok && lines.value.map((r) => r.line), JSON.stringify(eol)).toEqual([1, 2, 6, 7]);
    }
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

  it('names the line where a bad record starts, past CRLFs inside quotes and blank lines (the library counts each such CRLF twice)', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const head = ['a,b', '"x\r\ny",1', '', '"p\r\nq",2'];
      const cases: [string, string][] = [
        ['3,4,5', 'a row has a different number of fields than the header (line 7)'],
        ['3,"4"5', 'a quote closes a field but more text follows it before the comma (line 7)'],
        ['3,"45', 'a quoted field is never closed (line 7)'],
      ];
      for (const [bad, message] of cases) {
        const r = parseCsvRecords([...head, bad, '6,7', ''].join(eol));
        expect(r.ok ? null : r.error.message, JSON.stringify([eol, bad])).toBe(`The file could not be read as CSV: ${message}.`);
      }
    }
    expect(parseCsvRecords('a,b,c\n1,2').ok ? null : parseCsvRecords('a,b,c\n1,2')).toMatchObject({ error: { line: 2 } });
    expect(parseCsvRecords('"a\n').ok ? null : parseCsvRecords('"a\n')).toMatchObject({ error: { line: 1 } });
  });
});
