/** `chain` with the item at `index` swapped with its neighbour `by` places away (±1). */
export function moveItem<T>(chain: readonly T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (target < 0 || target >= chain.length) return [...chain];
  const next = [...chain];
  [next[index], next[target]] = [next[target] as T, next[index] as T];
  return next;
}
