/** What the command line says of a bug: no stack unless --debug, exit 3, and no secret even if the bug quoted one. */
import { describe, expect, it } from 'vitest';
import { EXIT, UsageError, type CliIo } from './io.js';
import { reportThrown } from './thrown.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

function said(e: unknown, argv: string[]): { code: number; stderr: string } {
  let stderr = '';
  const io = { env: {}, stdout: () => undefined, stderr: (t: string) => void (stderr += t), readStdin: async () => '' } as CliIo;
  return { code: reportThrown(e, argv, io), stderr };
}

describe('an error thrown by a command', () => {
  it('is an internal error: exit 3, its message without a stack, and a hint to run again with --debug', () => {
    const r = said(new TypeError('x is undefined'), ['verify']);
    expect(r.code).toBe(EXIT.undecided);
    expect(r.stderr).toBe('keyscope: internal error: x is undefined\nhint: run again with --debug to see where it happened, and report it.\n');
  });

  it('shows its stack with --debug, one frame a line', () => {
    const r = said(new TypeError('x is undefined'), ['verify', '--debug']);
    expect(r.stderr).toMatch(/^keyscope: internal error: x is undefined\nTypeError: x is undefined\n {4}at /);
  });

  it('never repeats a secret its message or stack quotes (a bug that names the value it could not handle)', () => {
    const thrown = new RangeError(`cannot handle ${SECRET}`);
    for (const argv of [['verify'], ['verify', '--debug']]) {
      const r = said(thrown, argv);
      expect(r.stderr, argv.join(' ')).toMatch(/internal error: cannot handle \[secret removed\]/);
      expect(r.stderr, argv.join(' ')).not.toContain(SECRET);
    }
  });

  it('is a usage error when the command said so: exit 2, its words and hint, escaped', () => {
    const r = said(new UsageError('bad \u001b[2J value', 'try again'), ['verify']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toBe('keyscope: bad \\x1b[2J value\nhint: try again\n');
  });
});
