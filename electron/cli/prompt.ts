/** Terminal prompts; a hidden one echoes nothing, so a secret is never on screen or in scrollback. */
import type { ReadStream } from 'node:tty';

/** Asks one question on a terminal. Ctrl-C rejects; backspace edits. */
export function promptTerminal(question: string, hidden: boolean, input: ReadStream = process.stdin as ReadStream, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(question);
    let answer = '';
    const wasRaw = input.isRaw;
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const finish = (error?: Error) => {
      input.setRawMode(wasRaw);
      input.pause();
      input.removeListener('data', onData);
      output.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new Error('cancelled at the prompt'));
        if (ch === '\u007f' || ch === '\b') {
          if (answer.length > 0) {
            answer = answer.slice(0, -1);
            if (!hidden) output.write('\b \b');
          }
          continue;
        }
        answer += ch;
        if (!hidden) output.write(ch);
      }
    };
    input.on('data', onData);
  });
}
