/** `keyscope inspect KEY_ID…`: offline analysis; nothing is sent anywhere. */
import { MIB } from '../core/aws/read-bounded.js';
import { scrubSecrets } from '../core/aws/scrub.js';
import { canaryService } from '../core/keys/canary-accounts.js';
import { analyzeKeyId } from '../core/keys/key-id.js';
import { EXIT, readStdinWithin, UsageError, type CliIo } from './io.js';
import { escapeControls, formatOutput, type OutputFormat } from './output.js';

/** The most of standard input read for ids: 16 MiB, some 800,000 ids (as `review --keys -` reads). */
const MAX_IDS_BYTES = 16 * MIB;

const readIds = (io: CliIo) =>
  readStdinWithin(io, MAX_IDS_BYTES, new UsageError('inspect -: standard input holds more than 16 MiB.', 'Pass the ids in pieces of fewer (split -l 500000 ids.txt).'));

/** What a key of a canary-token account would do if used (verify and the others refuse to sign with it: errors.ts). */
const canaryWarning = (service: string) =>
  `a canary-token account (${service}): signing with this key would alert whoever planted it`;

/** Analyses ids given as arguments, or read one a line from standard input with `-`; `unmask` prints them whole. */
export async function runInspect(ids: readonly string[], output: OutputFormat, io: CliIo, unmask = false): Promise<number> {
  const all = ids.length === 1 && ids[0] === '-' ? (await readIds(io)).split(/\s+/).filter(Boolean) : [...ids];
  if (all.length === 0) throw new UsageError('No key id given.', 'Pass one or more key ids, or - to read them from standard input.');
  const results = all.map((id) => {
    const a = analyzeKeyId(id);
    // A secret or token pasted among the ids (a credentials file piped in) is not a key id: no part of it is shown,
    // not its first and last four characters as a masked id, nor its "prefix"; --unmask is for key ids only. Ids are
    // no paths: any run a key id cannot hold (lower case, + or /) of a secret's length goes, as from a server's text.
    const scrubbed = a.wellFormed ? id : scrubSecrets(id);
    const secret = scrubbed.includes(' removed]');
    const canary = secret ? null : canaryService(a.derivedAccount);
    return {
      AccessKeyId: secret ? scrubbed : unmask ? id : a.masked,
      Prefix: secret ? null : a.prefix,
      KeyType: a.type,
      Description: a.description,
      Account: a.derivedAccount,
      AccountSource: a.derivedAccount ? 'derived' : null,
      ...(secret ? { Note: 'looks like a secret access key or session token, not a key id: not shown' } : a.derivedAccountNote ? { Note: a.derivedAccountNote } : {}),
      ...(canary ? { CanaryService: canary, Warning: canaryWarning(canary) } : {}),
      WellFormed: a.wellFormed,
    };
  });
  if (output === 'text') {
    // A canary key's warning is a sixth field: the other keys' lines stay as they were.
    for (const r of results) io.stdout(`${[r.AccessKeyId, r.KeyType, r.Account ?? '-', r.AccountSource ?? '-', r.Description, ...(r.Warning ? [r.Warning] : [])].map(escapeControls).join('\t')}\n`);
  } else {
    io.stdout(formatOutput(output === 'json' ? { Keys: results } : results, output, 'Inspect'));
  }
  return results.every((r) => r.WellFormed) ? EXIT.ok : EXIT.usage;
}
