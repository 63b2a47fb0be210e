/**
 * The time-outs of the built `keyscope` when no flag sets them (README, global flags): `--cli-connect-timeout` 5 s and
 * `--cli-read-timeout` 20 s, and a read time-out that bounds a connect `--cli-connect-timeout 0` leaves unbounded.
 * Real waits, run side by side: ~20 s for this file. No hook in the product lets a test shorten them, and a test
 * that read the constants would not see what the CLI does with them.
 *
 * A connect that never completes, on this computer: a listener that never accepts, whose accept queue (backlog 0) is
 * already full. Linux then drops each new SYN, so a connect waits until the client gives up, as one to an
 * unreachable host does. Node cannot listen without accepting, hence a few lines of Python (python3 runs moto too).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../../e2e/fixtures/fault-server.js';
import { assertBuilt, ENV_KEY, runKeyscope } from '../../e2e/fixtures/keyscope-process.js';

// Listens with backlog 0, fills the queue, and says READY only once a further connect is seen to hang.
const HELD_LISTENER = `
import socket, sys
server = socket.socket()
server.bind(('127.0.0.1', 0))
server.listen(0)
port = server.getsockname()[1]
fillers = []
for _ in range(3):
    s = socket.socket()
    s.setblocking(False)
    s.connect_ex(('127.0.0.1', port))
    fillers.append(s)
probe = socket.socket()
probe.settimeout(1.5)
try:
    probe.connect(('127.0.0.1', port))
    print('ACCEPTED', flush=True)
except socket.timeout:
    print(f'READY {port}', flush=True)
sys.stdin.read()
`;

let faults: FaultServer;
let held: ChildProcess;
let heldUrl: string;

beforeAll(async () => {
  assertBuilt();
  faults = await startFaultServer();
  held = spawn('python3', ['-c', HELD_LISTENER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: held.stdout! }), 'line')) as [string];
  const m = /^READY (\d+)$/.exec(line);
  if (!m) throw new Error(`the held listener did not hold a connect (it said ${JSON.stringify(line)}); this test needs Linux's full-backlog behaviour`);
  heldUrl = `http://127.0.0.1:${m[1]}/`;
});
afterAll(async () => {
  held?.stdin?.end(); // it reads standard input to its end, then exits
  await faults?.stop();
});

const verify = (url: string, flags: string[] = [], limitMs?: number) => runKeyscope(['verify', '--no-last-used', '--output', 'json', ...flags], { ...ENV_KEY, AWS_ENDPOINT_URL: url }, limitMs);
const errorOf = (stdout: string) => (JSON.parse(stdout) as { Valid: null; Error: { Code: string; Message: string } }).Error;

describe.concurrent('the default time-outs of the built CLI, waited out for real', () => {
  it('--cli-read-timeout is 20 s: a server that accepts and never answers is given up after 20 s, said as such, exit 3', async () => {
    const r = await verify(`${faults.url}/slow/default-read/`);
    expect(r.code, r.stderr).toBe(3);
    expect(errorOf(r.stdout)).toMatchObject({ Code: 'ResponseTimeout', Message: expect.stringMatching(/did not answer within 20 s\.$/) });
    expect(r.ms).toBeGreaterThanOrEqual(19_900);
  }, 40_000);

  it('--cli-connect-timeout is 5 s: a connect that never completes is given up after 5 s, said as such, exit 3', async () => {
    const r = await verify(heldUrl);
    expect(r.code, r.stderr).toBe(3);
    expect(errorOf(r.stdout)).toMatchObject({ Code: 'ConnectTimeout', Message: expect.stringMatching(/^No connection to .* within 5 s\.$/) });
    expect(r.ms).toBeGreaterThanOrEqual(4_900);
  }, 40_000);

  it('--cli-connect-timeout 0 leaves the connect to --cli-read-timeout, counted from the start', async () => {
    const r = await verify(heldUrl, ['--cli-connect-timeout', '0', '--cli-read-timeout', '1'], 10_000);
    expect(r.signal, 'still waiting after 10 s: killed').toBeNull();
    expect(r.code, r.stderr).toBe(3);
    expect(errorOf(r.stdout)).toMatchObject({ Code: 'ResponseTimeout', Message: expect.stringMatching(/did not answer within 1 s\.$/) });
    expect(r.ms).toBeGreaterThanOrEqual(900);
  }, 40_000);
});
