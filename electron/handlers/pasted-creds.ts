/**
 * Credentials pasted into the STS tools, kept in main under a random handle for a while, so the tools can sign with
 * them as with a saved profile: the secret crosses from the window once and is never sent back.
 */
import { randomBytes } from 'node:crypto';
import type { Credentials } from '../core/aws/model.js';

/** How long a pasted credential stays usable. */
export const PASTED_TTL_MS = 30 * 60_000;
/** At most this many are held; the oldest go first. */
const LIMIT = 20;

export class PastedCredsCache {
  private readonly held = new Map<string, { readonly credentials: Credentials; readonly until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Holds `credentials`; returns the handle to sign with. */
  put(credentials: Credentials): string {
    this.prune();
    const handle = randomBytes(16).toString('hex');
    this.held.set(handle, { credentials, until: this.now() + PASTED_TTL_MS });
    while (this.held.size > LIMIT) this.held.delete(this.held.keys().next().value as string);
    return handle;
  }

  get(handle: string): Credentials | undefined {
    this.prune();
    return this.held.get(handle)?.credentials;
  }

  private prune(): void {
    const now = this.now();
    for (const [h, v] of this.held) if (v.until <= now) this.held.delete(h);
  }
}
