/**
 * Sets `key` in a per-isolate memo that holds at most `max` entries. Setting a key makes it the
 * newest (a Map keeps insertion order, so it is taken out and put back); when the memo is full,
 * the entry set longest ago goes first. A memo of hot keys, set again as they are used, keeps
 * them, and cannot grow without end however many distinct keys it is asked for.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (!map.delete(key) && map.size >= max) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
}
