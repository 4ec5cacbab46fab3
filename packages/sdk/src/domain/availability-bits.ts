/**
 * Availability as one bit per seat position (set: available). Compact to read and to copy
 * (50,000 seats are 1,563 words), and a row's free seats are counted a word at a time, so a
 * sold-out row costs best-available a couple of operations instead of a look at every seat.
 */

/** Bits from one flag per position (truthy: available). */
export function availabilityBits(flags: ArrayLike<number | boolean>): Uint32Array {
  const bits = new Uint32Array(Math.ceil(flags.length / 32));
  for (let i = 0; i < flags.length; i++) if (flags[i]) bits[i >>> 5] = bits[i >>> 5]! | (1 << (i & 31));
  return bits;
}

export function isAvailableAt(bits: Uint32Array, position: number): boolean {
  return ((bits[position >>> 5]! >>> (position & 31)) & 1) === 1;
}

/** How many positions from `lo` to `hi` (both included) are available. */
export function countAvailable(bits: Uint32Array, lo: number, hi: number): number {
  const first = lo >>> 5;
  const last = hi >>> 5;
  const lowMask = ~0 << (lo & 31);
  const highMask = ~0 >>> (31 - (hi & 31));
  if (first === last) return popcount(bits[first]! & lowMask & highMask);
  let n = popcount(bits[first]! & lowMask) + popcount(bits[last]! & highMask);
  for (let w = first + 1; w < last; w++) n += popcount(bits[w]!);
  return n;
}

/**
 * Whether positions `lo` to `hi` hold `n` consecutive available ones (with `noOrphan`: placed
 * so as to leave no single seat alone beside them, i.e. a run of exactly `n` or of at least
 * `n + 2`). Exact for ranges of up to 32 positions (one word, ANDed with itself shifted);
 * longer ranges answer true, and the caller looks at the runs themselves.
 */
export function mayHoldBlock(bits: Uint32Array, lo: number, hi: number, n: number, noOrphan: boolean): boolean {
  const length = hi - lo + 1;
  if (length > 32) return true;
  if (n > length) return false;
  const w = lo >>> 5;
  const offset = lo & 31;
  let word = bits[w]! >>> offset;
  if (offset !== 0 && offset + length > 32) word |= (bits[w + 1] ?? 0) << (32 - offset);
  if (length < 32) word &= (1 << length) - 1;
  const runsOfN = runStarts(word, n);
  if (!noOrphan || runsOfN === 0) return runsOfN !== 0;
  // A run starting at s: s - 1 free is excluded by `word << 1`; exactly n: s + n not free.
  const exactlyN = runsOfN & ~(word << 1) & ~(word >>> n);
  return exactlyN !== 0 || runStarts(word, n + 2) !== 0;
}

/** Bit s set when bits s to s + n - 1 of `word` are all set. */
function runStarts(word: number, n: number): number {
  let runs = word;
  for (let k = 1; k < n && runs !== 0; k++) runs &= word >>> k;
  return runs;
}

/** Calls `fn` with every available position, in order. */
export function forEachAvailable(bits: Uint32Array, fn: (position: number) => void): void {
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w]!;
    while (word !== 0) {
      const low = word & -word;
      fn((w << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
}

/** The first available position from `from` to `to` (both included), or `to + 1`. */
export function nextAvailable(bits: Uint32Array, from: number, to: number): number {
  return nextWith(bits, from, to, 0);
}

/** The first unavailable position from `from` to `to` (both included), or `to + 1`. */
export function nextUnavailable(bits: Uint32Array, from: number, to: number): number {
  return nextWith(bits, from, to, ~0);
}

/** Scans whole words: `flip` 0 finds a set bit, ~0 a clear one. */
function nextWith(bits: Uint32Array, from: number, to: number, flip: number): number {
  if (from > to) return to + 1;
  let w = from >>> 5;
  let word = ((bits[w] ?? 0) ^ flip) & (~0 << (from & 31));
  const lastWord = to >>> 5;
  while (word === 0) {
    if (++w > lastWord) return to + 1;
    word = (bits[w] ?? 0) ^ flip;
  }
  return Math.min((w << 5) + 31 - Math.clz32(word & -word), to + 1);
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
