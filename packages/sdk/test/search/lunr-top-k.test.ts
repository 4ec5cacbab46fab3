import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topK } from '../../src/adapters/search/lunr/top-k.js';
import { WordHitsCache } from '../../src/adapters/search/lunr/word-hits.js';

/** The lunr engine's ranking helpers: top-k equals a full sort; the word-hits cache stays bounded. */
describe('lunr topK', () => {
  it('returns exactly the first k of a full sort, with and without a numeric key, ties included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 2000 }), fc.integer({ min: 1, max: 60 }), (keys, k) => {
        const n = keys.length;
        // Few distinct keys: many ties, broken by the row number (like the id tie-break).
        const key = Float64Array.from(keys);
        const byRow = (a: number, b: number) => a - b;
        const rows = Int32Array.from({ length: n }, (_, i) => (i * 7919) % Math.max(1, n)).filter((r, i, all) => all.indexOf(r) === i);
        const expected = [...rows].sort((a, b) => key[b]! - key[a]! || byRow(a, b)).slice(0, k);
        expect(topK(rows, rows.length, k, byRow, key)).toEqual(expected);
        expect(topK(rows, rows.length, k, (a, b) => key[b]! - key[a]! || byRow(a, b))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('only reads the first `count` rows', () => {
    const rows = Int32Array.from({ length: 1000 }, (_, i) => i);
    expect(topK(rows, 500, 3, (a, b) => b - a)).toEqual([499, 498, 497]);
  });
});

describe('lunr word-hits cache', () => {
  const hits = (n: number) => ({ rows: new Int32Array(n), score: new Float64Array(n) });

  it('keeps the most recently used words within its row budget', () => {
    const cache = new WordHitsCache(100);
    cache.set('a', hits(40));
    cache.set('b', hits(40));
    expect(cache.get('a')).toBeDefined(); // now b is the least recent
    cache.set('c', hits(40));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.rows).toBe(80);
  });

  it('does not keep a word larger than the whole budget', () => {
    const cache = new WordHitsCache(100);
    cache.set('a', hits(10));
    cache.set('huge', hits(101));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
  });
});
