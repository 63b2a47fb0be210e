/** `keyscope inspect KEY_ID…`: offline analysis; nothing is sent anywhere. */
import { analyzeKeyId } from '../core/keys/key-id.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { escapeControls, formatOutput, type OutputFormat } from './output.js';

/** Analyses ids given as arguments, or read one a line from standard input with `-`; `unmask` prints them whole. */
export async function runInspect(ids: readonly string[], output: OutputFormat, io: CliIo, unmask = false): Promise<number> {
  const all = ids.length === 1 && ids[0] === '-' ? (await io.readStdin()).split(/\s+/).filter(Boolean) : [...ids];
  if (all.length === 0) throw new UsageError('No key id given.', 'Pass one or more key ids, or - to read them from standard input.');
  const results = all.map((id) => {
    const a = analyzeKeyId(id);
    return {
      AccessKeyId: unmask ? id : a.masked,
      Prefix: a.prefix,
      KeyType: a.type,
      Description: a.description,
      Account: a.derivedAccount,
      AccountSource: a.derivedAccount ? 'derived' : null,
      ...(a.derivedAccountNote ? { Note: a.derivedAccountNote } : {}),
      WellFormed: a.wellFormed,
    };
  });
  if (output === 'text') {
    for (const r of results) io.stdout(`${[r.AccessKeyId, r.KeyType, r.Account ?? '-', r.AccountSource ?? '-', r.Description].map(escapeControls).join('\t')}\n`);
  } else {
    io.stdout(formatOutput(output === 'json' ? { Keys: results } : results, output, 'Inspect'));
  }
  return results.every((r) => r.WellFormed) ? EXIT.ok : EXIT.usage;
}
