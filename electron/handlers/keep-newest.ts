/** A map the handlers hold things in for the window (previews, imported reports, finished reviews), newest kept. */

/** Sets `key` to `value`, then drops the oldest entries past `limit`, handing each to `drop`. */
export function keepNewest<K, V>(map: Map<K, V>, key: K, value: V, limit: number, drop: (v: V) => void = () => undefined): void {
  map.set(key, value);
  for (const [oldest, v] of map) {
    if (map.size <= limit) break;
    map.delete(oldest);
    drop(v);
  }
}
