/**
 * The hot commands read without commander (hot-args.ts, hot.ts): a line they take gives what commander gives, byte
 * for byte and exit code for exit code; every other line is left to commander.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../../e2e/fixtures/fault-server.js';
import { ENV_KEY } from '../../e2e/fixtures/keyscope-process.js';
import { parseHotArgs } from './hot-args.js';
import { main } from './index.js';
import type { CliIo } from './io.js';
import { runProgram } from './program.js';

let fault: FaultServer;
beforeAll(async () => {
  fault = await startFaultServer();
});
afterAll(async () => {
  await fault?.stop();
});

async function run(runner: (argv: readonly string[], io: CliIo) => Promise<number>, argv: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await runner(argv, { env: { HOME: '/nonexistent', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', ...env }, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '' });
  // The check's own time and the debug lines' durations differ from run to run.
  const steady = (t: string) => t.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME').replace(/\(\d+ ms\)/g, '(N ms)');
  return { code, stdout: steady(stdout), stderr: steady(stderr) };
}

describe('the hot command lines', () => {
  it.each([
    [['--help']],
    [['verify', '--help']],
    [['verify', '-h']],
    [['--version']],
    [['verify', '--profile', 'dev']],
    [['sts', 'get-caller-identity', '--profile', 'dev']],
    [['verify', '--no-such-flag']],
    [['--no-last-used', 'verify']],
    [['sts', 'get-caller-identity', '--no-last-used']],
    [['verify', '--output', 'yaml']],
    [['verify', '--output']],
    [['verify', '--region', '--debug']],
    [['verify', '--debug=1']],
    [['verify', 'extra']],
    [['verify', '--']],
    [['sts']],
    [['sts', 'get-access-key-info']],
    [['help', 'verify']],
    [['inspect', 'AKIAY34FZKBOKMUTVV7A']],
    [[]],
  ])('%j is left to commander', (argv) => {
    expect(parseHotArgs(argv, {})).toBeUndefined();
  });

  it('reads flags as commander does: before or after the command, --flag=value, the last one winning', () => {
    expect(parseHotArgs(['--output', 'text', 'verify', '--no-last-used', '--region=eu-west-1', '--debug', '--output=table'], {})).toEqual({
      command: 'verify',
      options: { output: 'table', region: 'eu-west-1', allowHttp: false, allowCanary: false, unmask: false, debug: true, lastUsed: false },
    });
    expect(parseHotArgs(['sts', '--unmask', 'get-caller-identity', '--endpoint-url', 'http://127.0.0.1:1'], { AWS_DEFAULT_OUTPUT: 'text' })).toEqual({
      command: 'get-caller-identity',
      options: { output: 'text', endpointUrl: 'http://127.0.0.1:1', allowHttp: false, allowCanary: false, unmask: true, debug: false },
    });
    expect(parseHotArgs(['verify'], { AWS_DEFAULT_OUTPUT: 'yaml' })?.options.output).toBe('json');
  });

  const LINES: Array<[string[], string]> = [
    [['verify'], 'ok'],
    [['verify', '--output', 'text'], 'ok'],
    [['--output=table', 'verify', '--no-last-used', '--unmask'], 'ok'],
    [['verify', '--debug', '--output', 'text'], 'ok'],
    [['verify'], 'expired'],
    [['verify', '--output', 'text'], 'hostile'],
    [['verify', '--cli-read-timeout', 'soon'], 'ok'],
    [['verify', '--cli-connect-timeout', '2', '--cli-read-timeout', '0'], 'ok'],
    [['sts', 'get-caller-identity'], 'ok'],
    [['sts', 'get-caller-identity', '--output', 'text', '--debug'], 'ok'],
    [['sts', 'get-caller-identity'], 'expired'],
    [['sts', '--output', 'table', 'get-caller-identity'], 'hostile'],
  ];
  it.each(LINES)('%j (the stand-in answering %s) says what commander says, with its exit code', async (argv, scenario) => {
    const env = { ...ENV_KEY, AWS_ENDPOINT_URL: `${fault.url}/${scenario}/` };
    expect(parseHotArgs(argv, env)).toBeDefined();
    const hot = await run(main, argv, env);
    const commander = await run(runProgram, argv, env);
    expect(hot).toEqual(commander);
    expect(hot.stdout + hot.stderr).not.toContain(ENV_KEY.AWS_SECRET_ACCESS_KEY);
  });

  it.each([
    ['no key in the environment', {}],
    ['half a key', { AWS_ACCESS_KEY_ID: ENV_KEY.AWS_ACCESS_KEY_ID }],
    ['a malformed key id', { AWS_ACCESS_KEY_ID: 'not-a-key-id', AWS_SECRET_ACCESS_KEY: ENV_KEY.AWS_SECRET_ACCESS_KEY }],
    ['a refused endpoint', { ...ENV_KEY, AWS_ENDPOINT_URL: 'ftp://127.0.0.1/' }],
  ])('with %s, verify says what commander says', async (_what, env: Record<string, string>) => {
    const hot = await run(main, ['verify'], env);
    expect(hot).toEqual(await run(runProgram, ['verify'], env));
    expect(hot.code).toBe(2);
  });
});
