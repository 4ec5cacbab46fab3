import type { SearchCache } from '../../ports/search-cache.js';
import { LruMap } from '../../services/lru-map.js';

export interface MemorySearchCacheOptions {
  /** Entries kept at most (default 10,000). */
  maxEntries?: number;
  /** Characters kept at most over all entries (default 64 Mi: about 128 MB of strings). */
  maxChars?: number;
}

/** Search results in this process's memory, least recently used dropped first. */
export class MemorySearchCache implements SearchCache {
  readonly kind = 'memory';
  private readonly entries: LruMap<string>;

  constructor(options: MemorySearchCacheOptions = {}) {
    this.entries = new LruMap<string>({
      max: options.maxEntries ?? 10_000,
      maxSize: options.maxChars ?? 64 * 1024 * 1024,
      sizeOf: (value, key) => value.length + key.length,
    });
  }

  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, value, Math.max(1, Math.round(ttlMs)));
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
