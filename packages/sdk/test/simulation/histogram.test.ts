import { describe, expect, it } from 'vitest';
import { LatencyHistogram, seededRandom } from '../../src/index.js';

function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

describe('LatencyHistogram', () => {
  it('is empty at first', () => {
    const h = new LatencyHistogram();
    expect(h.count).toBe(0);
    expect(h.summary()).toEqual({ count: 0, min: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
  });

  it('keeps percentiles within 1% of the exact ones, from microseconds to minutes', () => {
    const random = seededRandom(7);
    const values: number[] = [];
    const h = new LatencyHistogram();
    for (let i = 0; i < 50_000; i++) {
      // log-uniform over 1 µs .. 100 s, rounded to the microsecond the histogram keeps
      const ms = Math.round(10 ** (random() * 8 - 3) * 1e6) / 1e6;
      values.push(Math.round(ms * 1000) / 1000);
      h.record(ms);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.01, 0.5, 0.9, 0.99, 0.999]) {
      const exact = exactQuantile(values, q);
      const got = h.quantile(q);
      expect(got).toBeGreaterThanOrEqual(exact);
      expect(got).toBeLessThanOrEqual(exact * 1.01 + 0.001);
    }
    const s = h.summary();
    expect(s.count).toBe(50_000);
    expect(s.min).toBe(values[0]);
    expect(s.max).toBe(values.at(-1));
    expect(h.quantile(1)).toBe(values.at(-1));
  });

  it('counts small values exactly and clamps absurd ones', () => {
    const h = new LatencyHistogram();
    for (const ms of [0.001, 0.002, 0.002, 0.1, -5]) h.record(ms);
    expect(h.quantile(0.2)).toBe(0);
    expect(h.quantile(0.6)).toBe(0.002);
    h.record(1e12);
    expect(h.summary().max).toBeCloseTo(4_294_967.295, 3);
  });

  it('merges and resets', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    for (let i = 1; i <= 100; i++) a.record(i);
    for (let i = 101; i <= 200; i++) b.record(i);
    a.merge(b);
    expect(a.count).toBe(200);
    expect(a.quantile(0.5)).toBeGreaterThanOrEqual(100);
    expect(a.quantile(0.5)).toBeLessThanOrEqual(101);
    expect(a.summary().max).toBe(200);
    a.reset();
    expect(a.count).toBe(0);
    expect(a.quantile(0.5)).toBe(0);
  });
});
