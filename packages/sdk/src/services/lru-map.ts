export interface LruMapOptions<V> {
  /** Entries kept at most. */
  readonly max: number;
  /** Total size kept at most, as `sizeOf` measures entries (default: no bound). */
  readonly maxSize?: number;
  /** An entry's size (default 0). */
  readonly sizeOf?: (value: V, key: string) => number;
  /** The clock entries' lifetimes are read on, in ms (default `performance.now`). */
  readonly now?: () => number;
}

interface Entry<V> {
  readonly value: V;
  readonly size: number;
  readonly expiresAt: number;
}

/**
 * A map that drops its least recently used entries past a count or a total size, each entry
 * with an optional lifetime. What the search caches need and no more: it replaced the
 * `lru-cache` package, whose 4 MB installed was a third of the SDK's install.
 * A `Map` keeps insertion order, and a read re-inserts its entry, so the first key is always
 * the least recently used one.
 */
export class LruMap<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #options: LruMapOptions<V>;
  readonly #now: () => number;
  #size = 0;

  constructor(options: LruMapOptions<V>) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Entries held (expired ones included until they are read or pushed out). */
  get count(): number {
    return this.#entries.size;
  }

  /** The value of a live entry, which becomes the most recently used; undefined when absent or expired. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.delete(key);
    if (entry.expiresAt <= this.#now()) return undefined;
    this.#entries.set(key, entry);
    this.#size += entry.size;
    return entry.value;
  }

  /** Stores `value` for `ttlMs` (default: until pushed out); an entry bigger than `maxSize` is not kept. */
  set(key: string, value: V, ttlMs?: number): void {
    this.delete(key);
    const size = this.#options.sizeOf?.(value, key) ?? 0;
    const maxSize = this.#options.maxSize ?? Infinity;
    if (size > maxSize) return;
    this.#entries.set(key, { value, size, expiresAt: ttlMs === undefined ? Infinity : this.#now() + ttlMs });
    this.#size += size;
    while (this.#entries.size > this.#options.max || this.#size > maxSize) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  delete(key: string): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    this.#entries.delete(key);
    this.#size -= entry.size;
    return true;
  }

  clear(): void {
    this.#entries.clear();
    this.#size = 0;
  }
}
