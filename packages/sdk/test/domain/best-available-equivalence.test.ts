import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availabilityBits, bestAvailable, countAvailable, forEachAvailable, mayHoldBlock, nextAvailable, nextUnavailable, bestAvailableIn, buildSeatLayout, RowBlockIndex, type SectionOrder, type SnapshotSeat } from '../../src/domain/best-available.js';
import { referenceBestAvailable } from './best-available-reference.js';

/**
 * The fast best-available (layout built once, rows walked best-first, top-k kept, early exit)
 * must return exactly what the original full build-and-sort returned: the same blocks in the
 * same order, the same spread (given the same random numbers), the same fallback.
 */

const sectionIds = ['A', 'B', 'C', 'D'] as const;

/** A random venue: seated rows (with gaps and odd starts), GA areas, sections missing from the orders. */
const venue = fc
  .record({
    sections: fc.array(
      fc.record({
        ga: fc.boolean(),
        rank: fc.integer({ min: 0, max: 2 }),
        listed: fc.boolean(),
        rows: fc.array(
          fc.record({ seats: fc.integer({ min: 1, max: 14 }), first: fc.integer({ min: 1, max: 3 }), gapAt: fc.integer({ min: 0, max: 20 }), listed: fc.boolean() }),
          { minLength: 1, maxLength: 4 },
        ),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    seed: fc.integer(),
    // In seat-map order (as the stores keep them) rows are contiguous and counted by the word.
    inOrder: fc.boolean(),
  })
  .map(({ sections, seed, inOrder }) => {
    const orders = new Map<string, SectionOrder>();
    const seats: Omit<SnapshotSeat, 'available'>[] = [];
    sections.forEach((s, si) => {
      const id = sectionIds[si]!;
      const labels = s.rows.map((_, ri) => `R${ri}`);
      if (s.listed) orders.set(id, { rank: s.rank, rows: labels.filter((_, ri) => s.rows[ri]!.listed) });
      s.rows.forEach((r, ri) => {
        for (let k = 0; k < r.seats; k++) {
          const price = [50, 100, 200][(k + ri + si) % 3]!;
          if (s.ga) seats.push({ id: `${id}-${ri}-${k}`, section: id, row: null, seat: null, price });
          else seats.push({ id: `${id}-${ri}-${k}`, section: id, row: labels[ri]!, seat: r.first + k + (k >= r.gapAt ? 1 : 0), price });
        }
      });
    });
    return { orders, seats: inOrder ? seats : shuffled(seats, seed) };
  });

const request = fc.record({
  quantity: fc.integer({ min: 1, max: 5 }),
  section: fc.option(fc.constantFrom(...sectionIds), { nil: undefined }),
  maxPrice: fc.option(fc.constantFrom(50, 100, 150, 200), { nil: undefined }),
  adjacent: fc.option(fc.boolean(), { nil: undefined }),
});

const options = fc.record({
  limit: fc.integer({ min: 1, max: 12 }),
  spread: fc.integer({ min: 0, max: 8 }),
  spreadTolerance: fc.integer({ min: 0, max: 8 }),
  randomSeed: fc.integer({ min: 1, max: 233_279 }),
});

describe('bestAvailable (fast) against the original algorithm', () => {
  it('returns the same candidates in the same order, spread alike', () => {
    fc.assert(
      fc.property(venue, fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }), request, options, ({ orders, seats }, taken, req, opts) => {
        const snapshot = seats.map((s, i) => ({ ...s, available: !taken[i % taken.length] }));
        const { randomSeed, ...rest } = opts;
        const expected = referenceBestAvailable(snapshot, orders, req, { ...rest, random: lcg(randomSeed) });
        const actual = bestAvailable(snapshot, orders, req, { ...rest, random: lcg(randomSeed) });
        expect(actual).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('counts available bits over any range', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 200 }), fc.nat(), fc.nat(), (flags, a, b) => {
        const bits = availabilityBits(flags);
        const [lo, hi] = [a % flags.length, b % flags.length].sort((x, y) => x - y) as [number, number];
        expect(countAvailable(bits, lo, hi)).toBe(flags.slice(lo, hi + 1).filter(Boolean).length);
        const firstFrom = (want: boolean) => {
          const k = flags.slice(lo, hi + 1).findIndex((f) => f === want);
          return k < 0 ? hi + 1 : lo + k;
        };
        expect(nextAvailable(bits, lo, hi)).toBe(firstFrom(true));
        const runs = flags.slice(lo, hi + 1).map((f) => (f ? '1' : '0')).join('').split('0').map((r) => r.length);
        for (const n of [1, 2, 3, 5]) {
          const any = runs.some((r) => r >= n);
          const orphanFree = runs.some((r) => r === n || r >= n + 2);
          // Exact up to 32 positions; beyond, it may only say "maybe".
          if (hi - lo + 1 <= 32) {
            expect(mayHoldBlock(bits, lo, hi, n, false)).toBe(any);
            expect(mayHoldBlock(bits, lo, hi, n, true)).toBe(orphanFree);
          } else if (orphanFree) {
            expect(mayHoldBlock(bits, lo, hi, n, true)).toBe(true);
          }
        }
        expect(nextUnavailable(bits, lo, hi)).toBe(firstFrom(false));
        const seen: number[] = [];
        forEachAvailable(bits, (p) => seen.push(p));
        expect(seen).toEqual(flags.flatMap((f, i) => (f ? [i] : [])));
      }),
      { numRuns: 2000 },
    );
  });

  it('reuses one layout across availability changes', () => {
    fc.assert(
      fc.property(venue, fc.array(fc.tuple(fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), request), { minLength: 1, maxLength: 8 }), ({ orders, seats }, rounds) => {
        const layout = buildSeatLayout(seats, orders);
        // The row index follows the reads one after another, as a hold service keeps it.
        const index = new RowBlockIndex(layout);
        for (const [taken, req] of rounds) {
          const snapshot = seats.map((s, i) => ({ ...s, available: !taken[i % taken.length] }));
          expect(bestAvailableIn({ layout, available: availabilityBits(snapshot.map((s) => s.available)), index }, req, { limit: 8 })).toEqual(referenceBestAvailable(snapshot, orders, req, { limit: 8 }));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('stops at the first row that cannot compete, yet finds the best block behind sold-out rows', () => {
    const orders = new Map<string, SectionOrder>([['S', { rank: 0, rows: Array.from({ length: 200 }, (_, r) => `R${r}`) }]]);
    const seats: SnapshotSeat[] = [];
    for (let r = 0; r < 200; r++) {
      for (let k = 1; k <= 40; k++) seats.push({ id: `S-${r}-${k}`, section: 'S', row: `R${r}`, seat: k, price: 100, available: r >= 150 });
    }
    const layout = buildSeatLayout(seats, orders);
    // Counts which rows the search looks at (rows are in rank order: index r is row R{r}).
    let furthest = -1;
    const rows = new Proxy(layout.rows, {
      get: (target, key, receiver) => (typeof key === 'string' && /^\d+$/.test(key) && (furthest = Math.max(furthest, Number(key))), Reflect.get(target, key, receiver)),
    });
    const [best] = bestAvailableIn({ layout: { ...layout, rows }, available: availabilityBits(seats.map((s) => s.available)) }, { quantity: 2 }, { limit: 8 });
    expect(best?.ticketIds).toEqual(['S-150-20', 'S-150-21']);
    // The 150 sold-out rows, the first free one, and the next (which stops the walk): no more.
    expect(furthest).toBe(151);
    expect(bestAvailable(seats, orders, { quantity: 2 }, { limit: 8 })).toEqual(referenceBestAvailable(seats, orders, { quantity: 2 }, { limit: 8 }));
  });
});

function lcg(seed: number): () => number {
  let r = seed;
  return () => (r = (r * 9301 + 49297) % 233280) / 233280;
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  const random = lcg(Math.abs(seed % 233280) + 1);
  for (let k = out.length - 1; k > 0; k--) {
    const r = Math.floor(random() * (k + 1));
    [out[k], out[r]] = [out[r]!, out[k]!];
  }
  return out;
}
