/**
 * A bounded memo of a pure function of a string: what every request recomputes from text that is
 * the same on every request (an operator's system prompt) is computed once. Least recently used
 * entries go first; keys longer than `maxKeyChars` are never kept, so the memory held is bounded
 * by entries × maxKeyChars plus the values.
 */
export interface StringMemo<V> {
  get(key: string): V;
  readonly size: number;
}

export function memoizeString<V>(compute: (key: string) => V, options: { entries: number; maxKeyChars: number }): StringMemo<V> {
  const map = new Map<string, V>();
  return {
    get(key) {
      if (key.length > options.maxKeyChars) return compute(key);
      const hit = map.get(key);
      if (hit !== undefined || map.has(key)) {
        // Re-inserting moves the key to the end: Map iteration order is insertion order.
        map.delete(key);
        map.set(key, hit as V);
        return hit as V;
      }
      const value = compute(key);
      map.set(key, value);
      if (map.size > options.entries) map.delete(map.keys().next().value as string);
      return value;
    },
    get size() {
      return map.size;
    },
  };
}
