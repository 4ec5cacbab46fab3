import type { UnitTable } from './units.js';

/**
 * One query word's matches per event row: the best score over every unit and spelling the
 * word reaches (`score[i]` belongs to `rows[i]`). Generic words ("tour", "show", "new") reach
 * units carrying tens of thousands of events, and expanding them (prefix, typos) and spreading
 * unit scores over rows was most of a query's time; the result depends only on the word and
 * the build, so each snapshot keeps the recent ones (`WordHitsCache`) and a repeated word costs
 * one typed-array pass instead.
 */
export interface WordHits {
  readonly rows: Int32Array;
  readonly score: Float64Array;
}

/**
 * Spreads per-unit scores over the units' rows, keeping each row's best. `best` and `buffer`
 * are scratch arrays of the catalog's size; `best` must be all zero and is left so.
 */
export function spreadUnitScores(units: UnitTable, unitBest: ReadonlyMap<number, number>, best: Float64Array, buffer: Int32Array): WordHits {
  const { rowStart, rowFlat } = units;
  let m = 0;
  for (const [u, s] of unitBest) {
    for (let i = rowStart[u]!, end = rowStart[u + 1]!; i < end; i++) {
      const row = rowFlat[i]!;
      const b = best[row]!;
      if (b === 0) buffer[m++] = row;
      if (s > b) best[row] = s;
    }
  }
  const rows = buffer.slice(0, m);
  const score = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const row = rows[i]!;
    score[i] = best[row]!;
    best[row] = 0;
  }
  return { rows, score };
}

/**
 * Least-recently-used word hits, bounded by the rows they hold (12 bytes each), so memory stays
 * proportional to the catalog whatever the query stream. A word reaching more rows than the
 * whole budget is not kept.
 */
export class WordHitsCache {
  readonly #entries = new Map<string, WordHits>();
  #rows = 0;

  constructor(readonly maxRows: number) {}

  get(key: string): WordHits | undefined {
    const hits = this.#entries.get(key);
    if (hits !== undefined) {
      // Re-insert: a Map iterates in insertion order, so its first key is the least recent.
      this.#entries.delete(key);
      this.#entries.set(key, hits);
    }
    return hits;
  }

  set(key: string, hits: WordHits): void {
    if (hits.rows.length > this.maxRows || this.#entries.has(key)) return;
    for (const [oldest, old] of this.#entries) {
      if (this.#rows + hits.rows.length <= this.maxRows) break;
      this.#entries.delete(oldest);
      this.#rows -= old.rows.length;
    }
    this.#entries.set(key, hits);
    this.#rows += hits.rows.length;
  }

  /** Rows held across all entries (for tests). */
  get rows(): number {
    return this.#rows;
  }
}
