/**
 * One line of a key list (review --keys, the app's pasted key ids): the id it starts with, and whether a secret
 * followed it (after a comma, tab, colon, semicolon or spaces, quoted or not). Shared: the review reads the ids, and
 * the page keeps only the ids in its box once they are sent.
 */
export function splitKeyListLine(line: string): { id: string; secret: boolean } {
  const m = /^"?([^\s,:;"]+)"?(?:\s*[,:;\t ]\s*"?(\S.*?)"?)?\s*$/.exec(line);
  return { id: m?.[1] ?? '', secret: Boolean(m?.[2]) };
}

/** The key list with each line that holds an id and a secret cut to its id; how many lines were cut. */
export function keyListIdsOnly(text: string): { text: string; cut: number } {
  let cut = 0;
  const lines = text.split(/\r?\n/).map((raw) => {
    const { id, secret } = splitKeyListLine(raw.trim());
    // Only a line that starts with an id: the console's header ("Access key ID,Secret access key") stays as it is.
    if (!secret || !/^[A-Z0-9]{16,128}$/.test(id)) return raw;
    cut += 1;
    return id;
  });
  return { text: lines.join('\n'), cut };
}
