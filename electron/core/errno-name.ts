/**
 * The errno name of a failed system call. Node 20's libuv has no name for a few errors the kernel gives: over a disk
 * quota, fs.writeSync's error says code "UNKNOWN" and fsyncSync's "Unknown system error -122", errno -122 both. The
 * number has a name (EDQUOT) in the platform's errno table, read only on this rare path: a cold `keyscope verify`
 * does not load node:os.
 */
export function errnoName(e: unknown, fallback = 'EIO'): string {
  const { code, errno } = (e ?? {}) as NodeJS.ErrnoException;
  if (typeof errno === 'number' && (code === undefined || code === 'UNKNOWN' || code.startsWith('Unknown system error'))) {
    const names = process.getBuiltinModule('node:os').constants.errno as Readonly<Record<string, number>>;
    const name = Object.keys(names).find((n) => names[n] === -errno);
    if (name) return name;
  }
  return code ?? fallback;
}
