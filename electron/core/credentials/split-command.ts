/**
 * Splits a command line into words as the AWS CLI splits `credential_process` (Python's shlex.split, POSIX mode),
 * so the same line runs the same program with the same arguments, and no shell ever sees it.
 * https://docs.python.org/3/library/shlex.html#parsing-rules
 */
import { err, ok, type Result } from '../../../shared/result.js';

/** shlex's whitespace: these four only (a no-break space, a vertical tab or U+2028 is part of a word). */
const SHLEX_SPACE = ' \t\r\n';

/**
 * The words of `line`: split at unquoted whitespace (SHLEX_SPACE); '…' keeps everything literally; "…" keeps everything but a
 * backslash before " or \; outside quotes a backslash keeps the next character. An unclosed quote is an error.
 */
export function splitCommandLine(line: string): Result<string[], string> {
  const words: string[] = [];
  let word = '';
  let inWord = false; // a word has begun (it may be empty: '' is a word)
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else word += c;
      continue;
    }
    if (SHLEX_SPACE.includes(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\') {
      if (i + 1 >= line.length) return err('it ends with a backslash that escapes nothing');
      word += line[++i];
    } else word += c;
  }
  if (quote) return err(`a ${quote === '"' ? 'double' : 'single'} quote is not closed`);
  if (inWord) words.push(word);
  return ok(words);
}
