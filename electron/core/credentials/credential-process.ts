/**
 * `credential_process`, run as the AWS CLI runs it: the line split into words (no shell), the program started with
 * the caller's environment, its JSON read from standard output, its standard error passed through (it may prompt or
 * explain), within a time limit. Messages name the profile and the program, never what it printed: that holds a secret.
 * https://docs.aws.amazon.com/cli/v1/userguide/cli-configure-sourcing-external.html
 */
import { spawn } from 'node:child_process';
import { inputFailure, type InputFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import type { Credentials } from '../aws/model.js';
import { splitCommandLine } from './split-command.js';

/** How long a credential process may take before it is stopped (a browser sign-in can take a while). */
export const CREDENTIAL_PROCESS_TIMEOUT_MS = 60_000;
/** The most standard output that is read: a credential is well under 4 KiB. */
const MAX_STDOUT = 64 * 1024;
/** After SIGTERM, how long a process has to end before SIGKILL (one that ignores SIGTERM would hold the check). */
const KILL_GRACE_MS = 2_000;
/**
 * After the process ends, how long its output may still come: a program that leaves a child of its own holding its
 * standard output (a helper daemon) would otherwise keep the output open, and the check waiting, as long as that lives.
 */
const DRAIN_MS = 1_000;

/** A credential a process printed, and when it expires if it said. */
export interface ProcessCredentials {
  readonly credentials: Credentials;
  readonly expiration?: string;
}

/** Where the process runs and what it may take. */
export interface CredentialProcessOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
  /** Receives what the process writes to standard error, as it comes. */
  readonly onStderr?: (text: string) => void;
  readonly now?: () => Date;
}

const EXPECTED = 'It must print {"Version": 1, "AccessKeyId": …, "SecretAccessKey": …, "SessionToken": …, "Expiration": …} on standard output.';

/** Runs the `credential_process` of `profile`; the credential it printed, or why there is none. */
export async function runCredentialProcess(profile: string, commandLine: string, options: CredentialProcessOptions): Promise<Result<ProcessCredentials, InputFailure>> {
  const what = `The credential_process of profile ${profile}`;
  const fail = (message: string, hint: string) => err(inputFailure('credential_process', `${what} ${message}`, hint));
  const words = splitCommandLine(commandLine);
  if (!words.ok) return fail(`cannot be split into words: ${words.error}.`, 'Quote it as for a POSIX shell; no shell runs it.');
  const [program, ...args] = words.value;
  if (!program) return fail('is empty.', 'Name the program to run, or remove the setting.');
  const timeoutMs = options.timeoutMs ?? CREDENTIAL_PROCESS_TIMEOUT_MS;

  const outcome = await new Promise<{ stdout: string; code: number | null; signal: NodeJS.Signals | null; problem?: string }>((resolve) => {
    const child = spawn(program, args, { env: options.env as NodeJS.ProcessEnv, stdio: ['inherit', 'pipe', 'pipe'], shell: false });
    let stdout = '';
    let problem: string | undefined;
    let killer: NodeJS.Timeout | undefined;
    let drain: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (result: { stdout: string; code: number | null; signal: NodeJS.Signals | null; problem?: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killer);
      clearTimeout(drain);
      resolve(result);
    };
    const stop = (why: string) => {
      problem ??= why;
      child.kill('SIGTERM');
      killer ??= setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    const timer = setTimeout(() => stop(`gave no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}: it was stopped.`), timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.length > MAX_STDOUT) stop(`printed more than ${MAX_STDOUT / 1024} KiB: it was stopped.`);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => options.onStderr?.(chunk));
    child.on('error', (e: NodeJS.ErrnoException) => {
      finish({ stdout: '', code: null, signal: null, problem: e.code === 'ENOENT' ? `cannot start: no program "${program}" was found.` : `cannot start "${program}" (${e.code ?? 'error'}).` });
    });
    const ended = (code: number | null, signal: NodeJS.Signals | null) => finish({ stdout, code, signal, ...(problem ? { problem } : {}) });
    child.on('exit', (code, signal) => {
      drain = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        ended(code, signal);
      }, DRAIN_MS);
    });
    child.on('close', ended);
  });
  const fixIt = 'Run the command by hand to see what it does; the AWS CLI runs it the same way.';
  if (outcome.problem) return fail(outcome.problem, fixIt);
  if (outcome.signal) return fail(`was stopped by ${outcome.signal}.`, fixIt);
  if (outcome.code !== 0) return fail(`exited with code ${outcome.code} (what it said, if anything, is above on standard error).`, fixIt);
  return readProcessOutput(outcome.stdout, options.now?.() ?? new Date(), (m) => fail(m, EXPECTED));
}

/** Reads the JSON a credential process printed; `fail` words a problem without quoting the output. */
function readProcessOutput(stdout: string, now: Date, fail: (message: string) => Result<never, InputFailure>): Result<ProcessCredentials, InputFailure> {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    return fail(stdout.trim() === '' ? 'printed nothing.' : 'did not print JSON.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('did not print a JSON object.');
  const o = json as Record<string, unknown>;
  if (o.Version !== 1) return fail(typeof o.Version === 'number' ? `printed Version ${o.Version}; only Version 1 is defined.` : 'printed no "Version": 1.');
  const text = (k: string) => (typeof o[k] === 'string' && (o[k] as string) !== '' ? (o[k] as string) : undefined);
  const accessKeyId = text('AccessKeyId');
  const secretAccessKey = text('SecretAccessKey');
  if (!accessKeyId || !secretAccessKey) return fail(`printed no ${accessKeyId ? 'SecretAccessKey' : 'AccessKeyId'}.`);
  const sessionToken = text('SessionToken');
  const expiration = text('Expiration');
  if (o.Expiration !== undefined && o.Expiration !== null && (!expiration || Number.isNaN(Date.parse(expiration)))) return fail('printed an Expiration that is not a date and time.');
  if (expiration && Date.parse(expiration) <= now.getTime()) return fail(`printed a credential that expired at ${new Date(expiration).toISOString()}.`);
  return ok({ credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }, ...(expiration ? { expiration: new Date(expiration).toISOString() } : {}) });
}
