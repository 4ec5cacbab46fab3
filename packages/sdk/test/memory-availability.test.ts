import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availabilityBits, createBoxOffice, MemoryStore } from '../src/index.js';
import { createTestGateway } from '../src/adapters/payments/test-gateway.js';
import { createHallEvent } from '../src/testing/fixtures.js';

/**
 * The memory store keeps availability bits incrementally and applies expiry lazily from a
 * queue of reservations. Whatever the interleaving of holds (of varied lifetimes), releases,
 * sweeps and clock moves, a read must equal the snapshot's availability.
 */
const step = fc.oneof(
  fc.record({ kind: fc.constant('hold' as const), seats: fc.array(fc.nat({ max: 39 }), { minLength: 1, maxLength: 3 }), ttl: fc.integer({ min: 1, max: 90 }) }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('clock' as const), seconds: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ kind: fc.constant('sweep' as const) }),
);

describe('memory store availability bits', () => {
  it('equal the snapshot after any interleaving of holds, releases, sweeps and expiry', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        const store = new MemoryStore();
        const bo = createBoxOffice({ store, payments: createTestGateway(), ownsStore: false });
        const { event } = await createHallEvent(bo);
        const ids = (await store.getSnapshot(event.id)).map((s) => s.id);
        const holds: string[] = [];
        for (const [n, s] of steps.entries()) {
          if (s.kind === 'hold') {
            const taken = await store.takeHold({ holdId: `hold_${n}`, eventId: event.id, userId: `u${n}`, ticketIds: [...new Set(s.seats)].map((i) => ids[i]!), ttlSeconds: s.ttl, maxTicketsPerUser: null });
            if (taken.ok) holds.push(taken.hold.id);
          } else if (s.kind === 'release' && holds.length > 0) {
            await store.releaseHold(holds[s.pick % holds.length]!);
          } else if (s.kind === 'clock') {
            await store.advanceClock(s.seconds * 1000);
          } else if (s.kind === 'sweep') {
            await store.sweepExpired(100);
          }
          const snapshot = await store.getSnapshot(event.id);
          expect((await store.getAvailability(event.id))!.available).toEqual(availabilityBits(snapshot.map((x) => x.available)));
        }
        await bo.close();
      }),
      { numRuns: 150 },
    );
  });
});
