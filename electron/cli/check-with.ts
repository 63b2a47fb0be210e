/** One credential verified with its own command context: what `verify` does once it has found the credential. */
import type { CheckView } from '../../shared/model.js';
import type { Credentials } from '../core/aws/model.js';
import { verifyCredential } from '../core/verify.js';
import { makeContext, type GlobalOptions } from './context.js';
import type { CliIo } from './io.js';

/** Verifies one credential: its own command context, a saved profile's region after the flags. */
export async function checkWith(options: GlobalOptions, io: CliIo, credentials: Credentials, lastUsed = true, profileRegion?: string): Promise<CheckView> {
  const context = makeContext(options, io, credentials, profileRegion);
  try {
    return await verifyCredential(context.client, credentials, { lastUsed });
  } finally {
    context.close();
  }
}
