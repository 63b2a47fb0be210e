/**
 * Copying temporary credentials: what is pasted into a shell sets the three variables to the exact values, and runs
 * nothing else, whatever an endpoint's answer put in them (a real /bin/sh reads what the app copies).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialProblems } from '../../shared/credential-rules.js';
import { formatCredentials } from './temp-creds.js';

// No space, no line break, ASCII only: what the credential rules let through, so what a hostile answer can hold.
const HOSTILE = {
  accessKeyId: 'ASIAFAULTEXAMPLE0001',
  secretAccessKey: "abc'def;touch${IFS}pwned-by-secret;#",
  sessionToken: 'FwoGZXIvYXdz$(touch${IFS}pwned-by-token)`touch${IFS}pwned-by-backtick`;touch${IFS}pwned-by-semicolon',
};

describe('copied temporary credentials', () => {
  it('as environment exports, set exactly what AWS sent in a real shell, and run nothing an answer slipped in', () => {
    expect(credentialProblems(HOSTILE)).toEqual([]);
    const text = formatCredentials({ credentials: HOSTILE, expiration: '2030-01-01T00:00:00Z' }, 'env');
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-copy-'));
    const out = execFileSync('/bin/sh', ['-c', `${text}\nprintf '%s\\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN"`], { cwd: dir, encoding: 'utf8' });
    expect(readdirSync(dir)).toEqual([]);
    expect(out).toBe(`${HOSTILE.accessKeyId}\n${HOSTILE.secretAccessKey}\n${HOSTILE.sessionToken}\n`);
    expect(existsSync(join(dir, 'pwned-by-token'))).toBe(false);
  });

  it('as environment exports, read as plain words for what AWS really sends', () => {
    const text = formatCredentials({ credentials: { accessKeyId: 'ASIAY34FZKBOKMUTVV7A', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc=' }, expiration: '2030-01-01T00:00:00Z' }, 'env');
    expect(text).toBe("export AWS_ACCESS_KEY_ID='ASIAY34FZKBOKMUTVV7A'\nexport AWS_SECRET_ACCESS_KEY='wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'\nexport AWS_SESSION_TOKEN='IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc='\n");
  });
});
