/**
 * Temporary credentials from the STS tools, kept in the main process under a random handle. The renderer gets
 * the handle and a masked view; it asks for the secret only to reveal or copy it, and saving goes by handle.
 */
import { randomBytes } from 'node:crypto';
import type { CopyFormat } from '../../shared/model.js';
import type { Credentials } from '../core/aws/model.js';

interface Held {
  readonly credentials: Credentials & { readonly sessionToken: string };
  readonly expiration: string;
}

/** At most this many sets are held; the oldest go first. Expired ones are dropped on every access. */
const LIMIT = 50;

export class TempCredsCache {
  private readonly held = new Map<string, Held>();

  constructor(private readonly now: () => number = Date.now) {}

  put(credentials: Held['credentials'], expiration: string): string {
    this.prune();
    const handle = randomBytes(16).toString('hex');
    this.held.set(handle, { credentials, expiration });
    while (this.held.size > LIMIT) this.held.delete(this.held.keys().next().value as string);
    return handle;
  }

  /** Forgets a set: once saved, its secret belongs to the keychain and is never handed out again. */
  forget(handle: string): void {
    this.held.delete(handle);
  }

  get(handle: string): Held | undefined {
    this.prune();
    return this.held.get(handle);
  }

  private prune(): void {
    for (const [h, v] of this.held) if (Date.parse(v.expiration) <= this.now()) this.held.delete(h);
  }
}

/**
 * A word a POSIX shell reads back exactly: single-quoted, a quote inside written as '\''. The values come from an
 * endpoint's answer: unquoted, a token holding `;`, `$(…)` or a backquote ran commands in the shell it was pasted into.
 */
const shellWord = (value: string): string => `'${value.replaceAll("'", "'\\''")}'`;

/** The credentials in a form to paste: shell exports, a credentials-file section, or credential_process JSON. */
export function formatCredentials(held: Held, format: CopyFormat, profileName = 'keyscope-temp'): string {
  const c = held.credentials;
  switch (format) {
    case 'env':
      return `export AWS_ACCESS_KEY_ID=${shellWord(c.accessKeyId)}\nexport AWS_SECRET_ACCESS_KEY=${shellWord(c.secretAccessKey)}\nexport AWS_SESSION_TOKEN=${shellWord(c.sessionToken)}\n`;
    case 'credentials-file':
      return `[${profileName}]\naws_access_key_id = ${c.accessKeyId}\naws_secret_access_key = ${c.secretAccessKey}\naws_session_token = ${c.sessionToken}\n`;
    case 'credential-process':
      return `${JSON.stringify({ Version: 1, AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: held.expiration }, null, 2)}\n`;
  }
}
