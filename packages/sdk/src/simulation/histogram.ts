/**
 * A latency histogram in the manner of HdrHistogram: log-linear buckets over integer
 * microseconds, 128–256 linear sub-buckets per power of two, so every recorded value is kept
 * to within 1/128 (< 0.8 %) of its true value from 1 µs to ~70 minutes, in a fixed 26 KB.
 * Recording is O(1) with no allocation; histograms merge by adding counts.
 *
 * Why our own and not `hdr-histogram-js`: this is ~100 lines with no dependency, no WASM and
 * no global state, exactly what the simulator needs (record, merge, reset, percentiles), and
 * it is tested here (`test/simulation/histogram.test.ts`) against exact percentiles.
 */

const SUB_BITS = 8;
/** Values below this are counted exactly, one bucket each. */
const LINEAR = 1 << SUB_BITS;
const HALF = LINEAR >> 1;
/** Values are clamped to 2^32 − 1 µs (about 71 minutes). */
const MAX_VALUE = 0xffff_ffff;
const BUCKETS = LINEAR + (32 - SUB_BITS) * HALF;

/** Percentile summary of one step's latencies, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

function indexOf(us: number): number {
  if (us < LINEAR) return us;
  const shift = 31 - Math.clz32(us) - (SUB_BITS - 1); // us >>> shift lands in [HALF, LINEAR)
  return LINEAR + (shift - 1) * HALF + ((us >>> shift) - HALF);
}

/** The largest value (µs) that falls in bucket `index`: percentiles never understate. */
function highestOf(index: number): number {
  if (index < LINEAR) return index;
  const shift = Math.floor((index - LINEAR) / HALF) + 1;
  const sub = ((index - LINEAR) % HALF) + HALF;
  return (sub + 1) * 2 ** shift - 1;
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private sumUs = 0;
  private minUs = Number.POSITIVE_INFINITY;
  private maxUs = 0;

  /** Records one latency given in milliseconds (fractions allowed; negatives count as 0). */
  record(ms: number): void {
    const us = Math.min(MAX_VALUE, Math.max(0, Math.round(ms * 1000)));
    this.counts[indexOf(us)]! += 1;
    this.total++;
    this.sumUs += us;
    if (us < this.minUs) this.minUs = us;
    if (us > this.maxUs) this.maxUs = us;
  }

  get count(): number {
    return this.total;
  }

  /** The latency (ms) at or below which `q` (0–1) of the recorded values fall; 0 when empty. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    if (q >= 1) return this.maxUs / 1000;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.maxUs, Math.max(this.minUs, highestOf(i))) / 1000;
    }
    return this.maxUs / 1000;
  }

  /** Adds another histogram's values to this one. */
  merge(other: LatencyHistogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.total += other.total;
    this.sumUs += other.sumUs;
    this.minUs = Math.min(this.minUs, other.minUs);
    this.maxUs = Math.max(this.maxUs, other.maxUs);
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sumUs = 0;
    this.minUs = Number.POSITIVE_INFINITY;
    this.maxUs = 0;
  }

  summary(): LatencySummary {
    const ms = (us: number) => Math.round(us) / 1000;
    return {
      count: this.total,
      min: this.total === 0 ? 0 : ms(this.minUs),
      mean: this.total === 0 ? 0 : ms(this.sumUs / this.total),
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p99: this.quantile(0.99),
      p999: this.quantile(0.999),
      max: ms(this.maxUs),
    };
  }
}
