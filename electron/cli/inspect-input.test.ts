/**
 * `keyscope inspect -` with odd standard input: a secret pasted among the ids is not shown, not even its first and
 * last four characters (the 16 MiB cap is in stdin-caps.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { main } from './index.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = `IQoJb3JpZ2luX2VjE${'A'.repeat(300)}`;

async function inspect(stdin: string, output: string, ...flags: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['inspect', '-', '--output', output, ...flags], { env: {}, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => stdin });
  return { code, stdout, stderr };
}

describe('inspect - with odd standard input', () => {
  it.each(['json', 'text', 'table'])('shows no part of a secret or token among the ids (--output %s)', async (output) => {
    const r = await inspect(`AKIAY34FZKBOKMUTVV7A\n${SECRET}\n${TOKEN}\n`, output);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('AKIA************VV7A');
    expect(r.stdout).toContain('[secret removed]');
    expect(r.stdout).toContain('[token removed]');
    for (const shown of [SECRET.slice(0, 4), SECRET.slice(-4), TOKEN.slice(0, 8)]) expect(r.stdout).not.toContain(shown);
  });

  // Any run of 40 base64 characters that is not a key id (a key id has no lower-case letter, + or /) is a secret
  // here: the ids are not paths, so the looser rule of typed values (which keeps long paths readable) is not needed.
  it.each([
    ['with no digit (one real secret in 900)', 'wJalrXUtnFEMI/KqMDENG/bPxRfiCYEXAMPLEKEY'],
    ['with three slashes and few case changes', 'wjalrxutnfemi/k7mdeng/bpxrficy/examplEKEY'],
  ])('shows no part of a secret %s, not even with --unmask', async (_what, secret) => {
    for (const flags of [[], ['--unmask']]) {
      const r = await inspect(`AKIAY34FZKBOKMUTVV7A\n${secret}\n`, 'text', ...flags);
      expect(r.code).toBe(2);
      expect(r.stdout).toContain('[secret removed]');
      for (const shown of [secret.slice(0, 4), secret.slice(-4)]) expect(r.stdout).not.toContain(shown);
    }
  });
});
