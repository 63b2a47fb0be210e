/** One `sts` or `iam` call made and printed: its own command context, the AWS CLI's output, the exit code. */
import type { Credentials } from '../core/aws/model.js';
import { makeContext, type GlobalOptions } from './context.js';
import { printFailure, warnSkew } from './failures.js';
import { EXIT, type CliIo } from './io.js';
import { formatOutput } from './output.js';
import type { Call } from './sts-commands.js';

/** Makes `call` with `credentials` (undefined: unsigned) and prints its result under `title`; returns the exit code. */
export async function runCall(title: string, call: Call, flags: Record<string, unknown>, credentials: Credentials | undefined, region: string | undefined, options: GlobalOptions, io: CliIo): Promise<number> {
  const context = makeContext(options, io, credentials, region);
  try {
    const r = await call(context.client, flags);
    if (!r.ok) return printFailure(io, r.error);
    warnSkew(io, r.value.clockSkewMs);
    io.stdout(formatOutput(r.value.value, options.output, title));
    return EXIT.ok;
  } finally {
    context.close();
  }
}
