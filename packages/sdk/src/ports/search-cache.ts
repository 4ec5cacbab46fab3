/**
 * The search result cache port: a key-value store with per-entry lifetimes for rendered
 * search and suggestion results. A cache is never a reason for a search to fail: adapters
 * answer a miss when their backend is unreachable, and a failed write is dropped.
 * Adapters: memory (one process, LRU-bounded) and Redis (shared by every process).
 */
export interface SearchCache {
  /** `memory` or `redis`, for logs and reports. */
  readonly kind: string;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}
