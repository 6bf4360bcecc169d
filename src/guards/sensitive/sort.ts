/**
 * Sorts `items` in place, stably, in the order Array.prototype.sort gives with the same
 * comparator. A text yields a handful of findings or prefix hits, and for so few an insertion
 * sort needs no work array: the built-in sort allocated one per call, the largest allocation of
 * the secrets detector (`node scripts/profile-sensitive.mjs` for the cost of each detector).
 */
export function sortInPlace<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  if (items.length > 16) return items.sort(compare);
  for (let i = 1; i < items.length; i++) {
    const x = items[i]!;
    let j = i - 1;
    while (j >= 0 && compare(items[j]!, x) > 0) {
      items[j + 1] = items[j]!;
      j--;
    }
    items[j + 1] = x;
  }
  return items;
}
