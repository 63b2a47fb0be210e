/** credential_process lines split as the AWS CLI splits them (Python's shlex.split, POSIX). */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { splitCommandLine } from './split-command.js';

// Each pair was checked with python3 -c 'import shlex,sys; print(shlex.split(sys.argv[1]))'.
const CASES: ReadonlyArray<readonly [string, string[]]> = [
  ['aws-vault export --format=json dev', ['aws-vault', 'export', '--format=json', 'dev']],
  ['  /usr/bin/helper   a\tb  ', ['/usr/bin/helper', 'a', 'b']],
  [`"/opt/my tools/helper" --name 'a b'`, ['/opt/my tools/helper', '--name', 'a b']],
  [`sh -c 'echo "$HOME"'`, ['sh', '-c', 'echo "$HOME"']],
  [`a "x\\"y\\\\z\\n"`, ['a', 'x"y\\z\\n']],
  [`a b\\ c 'it''s'`, ['a', 'b c', 'its']],
  [`a '' ""`, ['a', '', '']],
  [`pre"mid"'post'`, ['premidpost']],
  ['', []],
];

describe('splitCommandLine', () => {
  it.each(CASES)('%s', (line, words) => {
    expect(splitCommandLine(line)).toEqual({ ok: true, value: words });
  });

  it('splits only at the whitespace shlex knows (space, tab, CR, LF), as the AWS CLI runs the line (was: at any, so a no-break space pasted from a web page ran another program than the AWS CLI)', () => {
    const lines = ['helper\u00a0--profile dev', 'a\vb\fc', 'a\u2028b\u3000c\u0085d\u001ce', 'a\tb\r\nc  d'];
    const script = 'import json, shlex, sys\nprint(json.dumps([shlex.split(a) for a in sys.argv[1:]]))';
    const byShlex = JSON.parse(execFileSync('python3', ['-c', script, ...lines], { encoding: 'utf8' })) as string[][];
    expect(byShlex[0]).toEqual(['helper\u00a0--profile', 'dev']);
    expect(lines.map((l) => splitCommandLine(l))).toEqual(byShlex.map((value) => ({ ok: true, value })));
  });

  it('refuses an unclosed quote and a trailing backslash, as shlex does', () => {
    expect(splitCommandLine(`helper "open`)).toEqual({ ok: false, error: 'a double quote is not closed' });
    expect(splitCommandLine(`helper 'open`)).toEqual({ ok: false, error: 'a single quote is not closed' });
    expect(splitCommandLine('helper \\')).toEqual({ ok: false, error: 'it ends with a backslash that escapes nothing' });
  });
});
