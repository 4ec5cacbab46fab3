/**
 * A small, fast, seedable random source (mulberry32) and the helpers the catalog generator
 * draws with. Deterministic across platforms: only 32-bit integer arithmetic and IEEE doubles.
 */
import { fnv1a, mix32, mulberry32 } from '../domain/seeded-random.js';

export type Random = () => number;

/** FNV-1a over a string, then mixed: a 32-bit seed from any text or number. */
export function hashSeed(value: string | number): number {
  return mix32(fnv1a(String(value)));
}

export { mix32, mulberry32 };

/** The random source of item `index` of stream `stream`: independent of every other item. */
export function streamRandom(seed: number, stream: number, index: number): Random {
  return mulberry32(mix32(seed ^ mix32(stream * 0x9e3779b1 + index)));
}

export function intBetween(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Cumulative weights, for `pickWeighted`. */
export function cumulative(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i]!;
    out[i] = sum;
  }
  return out;
}

/** An index drawn with probability proportional to its weight (binary search, O(log n)). */
export function pickWeighted(random: Random, cumulativeWeights: Float64Array): number {
  const total = cumulativeWeights[cumulativeWeights.length - 1] ?? 0;
  const target = random() * total;
  let lo = 0;
  let hi = cumulativeWeights.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulativeWeights[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A heavy-tailed weight in (0, 1]: most items small, a few large (popularity, tour size). */
export function heavyTail(random: Random, exponent = 3): number {
  return Math.max(1e-3, random() ** exponent);
}
