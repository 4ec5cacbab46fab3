import { describe, expect, it } from 'vitest';
import { bestAvailable, createBoxOffice, createTestGateway, MemoryStore, type SectionOrder, type Store } from '../src/index.js';
import { BestAvailableReader } from '../src/services/best-available-reader.js';
import { createHallEvent } from '../src/testing/fixtures.js';

/** The memory store, counting snapshot reads, with a layout version the test can change. */
function observed(store: MemoryStore) {
  const seen = { snapshots: 0, availabilityReads: 0, versionSuffix: '', readDelayMs: 0 };
  const wrapped = new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'getSnapshot') {
        return (eventId: string) => {
          seen.snapshots++;
          return target.getSnapshot(eventId);
        };
      }
      if (key === 'getAvailability') {
        return async (eventId: string) => {
          seen.availabilityReads++;
          const read = await target.getAvailability(eventId);
          // A slow store: the answer arrives late, but tells the state when the read began.
          if (seen.readDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, seen.readDelayMs));
          return read && { ...read, layoutVersion: read.layoutVersion + seen.versionSuffix };
        };
      }
      return Reflect.get(target, key, receiver);
    },
  });
  return { store: wrapped as Store, seen };
}

async function hall() {
  const raw = new MemoryStore();
  const bo = createBoxOffice({ store: raw, payments: createTestGateway(), ownsStore: false });
  const { event, venue } = await createHallEvent(bo);
  const orders = new Map<string, SectionOrder>(venue.seatMap.sections.map((s) => [s.id, { rank: s.rank, rows: s.rows.map((r) => r.label) }]));
  return { raw, bo, event, orders };
}

describe('BestAvailableReader', () => {
  it('builds one layout for the first holds arriving together, and ranks as a snapshot would', async () => {
    const { raw, event, orders } = await hall();
    const { store, seen } = observed(raw);
    const reader = new BestAvailableReader(store);
    const request = { quantity: 2 };
    const results = await Promise.all(Array.from({ length: 20 }, () => reader.candidates(event.id, orders, request, { limit: 8 })));
    expect(seen.snapshots).toBe(1);
    const expected = bestAvailable(await raw.getSnapshot(event.id), orders, request, { limit: 8 });
    expect(expected.length).toBeGreaterThan(0);
    for (const r of results) expect(r).toEqual(expected);
  });

  it('reads only availability afterwards, and rebuilds when the layout version changes', async () => {
    const { raw, event, orders } = await hall();
    const { store, seen } = observed(raw);
    const reader = new BestAvailableReader(store);
    const [first] = await reader.candidates(event.id, orders, { quantity: 2 }, { limit: 8 });
    await raw.takeHold({ holdId: 'hold_x', eventId: event.id, userId: 'alice', ticketIds: first!.ticketIds, ttlSeconds: 60, maxTicketsPerUser: null });
    const after = await reader.candidates(event.id, orders, { quantity: 2 }, { limit: 8 });
    expect(seen.snapshots).toBe(1);
    expect(after.flatMap((c) => c.ticketIds)).not.toContain(first!.ticketIds[0]);
    expect(after).toEqual(bestAvailable(await raw.getSnapshot(event.id), orders, { quantity: 2 }, { limit: 8 }));

    seen.versionSuffix = ':repriced';
    await reader.candidates(event.id, orders, { quantity: 2 }, { limit: 8 });
    await reader.candidates(event.id, orders, { quantity: 2 }, { limit: 8 });
    expect(seen.snapshots).toBe(2); // one rebuild for the new version, then the cache again
  });

  it('holds asking together share availability reads: at most one in flight and one queued per event', async () => {
    const { raw, event, orders } = await hall();
    const { store, seen } = observed(raw);
    const reader = new BestAvailableReader(store);
    await reader.candidates(event.id, orders, { quantity: 2 }, { limit: 8 }); // the layout is built
    seen.availabilityReads = 0;
    seen.readDelayMs = 20;
    const results = await Promise.all(Array.from({ length: 50 }, () => reader.candidates(event.id, orders, { quantity: 2 }, { limit: 8 })));
    expect(seen.availabilityReads).toBeLessThanOrEqual(2);
    for (const r of results) expect(r.length).toBe(8);
  });

  it('a hold never takes its hint from a read that began before it asked', async () => {
    const { raw, bo, event, orders } = await hall();
    const { store, seen } = observed(raw);
    const reader = new BestAvailableReader(store);
    await reader.candidates(event.id, orders, { quantity: 2 }, { limit: 8 });
    seen.readDelayMs = 50;
    const early = reader.candidates(event.id, orders, { quantity: 2 }, { limit: 1 }); // its read is under way
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Meanwhile someone takes the best pair (through another BoxOffice on the same store).
    const taken = await bo.hold({ eventId: event.id, userId: 'quick', best: { quantity: 2 } });
    const late = await reader.candidates(event.id, orders, { quantity: 2 }, { limit: 8 });
    expect(late.flatMap((c) => c.ticketIds)).not.toContain(taken.ticketIds[0]);
    expect((await early).length).toBe(1); // a hint from before the take: may name it, harmlessly
    expect(seen.availabilityReads).toBe(3);
  });
});
