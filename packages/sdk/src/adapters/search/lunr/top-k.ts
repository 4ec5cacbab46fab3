/**
 * The k best of the first `count` rows, in order, without sorting them all: a bounded heap whose
 * root is the worst row kept so far (O(n log k)). With `key` (higher is better, ties broken by
 * `compare`), a row is turned away by one number comparison with the root, which is what most
 * rows of a generic keyword's tens of thousands of matches get; no closure runs for them.
 */
export type Compare = (a: number, b: number) => number;

export function topK(rows: ArrayLike<number>, count: number, k: number, compare: Compare, key?: Float64Array): number[] {
  const order: Compare = key ? (a, b) => key[b]! - key[a]! || compare(a, b) : compare;
  if (count <= Math.max(256, k * 4)) return Array.from({ length: count }, (_, i) => rows[i]!).sort(order).slice(0, k);
  if (k <= 0) return [];
  const heap: number[] = [];
  const worse = (a: number, b: number) => order(a, b) > 0;
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let i = 0; i < count; i++) {
    const row = rows[i]!;
    if (heap.length < k) {
      heap.push(row);
      up(heap.length - 1);
      continue;
    }
    const root = heap[0]!;
    if (key !== undefined) {
      const d = key[row]! - key[root]!;
      if (d < 0 || (d === 0 && compare(row, root) >= 0)) continue;
    } else if (compare(row, root) >= 0) continue;
    heap[0] = row;
    down(0);
  }
  return heap.sort(order);
}
