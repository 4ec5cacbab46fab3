/**
 * A readiness probe over the booking path itself: it fails while the store's oldest call in
 * flight has waited longer than `limitMs` (a lock held elsewhere, a frozen or lost database, a
 * pool exhausted by stuck sessions). A probe query alone can answer from a free session while
 * every hold of the process waits, so readiness would say 200 to a process that sells nothing.
 */
export const DEFAULT_STALLED_AFTER_MS = 5000;

export function stalledStoreProbe(store: { oldestCallAgeMs?(): number }, limitMs: number): (() => Promise<void>) | undefined {
  if (!store.oldestCallAgeMs || limitMs <= 0) return undefined;
  const age = store.oldestCallAgeMs.bind(store);
  return async () => {
    const oldest = age();
    if (oldest > limitMs) throw new Error(`a store call has been waiting ${Math.round(oldest)} ms (limit ${limitMs} ms)`);
  };
}
