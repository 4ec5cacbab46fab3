import { describe, expect, it } from 'vitest';
import { bestAvailable, type SnapshotSeat, type SectionOrder } from '../../src/domain/best-available.js';

/** A row of seats 1..n, `taken` ones unavailable. */
function row(section: string, label: string, n: number, taken: number[] = [], price = 100): SnapshotSeat[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${section}-${label}-${i + 1}`, section, row: label, seat: i + 1, price, available: !taken.includes(i + 1) }));
}

const orders = new Map<string, SectionOrder>([
  ['A', { rank: 0, rows: ['1', '2'] }],
  ['B', { rank: 1, rows: ['1'] }],
  ['GA', { rank: 2, rows: [] }],
]);

describe('bestAvailable', () => {
  it('prefers the front row of the best section, centred', () => {
    const snapshot = [...row('A', '1', 10), ...row('A', '2', 10), ...row('B', '1', 10)];
    const [best] = bestAvailable(snapshot, orders, { quantity: 2 });
    expect(best?.ticketIds).toEqual(['A-1-5', 'A-1-6']);
  });

  it('never leaves a single orphan seat when another block fits', () => {
    // Seats 1-3 free, 4 taken, 5-10 taken except... a run of 3 can only hold 2 by orphaning one.
    const snapshot = [...row('A', '1', 10, [4, 5, 6, 7, 8, 9, 10]), ...row('A', '2', 10, [1, 2, 3, 4, 7, 8, 9, 10])];
    const [best] = bestAvailable(snapshot, orders, { quantity: 2 });
    expect(best?.ticketIds).toEqual(['A-2-5', 'A-2-6']);
    expect(best?.leavesOrphan).toBe(false);
  });

  it('honours the section and price ceiling, and reports nothing when nothing fits', () => {
    const snapshot = [...row('A', '1', 10, [], 200), ...row('B', '1', 10, [], 80)];
    expect(bestAvailable(snapshot, orders, { quantity: 3, maxPrice: 100 })[0]?.section).toBe('B');
    expect(bestAvailable(snapshot, orders, { quantity: 3, section: 'A' })[0]?.section).toBe('A');
    expect(bestAvailable(snapshot, orders, { quantity: 11 })).toEqual([]);
  });

  it('only takes seats that are next to each other', () => {
    const snapshot = row('A', '1', 6, [2, 4, 6]);
    expect(bestAvailable(snapshot, orders, { quantity: 2 })).toEqual([]);
    const loose = bestAvailable(snapshot, orders, { quantity: 2, adjacent: false });
    expect(loose[0]?.ticketIds).toHaveLength(2);
  });

  it('takes general-admission places as disjoint blocks', () => {
    const ga: SnapshotSeat[] = Array.from({ length: 9 }, (_, i) => ({ id: `GA-${i}`, section: 'GA', row: null, seat: null, price: 50, available: i !== 0 }));
    const candidates = bestAvailable(ga, orders, { quantity: 4 });
    expect(candidates.map((c) => c.ticketIds)).toEqual([['GA-1', 'GA-2', 'GA-3', 'GA-4'], ['GA-5', 'GA-6', 'GA-7', 'GA-8']]);
  });

  it('spreads buyers only among equally good blocks', () => {
    const snapshot = [...row('A', '1', 30), ...row('A', '2', 30)];
    let r = 0;
    const random = () => ((r = (r * 9301 + 49297) % 233280) / 233280);
    const firsts = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const [first] = bestAvailable(snapshot, orders, { quantity: 2 }, { spread: 8, random });
      expect(first!.row).toBe('1');
      firsts.add(first!.ticketIds[0]!);
    }
    expect(firsts.size).toBeGreaterThan(2);
    // Every chosen block is within the tolerance of the centre (seat 15.5).
    for (const id of firsts) expect(Math.abs(Number(id.split('-')[2]) + 0.5 - 15.5)).toBeLessThanOrEqual(6);
  });
});
