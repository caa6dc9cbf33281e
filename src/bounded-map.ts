/**
 * Sets `key` in a per-isolate memo that holds at most `max` entries: when it is full, the entry set
 * longest ago goes first (a Map keeps insertion order), so a memo of hot keys cannot grow without
 * end however many distinct keys it is asked for.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (!map.has(key) && map.size >= max) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
}
