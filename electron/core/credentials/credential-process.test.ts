/** credential_process run as the AWS CLI runs it: real processes, no shell, nothing it printed ever echoed. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCredentialProcess } from './credential-process.js';

const dir = mkdtempSync(join(tmpdir(), 'keyscope-process-'));
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const GOOD = { Version: 1, AccessKeyId: 'ASIAY34FZKBOKMUTVV7A', SecretAccessKey: SECRET, SessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN', Expiration: '2999-01-01T00:00:00Z' };

/** A node script printing `body`; the line to run it. */
function script(name: string, body: string): string {
  const path = join(dir, `${name}.cjs`);
  writeFileSync(path, body);
  return `"${process.execPath}" "${path}"`;
}
const printing = (name: string, out: unknown) => script(name, `process.stdout.write(${JSON.stringify(typeof out === 'string' ? out : JSON.stringify(out))});`);
const run = (line: string, extra: { timeoutMs?: number; onStderr?: (t: string) => void } = {}) => runCredentialProcess('p', line, { env: { PATH: process.env.PATH }, now: () => new Date('2026-01-01T00:00:00Z'), ...extra });

describe('runCredentialProcess', () => {
  it('reads Version 1 JSON: key, secret, token and expiration', async () => {
    const r = await run(printing('good', GOOD));
    expect(r).toEqual({ ok: true, value: { credentials: { accessKeyId: GOOD.AccessKeyId, secretAccessKey: SECRET, sessionToken: GOOD.SessionToken }, expiration: '2999-01-01T00:00:00.000Z' } });
  });

  it('passes arguments without a shell: quotes kept as words, $HOME not expanded', async () => {
    const line = `${script('args', 'process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: "AKIAY34FZKBOKMUTVV7A", SecretAccessKey: process.argv.slice(2).join("|") }))')} 'a b' '$HOME' ";"`;
    const r = await run(line);
    expect(r.ok && r.value.credentials.secretAccessKey).toBe('a b|$HOME|;');
  });

  it('passes its standard error on as it comes', async () => {
    let stderr = '';
    await run(script('talks', `process.stderr.write('open this link\\n'); process.stdout.write(${JSON.stringify(JSON.stringify(GOOD))});`), { onStderr: (t) => (stderr += t) });
    expect(stderr).toBe('open this link\n');
  });

  it.each([
    ['not JSON', printing('text', `AccessKeyId=x SecretAccessKey=${SECRET}`), /did not print JSON/],
    ['nothing', printing('empty', ''), /printed nothing/],
    ['another Version', printing('v2', { ...GOOD, Version: 2 }), /printed Version 2; only Version 1 is defined/],
    ['no Version', printing('nov', { ...GOOD, Version: undefined }), /printed no "Version": 1/],
    ['no secret', printing('nosecret', { ...GOOD, SecretAccessKey: undefined }), /printed no SecretAccessKey/],
    ['a bad Expiration', printing('baddate', { ...GOOD, Expiration: 'soon' }), /Expiration that is not a date/],
    ['an expired credential', printing('expired', { ...GOOD, Expiration: '2020-01-01T00:00:00Z' }), /expired at 2020-01-01T00:00:00.000Z/],
    ['a failing exit', script('fails', `process.stdout.write(${JSON.stringify(JSON.stringify(GOOD))}); process.exitCode = 4;`), /exited with code 4/],
    ['a missing program', 'no-such-credential-helper --flag', /no program "no-such-credential-helper" was found/],
    ['an unclosed quote', 'helper "open', /cannot be split into words: a double quote is not closed/],
  ])('%s: refused in words, without what it printed', async (_what, line, message) => {
    const r = await run(line);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(message);
    expect(r.error.message).toMatch(/^The credential_process of profile p /);
    expect(JSON.stringify(r.error)).not.toContain(SECRET);
  });

  it('a process that does not answer in time is stopped', async () => {
    const r = await run(script('hangs', 'setTimeout(() => undefined, 60_000);'), { timeoutMs: 200 });
    expect(r.ok === false && r.error.message).toMatch(/gave no answer within 200 ms: it was stopped/);
  });

  it('a process that ignores SIGTERM is killed after 2 s more, not waited for (it had held the check for 30 s)', async () => {
    const stubborn = script('stubborn', "process.on('SIGTERM', () => undefined); setTimeout(() => undefined, 30_000);");
    const r = await run(stubborn, { timeoutMs: 200 });
    expect(r.ok === false && r.error.message).toMatch(/gave no answer within 200 ms: it was stopped/);
  }, 10_000);

  it("reads the credential of a process that leaves a child holding its output, once it has ended (it had waited for the child's 30 s)", async () => {
    const leaves = script(
      'leaves-child',
      `const c = require('node:child_process').spawn(process.execPath, ['-e', 'setTimeout(() => undefined, 30_000)'], { stdio: ['ignore', 'inherit', 'inherit'], detached: true }); c.unref(); process.stderr.write('child ' + c.pid + '\\n'); process.stdout.write(${JSON.stringify(JSON.stringify(GOOD))});`,
    );
    let said = '';
    const r = await run(leaves, { timeoutMs: 20_000, onStderr: (t) => (said += t) });
    const pid = Number(/child (\d+)/.exec(said)?.[1]);
    if (pid > 0) process.kill(pid, 'SIGKILL');
    expect(r).toMatchObject({ ok: true, value: { credentials: { accessKeyId: GOOD.AccessKeyId } } });
    expect(pid).toBeGreaterThan(0);
  }, 10_000);
});
