/**
 * Checks of unsaved credentials ("Check without saving"), kept in main under a random id for a short while, so that
 * saving the same credential records the check it already had. The renderer only hands the id back: main keeps the
 * result, and records it only for the exact credential (key id, secret, token, region) that was checked.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Credentials } from '../core/aws/model.js';
import type { CheckView } from '../../shared/model.js';

interface Held {
  /** A keyed hash of the credential: the memo never keeps the secret itself. */
  readonly fingerprint: Buffer;
  readonly report: CheckView;
  readonly until: number;
}

/** How long a check stays usable for a save. */
export const CHECK_MEMO_TTL_MS = 15 * 60_000;
/** At most this many checks are held; the oldest go first. */
const LIMIT = 20;

/** A keyed hash of a credential and its region, for telling later whether it is exactly the same one. */
export function credentialFingerprint(key: Buffer, c: Credentials, region: string | undefined, ...more: readonly string[]): Buffer {
  // JSON keeps the fields apart: no two different credentials give the same text.
  return createHmac('sha256', key)
    .update(JSON.stringify([c.accessKeyId, c.secretAccessKey, c.sessionToken ?? null, region ?? null, ...more]))
    .digest();
}

export class CheckMemo {
  private readonly held = new Map<string, Held>();
  // A per-process key: the fingerprints mean nothing outside this process.
  private readonly key = randomBytes(32);

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = CHECK_MEMO_TTL_MS,
  ) {}

  /** Keeps a check of `credentials`; returns the id to save it with. */
  remember(credentials: Credentials, region: string | undefined, report: CheckView): string {
    this.prune();
    const id = randomBytes(16).toString('hex');
    this.held.set(id, { fingerprint: this.fingerprint(credentials, region), report, until: this.now() + this.ttlMs });
    while (this.held.size > LIMIT) this.held.delete(this.held.keys().next().value as string);
    return id;
  }

  /** The check kept under `id` if it was of exactly this credential; kept, so a save that fails can be retried. */
  find(id: string, credentials: Credentials, region: string | undefined): CheckView | undefined {
    this.prune();
    const held = this.held.get(id);
    if (!held) return undefined;
    return timingSafeEqual(held.fingerprint, this.fingerprint(credentials, region)) ? held.report : undefined;
  }

  /** Forgets a kept check (once it is saved). */
  forget(id: string): void {
    this.held.delete(id);
  }

  /** The check kept under `id` if it was of exactly this credential; it is forgotten either way. */
  take(id: string, credentials: Credentials, region: string | undefined): CheckView | undefined {
    const report = this.find(id, credentials, region);
    this.held.delete(id);
    return report;
  }

  private fingerprint(c: Credentials, region: string | undefined): Buffer {
    return credentialFingerprint(this.key, c, region);
  }

  private prune(): void {
    const now = this.now();
    for (const [id, h] of this.held) if (h.until <= now) this.held.delete(id);
  }
}
